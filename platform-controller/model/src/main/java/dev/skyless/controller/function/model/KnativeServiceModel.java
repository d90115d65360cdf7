package dev.skyless.controller.function.model;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.api.v1alpha1.FunctionSpec;
import dev.skyless.api.v1alpha1.TrafficTarget;
import dev.skyless.contract.Durations;
import dev.skyless.controller.config.PlatformDefaults;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.serving.v1.ServiceBuilder;
import io.fabric8.knative.serving.v1.TrafficTargetBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Knative Service a Function becomes: the image with the runtime's configuration in its
 * environment, probes on the runtime's health paths, a restricted security context with a read-only
 * root and an emptyDir on {@code /tmp}, the pods' ServiceAccount (no API token unless asked) and
 * pull secrets, autoscaling annotations (kebab case) on the revision template, and the traffic
 * split.
 */
public final class KnativeServiceModel {

  public static final String AUTOSCALING = "autoscaling.knative.dev/";
  public static final String VISIBILITY_LABEL = "networking.knative.dev/visibility";
  static final int PORT = 8080;

  /**
   * The one writable folder of a function's pod (its root file system is read-only): {@code /tmp},
   * an emptyDir (allowed by Knative's {@code kubernetes.podspec-volumes-emptydir}, on by default).
   * The JVM keeps its perf data there ({@code hsperfdata_<user>}, which {@code jcmd} and {@code
   * jstat} read), its attach socket, and {@code -XX:HeapDumpPath} defaults; ImageIO and libvips
   * spill large images there; libraries' {@code Files.createTempFile} lands there.
   */
  public static final String TMP_VOLUME = "tmp";

  public static final String TMP_PATH = "/tmp";

  /** At most this much in {@code /tmp}: more evicts the pod rather than fill the node's disk. */
  public static final String TMP_SIZE = "256Mi";

  private KnativeServiceModel() {}

  /** The Service of {@code function}, whose effective settings are {@code settings}. */
  public static Service desired(
      Function function, FunctionSettings settings, PlatformDefaults defaults) {
    FunctionSpec spec = function.getSpec();
    String name = FunctionChildren.serviceName(function);
    ObjectMeta metadata = FunctionChildren.metadata(function, name, null);
    if (settings.clusterLocal()) {
      metadata.getLabels().put(VISIBILITY_LABEL, "cluster-local");
    }
    FunctionSettings.Scale scale = settings.scale();
    return new ServiceBuilder()
        .withMetadata(metadata)
        .withNewSpec()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(FunctionChildren.labels(function, null))
        .withAnnotations(autoscaling(scale))
        .endMetadata()
        .withNewSpec()
        .withContainerConcurrency((long) scale.containerConcurrency())
        .withTimeoutSeconds(timeoutSeconds(settings.timeout()))
        .withServiceAccountName(FunctionChildren.serviceAccountName(function))
        .withAutomountServiceAccountToken(
            Boolean.TRUE.equals(spec.getAutomountServiceAccountToken()))
        .withImagePullSecrets(pullSecrets(spec, defaults))
        .withContainers(container(function, settings, defaults))
        .withVolumes(
            new VolumeBuilder()
                .withName(TMP_VOLUME)
                .withNewEmptyDir()
                .withSizeLimit(new Quantity(TMP_SIZE))
                .endEmptyDir()
                .build())
        .endSpec()
        .endTemplate()
        .withTraffic(traffic(spec.getTraffic()))
        .endSpec()
        .build();
  }

  /** Whole seconds, rounded up: Knative must not cut a call the runtime still allows. */
  static long timeoutSeconds(Duration timeout) {
    long seconds = timeout.toSeconds();
    return timeout.getNano() == 0 ? seconds : seconds + 1;
  }

  private static Map<String, String> autoscaling(FunctionSettings.Scale scale) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(AUTOSCALING + "min-scale", Integer.toString(scale.min()));
    annotations.put(AUTOSCALING + "max-scale", Integer.toString(scale.max()));
    annotations.put(AUTOSCALING + "target", Integer.toString(scale.target()));
    scale
        .initial()
        .ifPresent(i -> annotations.put(AUTOSCALING + "initial-scale", Integer.toString(i)));
    scale
        .scaleDownDelay()
        .ifPresent(
            d -> annotations.put(AUTOSCALING + "scale-down-delay", Durations.wholeSeconds(d)));
    scale
        .retention()
        .ifPresent(
            d ->
                annotations.put(AUTOSCALING + "scale-to-zero-pod-retention-period", goDuration(d)));
    return annotations;
  }

  /** Go's duration text ({@code 1m30s}, {@code 1.5s}), which Knative's annotations parse. */
  private static String goDuration(Duration d) {
    if (d.getNano() == 0) {
      return d.toSeconds() + "s";
    }
    return d.toMillis() + "ms";
  }

  private static Container container(
      Function function, FunctionSettings settings, PlatformDefaults defaults) {
    FunctionSpec spec = function.getSpec();
    return new ContainerBuilder()
        .withName("function")
        .withImage(spec.getImage())
        .addNewPort()
        .withName("http1")
        .withContainerPort(PORT)
        .endPort()
        .withEnv(env(function, settings, defaults))
        .withEnvFrom(spec.getEnvFrom())
        .withResources(resources(spec.getResources(), defaults))
        .addNewVolumeMount()
        .withName(TMP_VOLUME)
        .withMountPath(TMP_PATH)
        .endVolumeMount()
        .withReadinessProbe(readiness())
        .withLivenessProbe(liveness())
        .withSecurityContext(restricted())
        .build();
  }

  /** The runtime's variables first, then the user's (which win on a clash). */
  private static List<EnvVar> env(
      Function function, FunctionSettings settings, PlatformDefaults defaults) {
    Map<String, String> runtime = RuntimeEnvironment.of(function, settings, defaults);
    Set<String> userNames = new HashSet<>();
    function.getSpec().getEnv().forEach(e -> userNames.add(e.getName()));
    List<EnvVar> env = new ArrayList<>();
    runtime.forEach(
        (name, value) -> {
          if (!userNames.contains(name)) {
            env.add(new EnvVarBuilder().withName(name).withValue(value).build());
          }
        });
    env.addAll(function.getSpec().getEnv());
    return env;
  }

  /** The platform's pull secrets, then the Function's, each once. */
  private static List<LocalObjectReference> pullSecrets(
      FunctionSpec spec, PlatformDefaults defaults) {
    Set<String> names = new java.util.LinkedHashSet<>(defaults.imagePullSecrets());
    spec.getImagePullSecrets().forEach(s -> names.add(s.getName()));
    return names.stream().map(LocalObjectReference::new).toList();
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

  /**
   * No period: Knative's queue-proxy then probes aggressively (every 50 ms) while a pod starts,
   * which is what a cold start needs (knative/serving {@code pkg/queue/readiness/probe.go}, {@code
   * IsAggressive}); {@code k8s_validation.go} refuses a failure threshold or timeout then.
   */
  private static Probe readiness() {
    return new ProbeBuilder().withNewHttpGet().withPath("/health/ready").endHttpGet().build();
  }

  private static Probe liveness() {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath("/health/live")
        .endHttpGet()
        .withPeriodSeconds(5)
        .withFailureThreshold(6)
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
}
