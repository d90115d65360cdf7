package dev.skyless.sdk;

import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;

/**
 * What a function knows about the call it is handling, and how it emits events.
 *
 * <p>Every call has CloudEvent attributes: for a plain HTTP request the runtime makes them up (a
 * fresh id, type {@code dev.skyless.http.request}, source the request path), so a function can
 * treat both alike.
 */
public interface Context {

  /** The CloudEvent {@code id}; unique per {@link #source()}. */
  String id();

  /** The CloudEvent {@code type}. */
  String type();

  /** The CloudEvent {@code source}. */
  String source();

  /** The CloudEvent {@code subject}, when set. */
  Optional<String> subject();

  /** The CloudEvent {@code time}, when set. */
  Optional<OffsetDateTime> time();

  /** CloudEvent extension attributes (for example {@code traceparent}, {@code partitionkey}). */
  Map<String, Object> extensions();

  /**
   * This call's W3C trace context ({@code traceparent}): its own span's when the runtime traces,
   * else the caller's; empty when it has none. For events the function sends by other means than
   * {@link #emit} (an outbox it publishes later), so that their consumers continue the trace: put
   * it in the event's {@code traceparent} extension.
   */
  default Optional<String> traceparent() {
    return Optional.ofNullable(extensions().get("traceparent")).map(Object::toString);
  }

  /** Business metrics, exported on the runtime's {@code /metrics} ({@link Metrics}). */
  Metrics metrics();

  /** The whole incoming event, when the call was a CloudEvent (over HTTP or from Kafka). */
  Optional<CloudEvent> event();

  /** Method, path and headers, when the call came over HTTP. */
  Optional<HttpRequest> http();

  /** A logger whose lines carry this call's correlation id (CloudEvent id or traceparent). */
  Logger logger();

  /** When the runtime gives up on this call (the function's timeout). */
  Instant deadline();

  /** Time left before {@link #deadline()}; never negative. */
  default Duration remaining() {
    Duration left = Duration.between(Instant.now(), deadline());
    return left.isNegative() ? Duration.ZERO : left;
  }

  /**
   * Emits an event of {@code type} with {@code data} serialized as JSON, to the function's events
   * topic or to {@code K_SINK}. The call does not block; the runtime waits for every emitted event
   * to be acknowledged before it answers the request or commits the incoming event, and fails the
   * call if one cannot be delivered.
   */
  void emit(String type, Object data);

  /** Emits a complete event as given (same delivery rules as {@link #emit(String, Object)}). */
  void emit(CloudEvent event);
}
