package dev.skyless.controller.function.model;

import dev.skyless.api.v1alpha1.EventsSettings;
import dev.skyless.api.v1alpha1.Function;
import dev.skyless.api.v1alpha1.FunctionSpec;
import dev.skyless.api.v1alpha1.HttpSettings;
import dev.skyless.api.v1alpha1.Scale;
import dev.skyless.api.v1alpha1.TrafficTarget;
import dev.skyless.controller.config.PlatformDefaults;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.serving.v1.ServiceBuilder;
import io.fabric8.knative.serving.v1.TrafficTargetBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Knative Service a Function becomes: the image with the runtime's configuration in its
 * environment, probes on the runtime's health paths, a restricted security context, autoscaling
 * annotations (kebab case) on the revision template, and the traffic split.
 */
public final class KnativeServiceModel {

  public static final String AUTOSCALING = "autoscaling.knative.dev/";
  public static final String VISIBILITY_LABEL = "networking.knative.dev/visibility";
  static final int PORT = 8080;

  private KnativeServiceModel() {}

  public static Service desired(Function function, PlatformDefaults defaults) {
    FunctionSpec spec = function.getSpec();
    String name = FunctionChildren.serviceName(function);
    ObjectMeta metadata = FunctionChildren.metadata(function, name, null);
    HttpSettings http = spec.getHttp();
    if (http != null && http.getVisibility() == HttpSettings.Visibility.CLUSTER_LOCAL) {
      metadata.getLabels().put(VISIBILITY_LABEL, "cluster-local");
    }
    Scale scale = spec.getScale() == null ? new Scale() : spec.getScale();
    String timeout = spec.getTimeout() == null ? defaults.timeout() : spec.getTimeout();
    return new ServiceBuilder()
        .withMetadata(metadata)
        .withNewSpec()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(FunctionChildren.labels(function, null))
        .withAnnotations(autoscaling(scale, defaults))
        .endMetadata()
        .withNewSpec()
        .withContainerConcurrency(
            scale.getContainerConcurrency() == null
                ? 0L
                : scale.getContainerConcurrency().longValue())
        .withTimeoutSeconds(DurationText.parse("spec.timeout", timeout).toSeconds())
        .withContainers(container(function, defaults, timeout))
        .endSpec()
        .endTemplate()
        .withTraffic(traffic(spec.getTraffic()))
        .endSpec()
        .build();
  }

