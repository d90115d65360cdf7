package dev.skyless.local.gateway;

import dev.skyless.controller.function.model.FunctionSettings.CorsSettings;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Locale;

/**
 * The CORS answers of Gateway API's CORS filter, as {@code skyless dev}'s gateway gives them: a
 * preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}) is
 * answered here without waking the function; other requests from an allowed origin get {@code
 * Access-Control-Allow-Origin} (and credentials, exposed headers) on the function's answer. An
 * origin that is not allowed gets no CORS headers, so the browser refuses the answer.
 */
final class CorsHeaders {

  private CorsHeaders() {}

  /** Whether {@code method} with these headers is a preflight. */
  static boolean isPreflight(String method, MultiMap headers) {
    return method.equals("OPTIONS")
        && headers.contains("origin")
        && headers.contains("access-control-request-method");
  }

  /** Whether the origin may call: listed, {@code *}, or under a listed {@code *.} wildcard. */
  static boolean allows(CorsSettings cors, String origin) {
    if (origin == null) {
      return false;
    }
    String given = origin.toLowerCase(Locale.ROOT);
    for (String allowed : cors.allowOrigins()) {
      String a = allowed.toLowerCase(Locale.ROOT);
      if (a.equals("*") || a.equals(given)) {
        return true;
      }
      int star = a.indexOf("://*.");
      if (star > 0) {
        String scheme = a.substring(0, star + 3);
        String suffix = a.substring(star + 4);
        if (given.startsWith(scheme)
            && given.endsWith(suffix)
            && given.length() > scheme.length() + suffix.length()) {
          return true;
        }
      }
    }
    return false;
  }

  /** The preflight's answer headers; none when the origin is not allowed. */
  static void preflight(CorsSettings cors, MultiMap request, MultiMap response) {
    String origin = request.get("origin");
    response.add("vary", "Origin");
    if (!allows(cors, origin)) {
      return;
    }
    allowOrigin(cors, origin, response);
    response.set("access-control-allow-methods", join(cors.allowMethods()));
    if (!cors.allowHeaders().isEmpty()) {
      response.set("access-control-allow-headers", join(cors.allowHeaders()));
    }
    response.set("access-control-max-age", Integer.toString(cors.maxAgeSeconds()));
  }

  /** The headers added to the function's answer of a request from {@code origin}. */
  static void actual(CorsSettings cors, String origin, MultiMap response) {
    response.add("vary", "Origin");
    if (!allows(cors, origin)) {
      return;
    }
    allowOrigin(cors, origin, response);
    if (!cors.exposeHeaders().isEmpty()) {
      response.set("access-control-expose-headers", join(cors.exposeHeaders()));
    }
  }

  private static void allowOrigin(CorsSettings cors, String origin, MultiMap response) {
    boolean any = cors.allowOrigins().contains("*");
    // With credentials the origin is echoed: browsers refuse '*' there.
    response.set("access-control-allow-origin", any && !cors.allowCredentials() ? "*" : origin);
    if (cors.allowCredentials()) {
      response.set("access-control-allow-credentials", "true");
    }
  }

  private static String join(List<String> values) {
    return String.join(", ", values);
  }
}
