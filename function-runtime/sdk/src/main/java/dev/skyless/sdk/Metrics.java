package dev.skyless.sdk;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.DoubleSupplier;

/**
 * Business metrics from function code ({@code ctx.metrics()}), exported with the runtime's own on
 * {@code /metrics} (Prometheus text), each labelled {@code function} with the function's name.
 *
 * <p>A name is lower-case letters, digits, dots and underscores, starting with a letter, at most
 * 100 characters, and not starting with {@code skyless} (the platform's own): {@code orders.placed}
 * becomes {@code orders_placed_total}. Tags come as key, value pairs ({@code "currency", "EUR"}); a
 * key is lower-case letters, digits and underscores and not {@code function}. A name is one kind of
 * metric with one set of tag keys. A bad name or tag throws {@link IllegalArgumentException} saying
 * what is wrong.
 *
 * <pre>{@code
 * ctx.metrics().counter("orders.placed", "currency", order.currency()).increment();
 * ctx.metrics().counter("orders.revenue", "currency", order.currency()).increment(total);
 * }</pre>
 */
public interface Metrics {

  /** A counter: {@code <name>_total}. */
  Counter counter(String name, String... tags);

  /** A timer: {@code <name>_seconds} count, sum and max. */
  Timer timer(String name, String... tags);

  /**
   * A gauge reporting what {@code value} returns at each scrape. Registering the same name and tags
   * again keeps the first one.
   */
  void gauge(String name, DoubleSupplier value, String... tags);

  /** Counts up. */
  interface Counter {
    void increment();

    /**
     * @param amount not negative
     */
    void increment(double amount);
  }

  /** Records durations. */
  interface Timer {
    void record(Duration duration);

    /** Runs {@code work} and records how long it took, failed or not. */
    <T> T record(Callable<T> work) throws Exception;
  }
}