  private static Map<String, String> autoscaling(Scale scale, PlatformDefaults defaults) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(
        AUTOSCALING + "min-scale", Integer.toString(or(scale.getMin(), defaults.minScale())));
    annotations.put(
        AUTOSCALING + "max-scale", Integer.toString(or(scale.getMax(), defaults.maxScale())));
    annotations.put(
        AUTOSCALING + "target", Integer.toString(or(scale.getTarget(), defaults.target())));
    if (scale.getInitial() != null) {
      annotations.put(AUTOSCALING + "initial-scale", Integer.toString(scale.getInitial()));
    }
    if (scale.getScaleDownDelay() != null) {
      annotations.put(
          AUTOSCALING + "scale-down-delay",
          DurationText.seconds("spec.scale.scaleDownDelay", scale.getScaleDownDelay()));
    }
    if (scale.getRetention() != null) {
      annotations.put(
          AUTOSCALING + "scale-to-zero-pod-retention-period",
          DurationText.seconds("spec.scale.retention", scale.getRetention()));
    }
    return annotations;
  }

  private static Container container(Function function, PlatformDefaults defaults, String timeout) {
    FunctionSpec spec = function.getSpec();
    return new ContainerBuilder()
        .withName("function")
        .withImage(spec.getImage())
        .addNewPort()
        .withName("http1")
        .withContainerPort(PORT)
        .endPort()
        .withEnv(env(function, defaults, timeout))
        .withEnvFrom(spec.getEnvFrom())
        .withResources(resources(spec.getResources(), defaults))
        .withReadinessProbe(probe("/health/ready", 3))
        .withLivenessProbe(probe("/health/live", 6))
        .withSecurityContext(restricted())
        .build();
  }

  /** The runtime's SKYLESS_* variables first, then the user's (which win on a clash). */
  private static List<EnvVar> env(Function function, PlatformDefaults defaults, String timeout) {
    FunctionSpec spec = function.getSpec();
    Map<String, String> runtime = new LinkedHashMap<>();
    runtime.put("SKYLESS_NAMESPACE", function.getMetadata().getNamespace());
    runtime.put("SKYLESS_TIMEOUT", timeout);
    if (spec.getHandler() != null) {
      runtime.put("SKYLESS_FUNCTION", spec.getHandler());
    }
    Scale scale = spec.getScale();
    if (scale != null
        && scale.getContainerConcurrency() != null
        && scale.getContainerConcurrency() > 0) {
      runtime.put("SKYLESS_MAX_CONCURRENCY", Integer.toString(scale.getContainerConcurrency()));
    }
    EventsSettings events = spec.getEvents();
    if (events != null && events.getTopic() != null) {
      if (defaults.kafkaBootstrapServers().isEmpty()) {
        throw new InvalidSpecException(
            "spec.events.topic",
            "needs Kafka: set "
                + PlatformDefaults.KAFKA_BOOTSTRAP_SERVERS
                + " in the platform ConfigMap");
      }
      runtime.put("SKYLESS_EVENTS_TOPIC", events.getTopic());
      runtime.put(
          "SKYLESS_KAFKA_BOOTSTRAP_SERVERS", String.join(",", defaults.kafkaBootstrapServers()));
    }
    if (events != null && events.getSink() != null) {
      runtime.put("K_SINK", events.getSink());
    }
    String filters = kafkaTriggerFilters(spec);
    if (filters != null) {
      runtime.put("SKYLESS_TRIGGER_FILTERS", filters);
    }
    HttpSettings http = spec.getHttp();
    if (http != null && http.getAuth() != null && http.getAuth().getJwt() != null) {
      var jwt = http.getAuth().getJwt();
      runtime.put("SKYLESS_JWT_JWKS_URI", jwt.getJwksUri());
      putIfSet(runtime, "SKYLESS_JWT_ISSUER", jwt.getIssuer());
      putIfSet(runtime, "SKYLESS_JWT_AUDIENCE", jwt.getAudience());
      if (jwt.getRequiredScopes() != null && !jwt.getRequiredScopes().isEmpty()) {
        runtime.put("SKYLESS_JWT_REQUIRED_SCOPES", String.join(" ", jwt.getRequiredScopes()));
      }
    }
    if (http != null && http.getRateLimit() != null) {
      runtime.put("SKYLESS_RATE_LIMIT_RPS", Integer.toString(http.getRateLimit().getRps()));
      if (http.getRateLimit().getBurst() != null) {
        runtime.put("SKYLESS_RATE_LIMIT_BURST", Integer.toString(http.getRateLimit().getBurst()));
      }
    }
    Set<String> userNames = new HashSet<>();
    spec.getEnv().forEach(e -> userNames.add(e.getName()));
    List<EnvVar> env = new ArrayList<>();
    runtime.forEach(
        (name, value) -> {
          if (!userNames.contains(name)) {
            env.add(new EnvVarBuilder().withName(name).withValue(value).build());
          }
        });
    env.addAll(spec.getEnv());
    return env;
  }

  /** The filters of Kafka triggers, as JSON for the runtime; null when there are none. */
  private static String kafkaTriggerFilters(FunctionSpec spec) {
    Map<String, Map<String, String>> filters = new LinkedHashMap<>();
    for (var trigger : spec.getTriggers()) {
      var filter = trigger.getFilter();
      if (trigger.getKafka() != null && filter != null) {
        Map<String, String> fields = new LinkedHashMap<>();
        putIfSet(fields, "type", filter.getType());
        putIfSet(fields, "source", filter.getSource());
        putIfSet(fields, "typePrefix", filter.getTypePrefix());
        filters.put(trigger.getName(), fields);
      }
    }
    return filters.isEmpty() ? null : Serialization.asJson(filters);
  }

  private static void putIfSet(Map<String, String> env, String name, String value) {
    if (value != null) {
      env.put(name, value);
    }
  }

  private static ResourceRequirements resources(
      ResourceRequirements given, PlatformDefaults defaults) {
    if (given != null) {
      return given;
    }
    return new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity(defaults.cpuRequest()))
        .addToRequests("memory", new Quantity(defaults.memoryRequest()))
        .addToLimits("memory", new Quantity(defaults.memoryLimit()))
        .build();
  }

  private static Probe probe(String path, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .endHttpGet()
        .withPeriodSeconds(5)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  private static SecurityContext restricted() {
    return new SecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withReadOnlyRootFilesystem(true)
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  private static List<io.fabric8.knative.serving.v1.TrafficTarget> traffic(
      List<TrafficTarget> split) {
    if (split == null || split.isEmpty()) {
      return List.of(new TrafficTargetBuilder().withLatestRevision(true).withPercent(100L).build());
    }
    return split.stream()
        .map(
            t ->
                new TrafficTargetBuilder()
                    .withRevisionName(t.getRevision())
                    .withLatestRevision(Boolean.TRUE.equals(t.getLatest()) ? true : null)
                    .withPercent(t.getPercent().longValue())
                    .withTag(t.getTag())
                    .build())
        .toList();
  }

  private static int or(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
