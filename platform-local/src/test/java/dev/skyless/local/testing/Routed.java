package dev.skyless.local.testing;

import dev.skyless.sdk.Context;
import dev.skyless.sdk.Function;
import dev.skyless.sdk.HttpRequest;
import java.util.Map;

/** Answers with the route the call matched, its path parameters and the path it saw. */
public final class Routed implements Function<Void, Map<String, Object>> {

  @Override
  public Map<String, Object> apply(Void input, Context ctx) {
    HttpRequest http = ctx.http().orElseThrow();
    return Map.of(
        "route", http.route().orElse(""), "parameters", http.pathParameters(), "path", http.path());
  }
}
