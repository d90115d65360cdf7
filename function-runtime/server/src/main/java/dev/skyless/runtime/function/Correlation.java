package dev.skyless.runtime.function;

import org.slf4j.MDC;

/** The MDC keys that tie log lines to a call. */
public final class Correlation {

  /** Trace id from {@code traceparent}, else the CloudEvent id. */
  public static final String CORRELATION_ID = "correlationId";

  /** The CloudEvent id of the call. */
  public static final String EVENT_ID = "ceId";

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

  /** Puts the fields of {@code invocation} in the current thread's MDC. */
  public static void enter(Invocation invocation) {
    MDC.put(CORRELATION_ID, invocation.correlationId());
    MDC.put(EVENT_ID, invocation.event().getId());
  }

  /** Removes what {@link #enter} put. */
  public static void leave() {
    MDC.remove(CORRELATION_ID);
    MDC.remove(EVENT_ID);
  }

  static void restore(String key, String previous) {
    if (previous == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, previous);
    }
  }
}
