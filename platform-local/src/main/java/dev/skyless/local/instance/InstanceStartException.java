package dev.skyless.local.instance;

/** An instance did not start: it exited, or was not ready in time. The message says which. */
public final class InstanceStartException extends Exception {

  public InstanceStartException(String message) {
    super(message);
  }
}
