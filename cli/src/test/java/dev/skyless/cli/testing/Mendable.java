package dev.skyless.cli.testing;

import dev.skyless.sdk.Context;
import dev.skyless.sdk.Function;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Fails every event while the file {@code $BROKEN_FILE} exists (so they are dead-lettered), and
 * once it is gone emits {@code com.example.mended} with the event's id: what a redrive test needs.
 */
public final class Mendable implements Function<Map<String, Object>, Map<String, Object>> {

  @Override
  public Map<String, Object> apply(Map<String, Object> input, Context ctx) {
    if (Files.exists(Path.of(System.getenv("BROKEN_FILE")))) {
      throw new IllegalStateException("broken until mended: " + ctx.id());
    }
    ctx.emit("com.example.mended", Map.of("id", ctx.id()));
    return Map.of("mended", ctx.id());
  }
}
