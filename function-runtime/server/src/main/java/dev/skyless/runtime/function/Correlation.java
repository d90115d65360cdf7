package dev.skyless.runtime.function;

import dev.skyless.runtime.tracing.Tracing;
import org.slf4j.MDC;

/** The MDC keys that tie log lines to a call, and to its trace. */
public final class Correlation {

  /** Trace id from {@code traceparent} (or of the call's own span), else the CloudEvent id. */
  public static final String CORRELATION_ID = "correlationId";

  /** The CloudEvent id of the call. */
  public static final String EVENT_ID = "ceId";

  /** The W3C trace id of the call, when it has one. */
  public static final String TRACE_ID = "trace_id";

  /** The id of the call's span, with tracing on. */
  public static final String SPAN_ID = "span_id";

  private static final String[] KEYS = {CORRELATION_ID, EVENT_ID, TRACE_ID, SPAN_ID};

  /** The fields of one call's log lines; trace and span ids null when it has none. */
  public record Fields(String correlationId, String eventId, String traceId, String spanId) {

    /** An event's fields outside its invocation: its trace id, no span (retries, dead letters). */
    public static Fields of(io.cloudevents.CloudEvent event) {
      String correlationId = id(event.getExtension("traceparent"), event.getId());
      String traceId = correlationId.equals(event.getId()) ? null : correlationId;
      return new Fields(correlationId, event.getId(), traceId, null);
    }

    static Fields of(Invocation invocation, Tracing.InvocationSpan span) {
      String traceId = span.traceId().orElse(null);
      return new Fields(
          traceId != null ? traceId : invocation.correlationId(),
          invocation.event().getId(),
          traceId,
          span.spanId().orElse(null));
    }

    private String value(String key) {
      return switch (key) {
        case CORRELATION_ID -> correlationId;
        case EVENT_ID -> eventId;
        case TRACE_ID -> traceId;
        default -> spanId;
      };
    }
  }

  private Correlation() {}

  /**
   * The correlation id: the trace id of a W3C {@code traceparent} when there is one, else {@code
   * fallback} (the event id, or a request id).
   */
  public static String id(Object traceparent, String fallback) {
    if (traceparent instanceof String tp && tp.length() >= 35) {
      return tp.substring(3, 35);
    }
    return fallback;
  }

  /** Puts {@code fields} in the current thread's MDC. */
  static void enter(Fields fields) {
    for (String key : KEYS) {
      restore(key, fields.value(key));
    }
  }

  /** Removes what {@link #enter} put. */
  public static void leave() {
    for (String key : KEYS) {
      MDC.remove(key);
    }
  }

  /** Runs {@code log} with {@code fields} in the MDC, then puts back what was there. */
  public static void around(Fields fields, Runnable log) {
    String[] previous = new String[KEYS.length];
    for (int i = 0; i < KEYS.length; i++) {
      previous[i] = MDC.get(KEYS[i]);
    }
    enter(fields);
    try {
      log.run();
    } finally {
      for (int i = 0; i < KEYS.length; i++) {
        restore(KEYS[i], previous[i]);
      }
    }
  }

  static void restore(String key, String previous) {
    if (previous == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, previous);
    }
  }
}
