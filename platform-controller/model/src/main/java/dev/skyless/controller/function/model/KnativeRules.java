package dev.skyless.controller.function.model;

import dev.skyless.api.v1alpha1.TrafficTarget;
import dev.skyless.controller.config.PlatformDefaults;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules of Knative's admission webhooks that a Function can break only through its effective
 * values (platform defaults included) or through what the Function CRD cannot express. Each method
 * names the Knative source it mirrors; the rules a single field can break are CRD rules on the
 * Function instead (see {@code FunctionSpec}). A broken rule is an {@link InvalidSpecException}:
 * one sentence naming the field.
 */
public final class KnativeRules {

  /** knative/pkg {@code apis/metadata_validation.go}, {@code ValidateObjectMetadata}. */
  private static final Pattern DNS_1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

  private static final int MAX_LABEL = 63;
  private static final Duration ONE_HOUR = Duration.ofHours(1);

  private KnativeRules() {}

  /**
   * knative/pkg {@code apis/metadata_validation.go} ({@code ValidateObjectMetadata}): a Service
   * name is a DNS-1035 label of at most 63 characters, stricter than Kubernetes' names.
   */
  static void checkName(String name) {
    if (name.length() > MAX_LABEL || !DNS_1035.matcher(name).matches()) {
      throw new InvalidSpecException(
          "metadata.name",
          "'"
              + name
              + "' must be a DNS-1035 label (lower-case letters, digits and '-', starting with a"
              + " letter, at most 63 characters) because it names a Knative Service");
    }
  }

  /**
   * knative/serving {@code pkg/apis/serving/v1/revision_validation.go} ({@code
   * validateTimeoutSeconds}): {@code timeoutSeconds} in 0..{@code max-revision-timeout-seconds}
   * (600 by default); the runtime wants a timeout longer than zero.
   */
  static void checkTimeout(String field, Duration timeout, PlatformDefaults defaults) {
    checkPositive(field, timeout);
    if (timeout.compareTo(defaults.maxRevisionTimeout()) > 0) {
      throw new InvalidSpecException(
          field,
          dev.skyless.contract.Durations.text(timeout)
              + " is longer than the cluster's maximum revision timeout of "
              + defaults.maxRevisionTimeout().toSeconds()
              + "s ("
              + PlatformDefaults.MAX_REVISION_TIMEOUT
              + ")");
    }
  }

  /** The runtime ({@code RuntimeEnv}) and Knative Eventing refuse a zero timeout. */
  static void checkPositive(String field, Duration duration) {
    if (duration.isZero() || duration.isNegative()) {
      throw new InvalidSpecException(field, "must be longer than zero");
    }
  }

  /** knative/serving {@code pkg/apis/autoscaling/annotation_validation.go}, on effective values. */
  static void checkScale(FunctionSettings.Scale scale, PlatformDefaults defaults) {
    // validateMinMaxScale: max 0 means unlimited; else min <= max.
    if (scale.max() != 0 && scale.min() > scale.max()) {
      throw new InvalidSpecException(
          "spec.scale.min",
          scale.min()
              + " is greater than the maximum scale of "
              + scale.max()
              + (scale.max() == defaults.maxScale() ? " (the platform default)" : ""));
    }
    // validateMaxScaleWithinLimit: with max-scale-limit set, max-scale is in 1..limit.
    int limit = defaults.maxScaleLimit();
    if (limit > 0 && (scale.max() == 0 || scale.max() > limit)) {
      throw new InvalidSpecException(
          "spec.scale.max",
          (scale.max() == 0 ? "0 (no limit)" : Integer.toString(scale.max()))
              + " is above the cluster's max-scale-limit of "
              + limit);
    }
    if (limit > 0 && scale.min() > limit) {
      throw new InvalidSpecException(
          "spec.scale.min", scale.min() + " is above the cluster's max-scale-limit of " + limit);
    }
    // validateInitialScale: 0 only when the cluster allows zero initial scale.
    if (scale.initial().isPresent()
        && scale.initial().getAsInt() == 0
        && !defaults.allowZeroInitialScale()) {
      throw new InvalidSpecException(
          "spec.scale.initial",
          "0 is not allowed by the cluster (Knative's allow-zero-initial-scale is false; set "
              + PlatformDefaults.ALLOW_ZERO_INITIAL_SCALE
              + " once it is true)");
    }
    // validateFloats: target >= 0.01 (the CRD keeps it >= 1, but a platform default may be 0).
    if (scale.target() < 1) {
      throw new InvalidSpecException(
          "spec.scale.target", scale.target() + " must be at least 1 (" + "the platform default)");
    }
    // validateScaleDownDelay: 0..1h, whole seconds.
    scale
        .scaleDownDelay()
        .ifPresent(
            d -> {
              atMostAnHour("spec.scale.scaleDownDelay", d);
              if (d.getNano() != 0) {
                throw new InvalidSpecException(
                    "spec.scale.scaleDownDelay", "must be a whole number of seconds");
              }
            });
    // validateLastPodRetention: 0..1h.
    scale.retention().ifPresent(d -> atMostAnHour("spec.scale.retention", d));
    // ValidateContainerConcurrency (metadata_validation.go): 0..1000.
    if (scale.containerConcurrency() > 1000) {
      throw new InvalidSpecException(
          "spec.scale.containerConcurrency", "must be at most 1000 (Knative's limit)");
    }
  }

