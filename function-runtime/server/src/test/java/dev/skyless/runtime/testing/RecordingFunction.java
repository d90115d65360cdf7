package dev.skyless.runtime.testing;

import dev.skyless.sdk.Context;
import dev.skyless.sdk.Function;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records every event it sees, in the order it saw them; fails on data {@code "poison"}, takes 10 s
 * on {@code "slow"}. Tracks how many calls ran at once.
 */
public final class RecordingFunction implements Function<CloudEvent, Void> {

  public final List<CloudEvent> seen = new CopyOnWriteArrayList<>();
  public final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private final AtomicInteger running = new AtomicInteger();
  public final AtomicInteger maxRunning = new AtomicInteger();
  private final long sleepMillis;

  public RecordingFunction(long sleepMillis) {
    this.sleepMillis = sleepMillis;
  }

  @Override
  public Void apply(CloudEvent event, Context ctx) throws Exception {
    int now = running.incrementAndGet();
    maxRunning.accumulateAndGet(now, Math::max);
    try {
      String data =
          event.getData() == null
              ? ""
              : new String(event.getData().toBytes(), StandardCharsets.UTF_8);
      attempts.computeIfAbsent(data, k -> new AtomicInteger()).incrementAndGet();
      if (data.contains("poison")) {
        throw new IllegalArgumentException("cannot digest " + data);
      }
      if (data.contains("slow")) {
        Thread.sleep(10_000);
      }
      if (sleepMillis > 0) {
        Thread.sleep(sleepMillis);
      }
      seen.add(event);
      return null;
    } finally {
      running.decrementAndGet();
    }
  }

  /** Data of the events seen, as text. */
  public List<String> data() {
    return seen.stream()
        .map(e -> new String(e.getData().toBytes(), StandardCharsets.UTF_8))
        .toList();
  }
}
