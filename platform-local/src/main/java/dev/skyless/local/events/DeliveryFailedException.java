package dev.skyless.local.events;

import dev.skyless.sdk.ProblemException;

/**
 * The function answered an event with an error status. Retried as Knative's dispatcher retries: on
 * 404, 408, 409, 429 and every 5xx; any other status sends the event to the dead-letter topic at
 * once.
 */
public final class DeliveryFailedException extends ProblemException
    implements dev.skyless.runtime.kafka.DeliveryFailure {

  private final byte[] body;

  public DeliveryFailedException(int status, String detail) {
    this(status, detail, new byte[0]);
  }

  public DeliveryFailedException(int status, String detail, byte[] body) {
    super(status, "Delivery failed", "the function answered " + status + ": " + detail);
    this.body = body.clone();
  }

  @Override
  public byte[] responseBody() {
    return body.clone();
  }

  @Override
  public boolean retryable() {
    int status = status();
    return status >= 500 || status == 404 || status == 408 || status == 409 || status == 429;
  }
}
