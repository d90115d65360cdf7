package dev.skyless.runtime.function;

/** An event the function emitted was not delivered, so the call as a whole failed. */
public final class EmitFailedException extends Exception {

  private static final long serialVersionUID = 1L;

  EmitFailedException(Throwable cause) {
    super("an emitted event could not be delivered: " + cause.getMessage(), cause);
  }
}
