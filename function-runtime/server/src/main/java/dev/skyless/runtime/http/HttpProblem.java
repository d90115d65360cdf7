package dev.skyless.runtime.http;

import dev.skyless.sdk.ProblemException;
import java.util.Map;

/** A problem the runtime itself answers with, possibly with response headers (Retry-After...). */
public final class HttpProblem extends ProblemException {

  private static final long serialVersionUID = 1L;

  private final transient Map<String, String> headers;

  public HttpProblem(int status, String title, String detail) {
    this(status, title, detail, Map.of());
  }

  public HttpProblem(int status, String title, String detail, Map<String, String> headers) {
    super(status, title, detail);
    this.headers = Map.copyOf(headers);
  }

  /** Headers to set on the response. */
  public Map<String, String> headers() {
    return headers;
  }
}
