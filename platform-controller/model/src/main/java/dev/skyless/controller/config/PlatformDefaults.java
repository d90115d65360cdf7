package dev.skyless.controller.config;

import dev.skyless.contract.Durations;
import dev.skyless.contract.EventNaming;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Defaults that a Function does not have to spell out, and the limits of the cluster's Knative that
 * a Function must stay within, read from the platform ConfigMap ({@code skyless-config} in the
 * controller's namespace; every key optional, default beside it). A bad value is reported with the
 * key's name.
 *
 * @param maxScaleLimit Knative's {@code max-scale-limit} (config-autoscaler); 0: none
 * @param maxRevisionTimeout Knative's {@code max-revision-timeout-seconds} (config-defaults)
 * @param allowZeroInitialScale Knative's {@code allow-zero-initial-scale} (config-autoscaler)
 * @param createDeadLetterTopics whether the controller creates missing dead-letter topics (off when
 *     the platform team manages topics itself, e.g. as Strimzi KafkaTopics)
 * @param imagePullSecrets Secrets every function's pods pull their images with (a private
 *     registry's credentials), before a Function's own
 * @param routing where Functions' HTTP routes attach and what they reach
 * @param telemetry where function pods export their traces
 */
public record PlatformDefaults(
    List<String> kafkaBootstrapServers,
    int minScale,
    int maxScale,
    int target,
    Duration timeout,
    int retries,
    Duration backoffDelay,
    String deadLetterSuffix,
    int deadLetterPartitions,
    short deadLetterReplicationFactor,
    String defaultBroker,
    String cpuRequest,
    String memoryRequest,
    String memoryLimit,
    int maxScaleLimit,
    Duration maxRevisionTimeout,
    boolean allowZeroInitialScale,
    boolean createDeadLetterTopics,
    List<String> imagePullSecrets,
    Routing routing,
    Telemetry telemetry) {

  /**
   * The platform's trace collector, given to every function as the standard OTEL_* variables (a
   * Function's own {@code spec.env} wins): none, no traces.
   *
   * @param otlpEndpoint the OTLP/HTTP base URL, protobuf ({@code
   *     http://otel-collector.observability:4318}); the runtime ships only the HTTP exporter
   * @param sampler an OTEL_TRACES_SAMPLER value; empty: the SDK's parent-based always-on
   */
  public record Telemetry(
      Optional<String> otlpEndpoint, Optional<String> sampler, Optional<String> samplerArg) {}

  /**
   * The Gateway API side of {@code spec.http.routes}: the platform's Gateway (its name empty when
   * the platform has none: routes are then refused in status) and Knative's ingress Service that
   * HTTPRoutes send to, with the Host rewritten to the function's cluster-local host, as
   * net-gateway-api's own routes do.
   */
  public record Routing(
      Optional<String> gatewayName,
      String gatewayNamespace,
      Optional<String> listener,
      String ingressNamespace,
      String ingressService,
      int ingressPort) {}

  public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrapServers"; // none
  public static final String SCALE_MIN = "scale.min"; // 0: scale to zero
  public static final String SCALE_MAX = "scale.max"; // 10
  public static final String SCALE_TARGET = "scale.target"; // 100
  public static final String TIMEOUT = "timeout"; // 30s
  public static final String DELIVERY_RETRIES = "delivery.retries"; // 5
  public static final String DELIVERY_BACKOFF_DELAY = "delivery.backoffDelay"; // PT0.2S
  public static final String DEAD_LETTER_SUFFIX = "deadLetter.suffix"; // .dlq
  public static final String DEAD_LETTER_PARTITIONS = "deadLetter.partitions"; // 1
  public static final String DEAD_LETTER_REPLICATION = "deadLetter.replicationFactor"; // 1
  public static final String DEFAULT_BROKER = "broker.default"; // default
  public static final String CPU_REQUEST = "resources.cpuRequest"; // 100m
  public static final String MEMORY_REQUEST = "resources.memoryRequest"; // 192Mi
  public static final String MEMORY_LIMIT = "resources.memoryLimit"; // 256Mi
  public static final String MAX_SCALE_LIMIT = "knative.maxScaleLimit"; // 0: none
  public static final String MAX_REVISION_TIMEOUT = "knative.maxRevisionTimeout"; // 600s
  public static final String ALLOW_ZERO_INITIAL_SCALE = "knative.allowZeroInitialScale"; // false
  public static final String DEAD_LETTER_CREATE = "deadLetter.createTopics"; // true
  public static final String IMAGE_PULL_SECRETS = "images.pullSecrets"; // none (comma-separated)
  public static final String GATEWAY_NAME = "gateway.name"; // none: routes refused
  public static final String GATEWAY_NAMESPACE = "gateway.namespace"; // skyless-system
  public static final String GATEWAY_LISTENER = "gateway.listener"; // none: every listener
  public static final String INGRESS_NAMESPACE = "knative.ingressNamespace"; // kourier-system
  public static final String INGRESS_SERVICE = "knative.ingressService"; // kourier-internal
  public static final String INGRESS_PORT = "knative.ingressPort"; // 80
  public static final String OTLP_ENDPOINT = "telemetry.otlpEndpoint"; // none: no traces
  public static final String TRACES_SAMPLER = "telemetry.tracesSampler"; // parentbased_always_on
  public static final String TRACES_SAMPLER_ARG = "telemetry.tracesSamplerArg"; // none

  /** The defaults with no ConfigMap at all. */
  public static PlatformDefaults builtIn() {
    return fromConfigMap(Map.of());
  }

  /**
   * Reads the ConfigMap's data.
   *
   * @throws IllegalArgumentException naming the key at fault
   */
  public static PlatformDefaults fromConfigMap(Map<String, String> data) {
    return new PlatformDefaults(
        list(data, KAFKA_BOOTSTRAP_SERVERS),
        integer(data, SCALE_MIN, 0),
        integer(data, SCALE_MAX, 10),
        integer(data, SCALE_TARGET, 100),
        duration(data, TIMEOUT, Duration.ofSeconds(30)),
        integer(data, DELIVERY_RETRIES, 5),
        duration(data, DELIVERY_BACKOFF_DELAY, Duration.ofMillis(200)),
        data.getOrDefault(DEAD_LETTER_SUFFIX, EventNaming.DEFAULT_DEAD_LETTER_SUFFIX),
        integer(data, DEAD_LETTER_PARTITIONS, 1),
        (short) integer(data, DEAD_LETTER_REPLICATION, 1),
        data.getOrDefault(DEFAULT_BROKER, "default"),
        data.getOrDefault(CPU_REQUEST, "100m"),
        data.getOrDefault(MEMORY_REQUEST, "192Mi"),
        data.getOrDefault(MEMORY_LIMIT, "256Mi"),
        integer(data, MAX_SCALE_LIMIT, 0),
        duration(data, MAX_REVISION_TIMEOUT, Duration.ofSeconds(600)),
        bool(data, ALLOW_ZERO_INITIAL_SCALE, false),
        bool(data, DEAD_LETTER_CREATE, true),
        list(data, IMAGE_PULL_SECRETS),
        new Routing(
            optional(data, GATEWAY_NAME),
            data.getOrDefault(GATEWAY_NAMESPACE, "skyless-system"),
            optional(data, GATEWAY_LISTENER),
            data.getOrDefault(INGRESS_NAMESPACE, "kourier-system"),
            data.getOrDefault(INGRESS_SERVICE, "kourier-internal"),
            integer(data, INGRESS_PORT, 80)),
        new Telemetry(
            optional(data, OTLP_ENDPOINT).map(e -> url(OTLP_ENDPOINT, e)),
            optional(data, TRACES_SAMPLER),
            optional(data, TRACES_SAMPLER_ARG)));
  }

  private static Optional<String> optional(Map<String, String> data, String key) {
    return Optional.ofNullable(data.get(key)).map(String::trim).filter(s -> !s.isEmpty());
  }

  private static List<String> list(Map<String, String> data, String key) {
    return Optional.ofNullable(data.get(key))
        .map(s -> Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList())
        .orElse(List.of());
  }

  /** The same defaults with other Kafka bootstrap servers (skyless dev's embedded broker). */
  public PlatformDefaults withKafka(List<String> servers) {
    return new PlatformDefaults(
        List.copyOf(servers),
        minScale,
        maxScale,
        target,
        timeout,
        retries,
        backoffDelay,
        deadLetterSuffix,
        deadLetterPartitions,
        deadLetterReplicationFactor,
        defaultBroker,
        cpuRequest,
        memoryRequest,
        memoryLimit,
        maxScaleLimit,
        maxRevisionTimeout,
        allowZeroInitialScale,
        createDeadLetterTopics,
        imagePullSecrets,
        routing,
        telemetry);
  }

  private static String url(String key, String value) {
    if (!value.startsWith("http://") && !value.startsWith("https://")) {
      throw new IllegalArgumentException(
          key + ": '" + value + "' is not an http(s) URL (such as http://otel-collector:4318)");
    }
    return value;
  }

  private static int integer(Map<String, String> data, String key, int fallback) {
    String value = data.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed < 0) {
        throw new IllegalArgumentException(key + ": must not be negative, was " + value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": '" + value + "' is not a whole number");
    }
  }

  private static Duration duration(Map<String, String> data, String key, Duration fallback) {
    String value = data.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Durations.parse(value.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage());
    }
  }

  private static boolean bool(Map<String, String> data, String key, boolean fallback) {
    String value = data.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(key + ": '" + value + "' is not true or false");
    };
  }
}
