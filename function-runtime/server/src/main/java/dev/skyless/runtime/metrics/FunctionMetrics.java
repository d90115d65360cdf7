package dev.skyless.runtime.metrics;

import dev.skyless.sdk.Metrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;

/**
 * {@link Metrics} on a Micrometer registry: the SDK's interfaces, no Micrometer type in function
 * code. Names and tags are checked before they reach the registry, so a mistake is one clear
 * sentence rather than Prometheus's. Meters are cached by name and tags.
 */
public final class FunctionMetrics implements Metrics {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.]{0,99}");
  private static final Pattern TAG_KEY = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private final MeterRegistry registry;
  private final Map<String, String> kinds = new ConcurrentHashMap<>();
  private final Map<MeterKey, Counter> counters = new ConcurrentHashMap<>();
  private final Map<MeterKey, Timer> timers = new ConcurrentHashMap<>();

  private record MeterKey(String name, Tags tags) {}

  public FunctionMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Counter counter(String name, String... tags) {
    MeterKey key = key(name, "counter", tags);
    return counters.computeIfAbsent(
        key,
        k -> {
          var counter =
              io.micrometer.core.instrument.Counter.builder(k.name())
                  .tags(k.tags())
                  .register(registry);
          return new Counter() {
            @Override
            public void increment() {
              counter.increment();
            }

            @Override
            public void increment(double amount) {
              if (amount < 0 || Double.isNaN(amount)) {
                throw new IllegalArgumentException(
                    "counter " + k.name() + " counts up: " + amount + " is not a count");
              }
              counter.increment(amount);
            }
          };
        });
  }

  @Override
  public Timer timer(String name, String... tags) {
    MeterKey key = key(name, "timer", tags);
    return timers.computeIfAbsent(
        key,
        k -> {
          var timer =
              io.micrometer.core.instrument.Timer.builder(k.name())
                  .tags(k.tags())
                  .register(registry);
          return new Timer() {
            @Override
            public void record(Duration duration) {
              timer.record(duration);
            }

            @Override
            public <T> T record(Callable<T> work) throws Exception {
              long start = System.nanoTime();
              try {
                return work.call();
              } finally {
                timer.record(Duration.ofNanos(System.nanoTime() - start));
              }
            }
          };
        });
  }

  @Override
  public void gauge(String name, DoubleSupplier value, String... tags) {
    if (value == null) {
      throw new IllegalArgumentException("gauge " + name + " needs a value supplier");
    }
    MeterKey key = key(name, "gauge", tags);
    Gauge.builder(key.name(), value::getAsDouble)
        .tags(key.tags())
        .strongReference(true)
        .register(registry);
  }

  private MeterKey key(String name, String kind, String... tags) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "metric name '"
              + name
              + "' is not lower-case letters, digits, '.' and '_' starting with a letter (at most"
              + " 100), such as orders.placed");
    }
    if (name.startsWith("skyless")) {
      throw new IllegalArgumentException(
          "metric name '" + name + "' starts with skyless, which the platform's metrics use");
    }
    if (tags.length % 2 != 0) {
      throw new IllegalArgumentException(
          "metric " + name + ": tags come as key, value pairs, but " + tags.length + " were given");
    }
    Tags built = Tags.empty();
    for (int i = 0; i < tags.length; i += 2) {
      String tagKey = tags[i];
      String tagValue = tags[i + 1];
      if (tagKey == null || !TAG_KEY.matcher(tagKey).matches() || tagKey.equals("function")) {
        throw new IllegalArgumentException(
            "metric "
                + name
                + ": tag key '"
                + tagKey
                + "' is not lower-case letters, digits and '_' starting with a letter, or is"
                + " 'function', which the platform sets");
      }
      if (tagValue == null) {
        throw new IllegalArgumentException("metric " + name + ": tag " + tagKey + " has no value");
      }
      built = built.and(tagKey, tagValue);
    }
    String shape = kind + " with tags " + sortedKeys(tags);
    String earlier = kinds.putIfAbsent(name, shape);
    if (earlier != null && !earlier.equals(shape)) {
      throw new IllegalArgumentException(
          "metric " + name + " is already a " + earlier + "; it cannot also be a " + shape);
    }
    return new MeterKey(name, built);
  }

  private static String sortedKeys(String... tags) {
    java.util.TreeSet<String> keys = new java.util.TreeSet<>();
    for (int i = 0; i < tags.length; i += 2) {
      keys.add(tags[i]);
    }
    return "[" + String.join(",", keys) + "]";
  }
}
