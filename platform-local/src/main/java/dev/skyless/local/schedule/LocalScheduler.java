package dev.skyless.local.schedule;

import dev.skyless.contract.ScheduleEvents;
import dev.skyless.local.function.LocalFunction;
import dev.skyless.runtime.event.impl.KafkaEventSink;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * {@code skyless dev}'s stand-in for PingSource: a {@link ScheduleRunner} per schedule trigger on a
 * virtual thread, each firing written to the trigger's topic as the event a PingSource makes
 * ({@link ScheduleEvents}), so it reaches the function through the trigger's consumer with its
 * retries and dead-letter topic, exactly as on a cluster (PingSource, KafkaSink, KafkaSource).
 */
public final class LocalScheduler implements AutoCloseable {

  private final Producer<byte[], byte[]> producer;
  private final ScheduleClock clock;
  private final BiConsumer<String, String> log;
  private final Map<String, LocalFunction.Schedule> byKey = new LinkedHashMap<>();
  private final List<Thread> threads = new ArrayList<>();

  /**
   * @param log told (function, line) of missed and failed firings
   */
  public LocalScheduler(
      Producer<byte[], byte[]> producer, ScheduleClock clock, BiConsumer<String, String> log) {
    this.producer = producer;
    this.clock = clock;
    this.log = log;
  }

  /** Starts firing {@code function}'s schedules. */
  public synchronized void start(LocalFunction function) {
    for (LocalFunction.Schedule schedule : function.schedules()) {
      byKey.put(function.name() + "/" + schedule.trigger(), schedule);
      ScheduleRunner runner =
          new ScheduleRunner(
              schedule, clock, this::fire, line -> log.accept(function.name(), line));
      threads.add(
          Thread.ofVirtual()
              .name("skyless-dev-schedule-" + function.name() + "-" + schedule.trigger())
              .start(runner));
    }
  }

  /** The schedule triggers, as {@code function/trigger}. */
  public synchronized List<String> triggers() {
    return List.copyOf(byKey.keySet());
  }

  /**
   * Fires {@code trigger} of {@code function} now ({@code skyless invoke --schedule}); the event's
   * id, or empty when there is no such schedule.
   */
  public Optional<String> fireNow(String function, String trigger) throws Exception {
    LocalFunction.Schedule schedule;
    synchronized (this) {
      schedule = byKey.get(function + "/" + trigger);
    }
    if (schedule == null) {
      return Optional.empty();
    }
    return Optional.of(fire(schedule, clock.now()));
  }

  /** Writes the firing's event to the trigger's topic; returns once Kafka has it. */
  String fire(LocalFunction.Schedule schedule, Instant at) throws Exception {
    CloudEvent event = event(schedule, at);
    new KafkaEventSink(producer, schedule.settings().topic()).send(event).get(30, TimeUnit.SECONDS);
    return event.getId();
  }

  /** The event a PingSource named {@code <function>-<trigger>} would send at {@code at}. */
  static CloudEvent event(LocalFunction.Schedule schedule, Instant at) {
    var settings = schedule.settings();
    CloudEventBuilder builder =
        CloudEventBuilder.v1()
            .withId(UUID.randomUUID().toString())
            .withSource(
                URI.create(
                    ScheduleEvents.source(
                        schedule.namespace(), schedule.function() + "-" + schedule.trigger())))
            .withType(ScheduleEvents.PING_TYPE)
            .withTime(OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
    settings.type().ifPresent(t -> builder.withExtension(ScheduleEvents.TYPE_EXTENSION, t));
    settings
        .data()
        .ifPresent(
            d ->
                builder
                    .withDataContentType("application/json")
                    .withData(d.getBytes(StandardCharsets.UTF_8)));
    return builder.build();
  }

  @Override
  public synchronized void close() {
    threads.forEach(Thread::interrupt);
    for (Thread thread : threads) {
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    threads.clear();
  }
}
