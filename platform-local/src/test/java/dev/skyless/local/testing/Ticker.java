package dev.skyless.local.testing;

import dev.skyless.sdk.Context;
import dev.skyless.sdk.Function;
import java.util.Map;

/** Emits {@code test.ticked} with the type and data of each firing it gets. */
public final class Ticker implements Function<Map<String, Object>, Void> {

  @Override
  public Void apply(Map<String, Object> data, Context ctx) {
    ctx.emit("test.ticked", Map.of("type", ctx.type(), "data", data, "id", ctx.id()));
    return null;
  }
}
