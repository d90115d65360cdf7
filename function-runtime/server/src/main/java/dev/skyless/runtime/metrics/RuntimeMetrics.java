package dev.skyless.runtime.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The runtime's meters, scraped as Prometheus text at {@code /metrics}:
 *
 * <ul>
 *   <li>{@code skyless_invocations_total{channel,outcome,status}} and {@code
 *       skyless_invocation_duration_seconds} (histogram), per channel {@code http} or {@code kafka}
 *   <li>{@code skyless_invocations_in_flight}
 *   <li>{@code skyless_kafka_consumer_lag} (records behind, summed over assigned partitions)
 *   <li>{@code skyless_kafka_dead_letters_total}, {@code skyless_kafka_retries_total}
 *   <li>{@code skyless_cold_start_seconds}: process start to ready
 *   <li>the function's own ({@code ctx.metrics()}, {@link FunctionMetrics})
 * </ul>
 *
 * <p>Every meter carries the tag {@code function} (the Knative service's name).
 */
public final class RuntimeMetrics {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong kafkaLag = new AtomicLong();
  private final AtomicLong coldStartMillis = new AtomicLong(-1);
  private final Map<String, ChannelMeters> channels = new ConcurrentHashMap<>();
  private final Counter deadLetters;
  private final Counter retries;
  private final AtomicInteger kafkaStalled = new AtomicInteger();
  private final Counter consumerRestarts;
  private final FunctionMetrics functionMetrics = new FunctionMetrics(registry);

  public RuntimeMetrics() {
    this("function");
  }

  /**
   * @param function the function's name: every meter carries it as the tag {@code function}
   */
  public RuntimeMetrics(String function) {
    registry.config().commonTags("function", function);
    Gauge.builder("skyless.invocations.in.flight", inFlight, AtomicInteger::get)
        .description("Calls of the function now running")
        .register(registry);
    Gauge.builder("skyless.kafka.consumer.lag", kafkaLag, AtomicLong::get)
        .description("Records behind the end of the assigned partitions (direct mode)")
        .register(registry);
    Gauge.builder("skyless.cold.start", coldStartMillis, v -> v.get() / 1000.0)
        .description("Seconds from process start to ready; -1 until ready")
        .baseUnit("seconds")
        .register(registry);
    deadLetters =
        Counter.builder("skyless.kafka.dead.letters")
            .description("Records sent to a dead-letter topic")
            .register(registry);
    retries =
        Counter.builder("skyless.kafka.retries")
            .description("Retries of failed records")
            .register(registry);
    Gauge.builder("skyless.kafka.consumer.stalled", kafkaStalled, AtomicInteger::get)
        .description("1 while the direct consumer cannot make progress (broker unreachable)")
        .register(registry);
    consumerRestarts =
        Counter.builder("skyless.kafka.consumer.restarts")
            .description("Kafka consumers closed on an error and made again")
            .register(registry);
  }

  /** Counts a call as started; pair with {@link #finished}. */
  public void started() {
    inFlight.incrementAndGet();
  }

  /**
   * Records a finished call.
   *
   * @param channel {@code http} or {@code kafka}
   * @param status the HTTP status answered (for Kafka: 200 success, 500 dead-lettered)
   */
  public void finished(String channel, int status, long nanos) {
    inFlight.decrementAndGet();
    record(channel, status, nanos);
  }

  /** Records a request that was refused before the function ran (limits, auth, bad input). */
  public void rejected(String channel, int status) {
    record(channel, status, 0);
  }

  private void record(String channel, int status, long nanos) {
    ChannelMeters meters = channels.computeIfAbsent(channel, ChannelMeters::new);
    meters.counter(status).increment();
    if (nanos > 0) {
      meters.timer(status).record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** The meters of one channel, cached by status so a call does no map lookup by string key. */
  private final class ChannelMeters {
    private final String channel;
    private final AtomicReferenceArray<Counter> counters = new AtomicReferenceArray<>(600);
    private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(3);

    ChannelMeters(String channel) {
      this.channel = channel;
    }

    Counter counter(int status) {
      int index = Math.floorMod(status, 600);
      Counter counter = counters.get(index);
      if (counter == null) {
        counter =
            Counter.builder("skyless.invocations")
                .description("Calls of the function, by channel and answer")
                .tag("channel", channel)
                .tag("outcome", outcome(status))
                .tag("status", Integer.toString(status))
                .register(registry);
        counters.set(index, counter);
      }
      return counter;
    }

    Timer timer(int status) {
      int index = status < 400 ? 0 : status < 500 ? 1 : 2;
      Timer timer = timers.get(index);
      if (timer == null) {
        timer =
            Timer.builder("skyless.invocation.duration")
                .description("Time from request to answer")
                .tag("channel", channel)
                .tag("outcome", outcome(status))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
        timers.set(index, timer);
      }
      return timer;
    }
  }

  private static String outcome(int status) {
    return status < 400 ? "success" : status < 500 ? "client_error" : "server_error";
  }

  public int inFlight() {
    return inFlight.get();
  }

  public void kafkaLag(long records) {
    kafkaLag.set(records);
  }

  public void deadLettered() {
    deadLetters.increment();
  }

  public void retried() {
    retries.increment();
  }

  public void kafkaStalled(boolean stalled) {
    kafkaStalled.set(stalled ? 1 : 0);
  }

  public void consumerRestarted() {
    consumerRestarts.increment();
  }

  public void coldStart(Duration sinceProcessStart) {
    coldStartMillis.set(sinceProcessStart.toMillis());
  }

  /** The function's own metrics ({@code ctx.metrics()}), on the same registry. */
  public dev.skyless.sdk.Metrics functionMetrics() {
    return functionMetrics;
  }

  /** Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }
}
