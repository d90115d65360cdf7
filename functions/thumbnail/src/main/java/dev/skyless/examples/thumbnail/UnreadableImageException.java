package dev.skyless.examples.thumbnail;

/** The object is not an image the thumbnailer can decode (corrupt, truncated, another format). */
public final class UnreadableImageException extends Exception {

  public UnreadableImageException(String message) {
    super(message);
  }

  public UnreadableImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
