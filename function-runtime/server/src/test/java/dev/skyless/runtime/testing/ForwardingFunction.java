package dev.skyless.runtime.testing;

import dev.skyless.sdk.Context;
import dev.skyless.sdk.Function;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Used in child-process tests: sleeps {@code FORWARD_SLEEP_MS}, then emits {@code
 * com.example.forwarded} carrying the input's data, so the test can read from the events topic what
 * was processed.
 */
public final class ForwardingFunction implements Function<CloudEvent, Void> {

  private final long sleepMillis =
      Long.parseLong(System.getenv().getOrDefault("FORWARD_SLEEP_MS", "0"));

  @Override
  public Void apply(CloudEvent event, Context ctx) throws Exception {
    if (sleepMillis > 0) {
      Thread.sleep(sleepMillis);
    }
    String data =
        event.getData() == null
            ? ""
            : new String(event.getData().toBytes(), StandardCharsets.UTF_8);
    ctx.emit("com.example.forwarded", Map.of("data", data));
    return null;
  }
}
