package dev.skyless.runtime.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the runtime is configured with, parsed once from the environment by {@link
 * RuntimeEnv}. Immutable; passed to the parts that need it.
 */
public record RuntimeConfig(
    Service service,
    Http http,
    Optional<Jwt> jwt,
    Optional<RateLimit> rateLimit,
    Events events,
    Triggers triggers,
    Optional<Kafka> kafka,
    Optional<Consumer> consumer,
    Duration shutdownGrace,
    String logLevel,
    Telemetry telemetry) {

  /**
   * The standard OpenTelemetry variables given ({@code OTEL_*}, names as set). Traces are exported
   * when an OTLP endpoint is set ({@code OTEL_EXPORTER_OTLP_ENDPOINT} or {@code
   * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}), unless {@code OTEL_SDK_DISABLED=true} or {@code
   * OTEL_TRACES_EXPORTER=none}; else tracing is off and costs nothing.
   */
  public record Telemetry(Map<String, String> variables) {

    public Telemetry {
      variables = Map.copyOf(variables);
    }

    public static Telemetry none() {
      return new Telemetry(Map.of());
    }

    public boolean tracesOn() {
      if ("true".equalsIgnoreCase(variables.get("OTEL_SDK_DISABLED"))
          || "none".equalsIgnoreCase(variables.get("OTEL_TRACES_EXPORTER"))) {
        return false;
      }
      return variables.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT")
          || variables.containsKey("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    }
  }

  /**
   * Trigger deliveries over HTTP ({@link dev.skyless.contract.TriggerPaths}): the filters of Kafka
   * triggers, the token that lets the cluster's dispatchers past the JWT check, and the topics
   * async calls report to ({@link dev.skyless.contract.AsyncInvocations}).
   */
  public record Triggers(
      dev.skyless.contract.TriggerFilters filters,
      Optional<String> token,
      Optional<String> onSuccess,
      Optional<String> onFailure) {

    public Triggers(dev.skyless.contract.TriggerFilters filters, Optional<String> token) {
      this(filters, token, Optional.empty(), Optional.empty());
    }

    /** Whether async calls report anywhere (the runtime then needs a Kafka producer). */
    public boolean hasDestinations() {
      return onSuccess.isPresent() || onFailure.isPresent();
    }
  }

  /** Who this process is: the Knative service and revision, and the function to load. */
  public record Service(
      String name, String revision, String namespace, Optional<String> functionClass) {}

  /**
   * The HTTP listener and its limits.
   *
   * @param routes the Function's routes ({@code SKYLESS_HTTP_ROUTES}): a request matching one sees
   *     it and its path parameters through {@code ctx.http()}
   */
  public record Http(
      String host,
      int port,
      long maxBodyBytes,
      Duration timeout,
      int maxConcurrency,
      java.util.List<dev.skyless.contract.RoutePattern> routes) {

    public Http(String host, int port, long maxBodyBytes, Duration timeout, int maxConcurrency) {
      this(host, port, maxBodyBytes, timeout, maxConcurrency, java.util.List.of());
    }
  }

  /**
   * JWT checks on invocation requests. Exactly one key source is set: a JWKS URI, a PEM public key
   * file, or a shared-secret file (HS256).
   */
  public record Jwt(
      Optional<URI> jwksUri,
      Optional<Path> publicKeyFile,
      Optional<Path> secretFile,
      String algorithm,
      Optional<String> issuer,
      Optional<String> audience,
      List<String> requiredScopes,
      Duration jwksRefresh) {}

  /** Token bucket: {@code rps} tokens per second, at most {@code burst} saved up. */
  public record RateLimit(double rps, int burst) {}

  /**
   * Where {@code ctx.emit} goes (a Kafka topic, or an HTTP sink when {@code K_SINK} is set), the
   * source written on emitted events, and the type given to CloudEvent replies.
   */
  public record Events(
      Optional<String> topic, Optional<URI> sink, URI source, Optional<String> responseType) {

    /** Whether emitted events have somewhere to go. */
    public boolean configured() {
      return topic.isPresent() || sink.isPresent();
    }
  }

  /** The Kafka cluster, shared by the events producer and the direct consumer. */
  public record Kafka(String bootstrapServers, Map<String, String> clientProperties) {}

  /** Ordering of the direct consumer. */
  public enum Ordering {
    /** One record at a time per partition, in offset order. */
    ORDERED,
    /** Records of a poll handled in parallel, up to {@code maxInFlight}. */
    UNORDERED
  }

  /** Backoff growth between retries. */
  public enum BackoffPolicy {
    EXPONENTIAL,
    LINEAR
  }

  /** The direct Kafka consumer mode ({@code SKYLESS_KAFKA_TOPICS} set). */
  public record Consumer(
      List<String> topics,
      String groupId,
      String initialOffset,
      Ordering ordering,
      int maxInFlight,
      int maxPollRecords,
      int retries,
      BackoffPolicy backoffPolicy,
      Duration backoffDelay,
      Duration maxBackoff,
      Optional<String> deadLetterTopic,
      Optional<String> instanceId,
      Duration stallAfter) {

    /** The dead-letter topic for a record read from {@code topic}. */
    public String deadLetterTopicFor(String topic) {
      return deadLetterTopic.orElse(topic + ".dlq");
    }

    /** Delay before retry number {@code retry} (1-based). */
    public Duration backoff(int retry) {
      long base = backoffDelay.toMillis();
      long millis =
          switch (backoffPolicy) {
            case EXPONENTIAL -> base * (1L << Math.min(retry - 1, 20));
            case LINEAR -> base * retry;
          };
      return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
  }
}
