package dev.skyless.runtime.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
 * </ul>
 */
public final class RuntimeMetrics {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong kafkaLag = new AtomicLong();
  private final AtomicLong coldStartMillis = new AtomicLong(-1);
  private final Map<String, Counter> invocations = new ConcurrentHashMap<>();
  private final Map<String, Timer> durations = new ConcurrentHashMap<>();
  private final Counter deadLetters;
  private final Counter retries;

  public RuntimeMetrics() {
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
    String outcome = status < 400 ? "success" : status < 500 ? "client_error" : "server_error";
    String key = channel + '|' + status;
    invocations
        .computeIfAbsent(
            key,
            k ->
                Counter.builder("skyless.invocations")
                    .description("Calls of the function, by channel and answer")
                    .tag("channel", channel)
                    .tag("outcome", outcome)
                    .tag("status", Integer.toString(status))
                    .register(registry))
        .increment();
    if (nanos > 0) {
      durations
          .computeIfAbsent(
              channel + '|' + outcome,
              k ->
                  Timer.builder("skyless.invocation.duration")
                      .description("Time from request to answer")
                      .tag("channel", channel)
                      .tag("outcome", outcome)
                      .publishPercentileHistogram()
                      .minimumExpectedValue(Duration.ofMillis(1))
                      .maximumExpectedValue(Duration.ofMinutes(5))
                      .register(registry))
          .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
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

  public double deadLetterCount() {
    return deadLetters.count();
  }

  public void coldStart(Duration sinceProcessStart) {
    coldStartMillis.set(sinceProcessStart.toMillis());
  }

  /** Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }
}
