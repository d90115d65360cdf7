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
 * @param route the route of {@code spec.http.routes} the request matched, as {@code METHOD
 *     /template} ({@code * /template} for any method); empty when it matched none
 * @param pathParameters the values of the route's {@code {name}} segments, percent-decoded
 */
public record HttpRequest(
    String method,
    String path,
    String query,
    Map<String, List<String>> headers,
    Optional<String> route,
    Map<String, String> pathParameters) {

  public HttpRequest {
    headers = Map.copyOf(headers);
    pathParameters = Map.copyOf(pathParameters);
  }

  /** A request that matched no route. */
  public HttpRequest(String method, String path, String query, Map<String, List<String>> headers) {
    this(method, path, query, headers, Optional.empty(), Map.of());
  }

  /** The first value of a header (name case-insensitive). */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
  }

  /** The value of the route's {@code {name}} segment. */
  public Optional<String> pathParameter(String name) {
    return Optional.ofNullable(pathParameters.get(name));
  }
}
