package dev.skyless.runtime.event;

/**
 * A CloudEvent that breaks the CloudEvents 1.0 rules; the message is one sentence naming the
 * attribute, fit for a 400 problem's detail or a dead letter's error header.
 */
public final class InvalidCloudEventException extends RuntimeException {

  private final String attribute;

  public InvalidCloudEventException(String attribute, String message) {
    super(message);
    this.attribute = attribute;
  }

  /** The attribute at fault. */
  public String attribute() {
    return attribute;
  }
}
