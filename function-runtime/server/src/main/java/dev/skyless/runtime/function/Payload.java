package dev.skyless.runtime.function;

/** Bytes with their media type: a function's encoded output, or an event's data. */
public record Payload(byte[] bytes, String contentType) {

  public static final String JSON = "application/json";

  /** No body (the function returned null). */
  public static final Payload EMPTY = new Payload(new byte[0], null);

  public boolean isEmpty() {
    return contentType == null;
  }
}
