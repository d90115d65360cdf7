package dev.skyless.local.telemetry;

import java.util.Map;
import java.util.Optional;

/**
 * One span as {@code skyless dev} keeps it: what the dashboard shows of an invocation or an emit.
 *
 * @param service the function ({@code service.name} of the instance that sent it)
 * @param kind {@code SERVER}, {@code CONSUMER}, {@code PRODUCER}, {@code CLIENT} or {@code
 *     INTERNAL}
 * @param error whether the span's status is ERROR
 * @param attributes the span's attributes, as text
 */
public record SpanRecord(
    String traceId,
    String spanId,
    Optional<String> parentSpanId,
    String service,
    String name,
    String kind,
    long startEpochNanos,
    long endEpochNanos,
    boolean error,
    String statusMessage,
    Map<String, String> attributes) {

  public SpanRecord {
    attributes = Map.copyOf(attributes);
  }

  /** An invocation: the span a function's runtime makes per call. */
  public boolean isInvocation() {
    return kind.equals("SERVER") || kind.equals("CONSUMER");
  }

  public long durationNanos() {
    return Math.max(0, endEpochNanos - startEpochNanos);
  }
}