  private static void atMostAnHour(String field, Duration duration) {
    if (duration.compareTo(ONE_HOUR) > 0) {
      throw new InvalidSpecException(field, "must be at most 1h (Knative's limit)");
    }
  }

  /**
   * knative/serving {@code pkg/reconciler/route/domains}: a tagged target gets the host {@code
   * <tag>-<name>}, which must fit a DNS label (Knative only fails at reconcile, as
   * IngressNotConfigured).
   */
  static void checkTraffic(String name, List<TrafficTarget> traffic) {
    for (int i = 0; i < traffic.size(); i++) {
      String tag = traffic.get(i).getTag();
      if (tag != null && tag.length() + 1 + name.length() > MAX_LABEL) {
        throw new InvalidSpecException(
            "spec.traffic[" + i + "].tag",
            "'"
                + tag
                + "-"
                + name
                + "' (tag and function name) is longer than 63 characters, the most a host"
                + " name label can be");
      }
    }
  }

  /**
   * The CRD refuses reserved names, names left out and field references; this checks what is left:
   * a name given twice (Kubernetes keeps the last one silently, which hides mistakes).
   */
  static void checkEnv(List<EnvVar> env) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < env.size(); i++) {
      String name = env.get(i).getName();
      if (name != null && !seen.add(name)) {
        throw new InvalidSpecException("spec.env[" + i + "].name", "'" + name + "' is set twice");
      }
    }
  }

  /**
   * Kubernetes' {@code ValidateResourceRequirements} (what the Deployment Knative makes must pass):
   * every quantity parses, and a request is not above its limit.
   */
  static void checkResources(ResourceRequirements resources) {
    if (resources == null) {
      return;
    }
    Map<String, BigDecimal> limits = amounts("spec.resources.limits", resources.getLimits());
    Map<String, BigDecimal> requests = amounts("spec.resources.requests", resources.getRequests());
    requests.forEach(
        (resource, request) -> {
          BigDecimal limit = limits.get(resource);
          if (limit != null && request.compareTo(limit) > 0) {
            throw new InvalidSpecException(
                "spec.resources.requests." + resource,
                resources.getRequests().get(resource)
                    + " is above its limit of "
                    + resources.getLimits().get(resource));
          }
        });
  }

  private static Map<String, BigDecimal> amounts(String field, Map<String, Quantity> quantities) {
    Map<String, BigDecimal> amounts = new java.util.LinkedHashMap<>();
    if (quantities == null) {
      return amounts;
    }
    quantities.forEach(
        (resource, quantity) -> {
          try {
            BigDecimal amount = quantity.getNumericalAmount();
            if (amount.signum() < 0) {
              throw new ArithmeticException();
            }
            amounts.put(resource, amount);
          } catch (RuntimeException e) {
            throw new InvalidSpecException(
                field + "." + resource,
                "'" + quantity + "' is not a quantity (write for example 256Mi, 1Gi, 500m or 2)");
          }
        });
    return amounts;
  }
}
