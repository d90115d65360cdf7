package dev.skyless.local.testing;

import dev.skyless.sdk.Context;
import dev.skyless.sdk.Function;
import java.util.Map;

/**
 * Answers {@code {"n": n}}; fails with a 500 for one call in ten, chosen by the call's id (so a
 * test can tell which ids must end in the dead-letter topic, whatever the retries).
 */
public final class Flaky implements Function<Map<String, Object>, Map<String, Object>> {

  /** Whether the call with {@code id} fails, every time it is tried. */
  public static boolean fails(String id) {
    return Math.floorMod(id.hashCode(), 10) == 0;
  }

  @Override
  public Map<String, Object> apply(Map<String, Object> input, Context ctx) {
    if (fails(ctx.id())) {
      throw new IllegalStateException("unlucky call " + ctx.id());
    }
    return Map.of("n", input.getOrDefault("n", -1));
  }
}
