package dev.skyless.sdk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Thrown by a function to answer with a chosen HTTP status and an RFC 9457 problem body, for
 * example a 400 that lists every invalid field. Over HTTP the client sees {@code status}, {@code
 * title}, {@code detail} and the extra {@code properties}; for an event, a 4xx problem is not
 * retried (the same input would fail again) and goes straight to the dead-letter topic.
 */
public class ProblemException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String title;
  private final transient Map<String, Object> properties;

  public ProblemException(int status, String title, String detail) {
    this(status, title, detail, Map.of());
  }

  public ProblemException(int status, String title, String detail, Map<String, Object> properties) {
    super(detail);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be 4xx or 5xx, was " + status);
    }
    this.status = status;
    this.title = title;
    this.properties = new LinkedHashMap<>(properties);
  }

  /** A 400 Bad Request with the given detail. */
  public static ProblemException badRequest(String detail) {
    return new ProblemException(400, "Bad Request", detail);
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }

  /** Extension members added to the problem body (for example {@code errors}). */
  public Map<String, Object> properties() {
    return Collections.unmodifiableMap(properties);
  }

  /** Whether retrying the same input could succeed: false for client errors (4xx). */
  public boolean retryable() {
    return status >= 500;
  }
}
