package dev.skyless.contract;

/**
 * How an async invocation travels. The call is a CloudEvent (its id is the invocation id) written
 * to the Function's async topic ({@link EventNaming#asyncTopic}); the trigger {@value #TRIGGER}
 * delivers it to the function with the usual retries and dead-letter topic. With {@code
 * spec.async.onSuccess} the runtime writes {@value #SUCCEEDED} with the result there before it
 * acknowledges the delivery; with {@code onFailure} the trigger {@value #FAILURE_TRIGGER} reads the
 * async dead-letter topic and the runtime writes {@value #FAILED} with the problem there. Both
 * carry the invocation id as the extension {@value #INVOCATION_ID}.
 */
public final class AsyncInvocations {

  /** The trigger that delivers async invocations; no user trigger may take the name. */
  public static final String TRIGGER = "async";

  /** The trigger that turns async dead letters into failure events. */
  public static final String FAILURE_TRIGGER = "async-failure";

  /** The trigger names the platform keeps for {@code spec.async}. */
  public static final java.util.Set<String> RESERVED_TRIGGERS =
      java.util.Set.of(TRIGGER, FAILURE_TRIGGER);

  /** The extension naming the invocation a destination event is about. */
  public static final String INVOCATION_ID = "invocationid";

  /** The type of the event written to {@code onSuccess}. */
  public static final String SUCCEEDED = "dev.skyless.invocation.succeeded";

  /** The type of the event written to {@code onFailure}. */
  public static final String FAILED = "dev.skyless.invocation.failed";

  /** The type the CLI and the dev gateway give to a plain call they turn into a CloudEvent. */
  public static final String INVOKED = "dev.skyless.invocation";

  /** The preference (RFC 7240) that asks for an async call. */
  public static final String PREFER_ASYNC = "respond-async";

  private AsyncInvocations() {}

  /** Whether a {@code Prefer} header asks for an async call (RFC 7240: tokens, any case). */
  public static boolean prefersAsync(String prefer) {
    if (prefer == null) {
      return false;
    }
    for (String part : prefer.split(",")) {
      String token = part.split(";", 2)[0].trim();
      if (token.equalsIgnoreCase(PREFER_ASYNC)) {
        return true;
      }
    }
    return false;
  }
}
