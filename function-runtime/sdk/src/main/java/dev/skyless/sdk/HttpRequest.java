package dev.skyless.sdk;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP side of a call.
 *
 * @param method request method, upper case
 * @param path request path, without the function's route prefix when served behind a gateway
 * @param query raw query string, empty when there is none
 * @param headers request headers, names in lower case
 */
public record HttpRequest(
    String method, String path, String query, Map<String, List<String>> headers) {

  public HttpRequest {
    headers = Map.copyOf(headers);
  }

  /** The first value of a header (name case-insensitive). */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
  }
}
