package dev.skyless.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.skyless.contract.Durations;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.List;

/** What a function is and how it is reached. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.triggers) || self.triggers.all(t, self.triggers.exists_one(u, u.name == t.name))",
    message = "trigger names must be unique",
    fieldPath = ".triggers",
    reason = "FieldValueDuplicate")
@ValidationRule(
    value =
        "!has(self.traffic) || size(self.traffic) == 0 || self.traffic.map(t, t.percent).sum() == 100",
    message = "traffic percents must add up to 100",
    fieldPath = ".traffic")
// Knative's rules for the container a Function becomes (knative/serving
// pkg/apis/serving/k8s_validation.go, validateEnvVar / validateEnvValueFrom / validateEnvFrom /
// validateResources), checked at admission.
@ValidationRule(
    value = "!has(self.env) || self.env.all(e, has(e.name) && size(e.name) > 0)",
    message = "every env entry needs a name",
    fieldPath = ".env",
    reason = "FieldValueRequired")
@ValidationRule(
    value =
        "!has(self.env) || self.env.all(e, !has(e.name) || !(e.name in ['PORT', 'K_SERVICE',"
            + " 'K_CONFIGURATION', 'K_REVISION']))",
    message = "env must not set PORT, K_SERVICE, K_CONFIGURATION or K_REVISION: Knative sets them",
    fieldPath = ".env")
@ValidationRule(
    value =
        "!has(self.env) || self.env.all(e, !has(e.name) || !e.name.startsWith('SKYLESS_TRIGGER_'))",
    message =
        "env must not set SKYLESS_TRIGGER_* variables: the controller sets them for the triggers",
    fieldPath = ".env")
@ValidationRule(
    value =
        "!has(self.env) || self.env.all(e, !has(e.valueFrom) || (!has(e.valueFrom.fieldRef) &&"
            + " !has(e.valueFrom.resourceFieldRef) && !has(e.valueFrom.fileKeyRef) &&"
            + " has(e.valueFrom.secretKeyRef) != has(e.valueFrom.configMapKeyRef)))",
    message =
        "env valueFrom takes exactly one of secretKeyRef or configMapKeyRef (Knative refuses"
            + " fieldRef, resourceFieldRef and fileKeyRef)",
    fieldPath = ".env")
@ValidationRule(
    value = "!has(self.envFrom) || self.envFrom.all(e, has(e.configMapRef) != has(e.secretRef))",
    message = "each envFrom entry names exactly one of configMapRef or secretRef",
    fieldPath = ".envFrom")
@ValidationRule(
    value = "!has(self.resources) || !has(self.resources.claims)",
    message = "resources.claims is not supported by Knative",
    fieldPath = ".resources")
@ValidationRule(
    value =
        "!has(self.imagePullSecrets) || self.imagePullSecrets.all(s, has(s.name) &&"
            + " size(s.name) > 0)",
    message = "every imagePullSecrets entry names a Secret",
    fieldPath = ".imagePullSecrets",
    reason = "FieldValueRequired")
public class FunctionSpec {

  @Required
  @Size(min = 1, max = 512)
  @Pattern("^\\S+$")
  @JsonPropertyDescription(
      "Container image with the function and the Skyless runtime, best pinned by digest"
          + " (registry/repo@sha256:...). Required.")
  private String image;

  @Size(max = 255)
  @Pattern("^[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*$")
  @JsonPropertyDescription(
      "Fully qualified class name of the function (SKYLESS_FUNCTION). Absent: the single function"
          + " the image registers through ServiceLoader.")
  private String handler;

  @Size(max = 100)
  @JsonPropertyDescription(
      "Environment variables for the function (secretKeyRef and configMapKeyRef allowed). Absent:"
          + " none beyond what the platform sets.")
  private List<EnvVar> env = new ArrayList<>();

  @Size(max = 20)
  @JsonPropertyDescription("Sources of environment variables (Secrets, ConfigMaps). Absent: none.")
  private List<EnvFromSource> envFrom = new ArrayList<>();

  @JsonPropertyDescription(
      "CPU and memory requests and limits. Absent: the platform's defaults from its ConfigMap.")
  private ResourceRequirements resources;

  @JsonPropertyDescription("Autoscaling. Absent: the platform's defaults (scale to zero).")
  private Scale scale;

  @Size(max = 32)
  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "Longest a call may run (30s, 5m, PT30S). Absent: the platform's default (30s).")
  private String timeout;

  @JsonPropertyDescription("How the function is reached over HTTP. Absent: public, no auth.")
  private HttpSettings http;

  @Size(max = 16)
  @JsonPropertyDescription(
      "Event sources that invoke the function: Kafka topics or a Broker. Absent: HTTP only.")
  private List<Trigger> triggers = new ArrayList<>();

  @JsonPropertyDescription(
      "Async invocations (Prefer: respond-async, skyless invoke --async): queued in Kafka,"
          + " retried, dead-lettered, with optional destinations. Absent: calls are synchronous.")
  private AsyncSettings async;

  @JsonPropertyDescription("Where ctx.emit() sends events. Absent: emitting is an error.")
  private EventsSettings events;

  @Size(max = 10)
  @JsonPropertyDescription(
      "Traffic split between revisions; percents add up to 100. Absent: all traffic to the latest"
          + " ready revision.")
  private List<TrafficTarget> traffic = new ArrayList<>();

  @Size(max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  @JsonPropertyDescription(
      "ServiceAccount the function's pods run as (its identity, as a Lambda's execution role)."
          + " Absent: one of its own that the controller makes, named after the Function.")
  private String serviceAccountName;

  @JsonPropertyDescription(
      "Mount a Kubernetes API token in the function's pods. Absent: false: a function that does"
          + " not call the Kubernetes API carries no credentials for it.")
  private Boolean automountServiceAccountToken;

  @Size(max = 20)
  @JsonPropertyDescription(
      "Secrets (kubernetes.io/dockerconfigjson) the kubelet pulls the image with, after the"
          + " platform's default pull secrets. Absent: only the platform's.")
  private List<LocalObjectReference> imagePullSecrets = new ArrayList<>();

  public AsyncSettings getAsync() {
    return async;
  }

  public void setAsync(AsyncSettings async) {
    this.async = async;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public String getServiceAccountName() {
    return serviceAccountName;
  }

  public void setServiceAccountName(String serviceAccountName) {
    this.serviceAccountName = serviceAccountName;
  }

  public Boolean getAutomountServiceAccountToken() {
    return automountServiceAccountToken;
  }

  public void setAutomountServiceAccountToken(Boolean automountServiceAccountToken) {
    this.automountServiceAccountToken = automountServiceAccountToken;
  }

  public List<LocalObjectReference> getImagePullSecrets() {
    return imagePullSecrets;
  }

  public void setImagePullSecrets(List<LocalObjectReference> imagePullSecrets) {
    this.imagePullSecrets = imagePullSecrets;
  }

  public String getHandler() {
    return handler;
  }

  public void setHandler(String handler) {
    this.handler = handler;
  }

  public List<EnvVar> getEnv() {
    return env;
  }

  public void setEnv(List<EnvVar> env) {
    this.env = env;
  }

  public List<EnvFromSource> getEnvFrom() {
    return envFrom;
  }

  public void setEnvFrom(List<EnvFromSource> envFrom) {
    this.envFrom = envFrom;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public Scale getScale() {
    return scale;
  }

  public void setScale(Scale scale) {
    this.scale = scale;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  public HttpSettings getHttp() {
    return http;
  }

  public void setHttp(HttpSettings http) {
    this.http = http;
  }

  public List<Trigger> getTriggers() {
    return triggers;
  }

  public void setTriggers(List<Trigger> triggers) {
    this.triggers = triggers;
  }

  public EventsSettings getEvents() {
    return events;
  }

  public void setEvents(EventsSettings events) {
    this.events = events;
  }

  public List<TrafficTarget> getTraffic() {
    return traffic;
  }

  public void setTraffic(List<TrafficTarget> traffic) {
    this.traffic = traffic;
  }
}
