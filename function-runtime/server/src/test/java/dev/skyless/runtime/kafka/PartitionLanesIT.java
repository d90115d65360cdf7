package dev.skyless.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skyless.kafka.embedded.EmbeddedKafka;
import dev.skyless.kafka.embedded.SharedKafka;
import dev.skyless.runtime.config.RuntimeConfig;
import dev.skyless.runtime.config.RuntimeConfig.BackoffPolicy;
import dev.skyless.runtime.config.RuntimeConfig.Ordering;
import dev.skyless.runtime.metrics.RuntimeMetrics;
import dev.skyless.runtime.testing.KafkaTestClients;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The consumer's lanes on a real broker, with faults injected where only the lanes can see them: a
 * lane ending early mid-batch, a stale interrupt, a record in retry on one partition while the
 * others flow. Counts every record, and the offsets committed.
 */
class PartitionLanesIT {

  private static EmbeddedKafka kafka;
  private static KafkaProducer<byte[], byte[]> producer;

  @BeforeAll
  static void broker() {
    kafka = SharedKafka.get();
    // Not idempotent, one request in flight: order kept, and a NOT_LEADER answer right after a
    // topic is made is simply retried (an idempotent producer stalled there on
    // OUT_OF_ORDER_SEQUENCE_NUMBER in CI, twice).
    producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                "enable.idempotence",
                false,
                "max.in.flight.requests.per.connection",
                1,
                "acks",
                "all",
                "linger.ms",
                5),
            new org.apache.kafka.common.serialization.ByteArraySerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer());
  }

  @AfterAll
  static void closeProducer() {
    producer.close();
  }

  @Test
  void aLaneEndingEarlyMidBatchIsReadAgainAndNoOffsetPassesAnUnprocessedRecord() throws Exception {
    for (Ordering ordering : Ordering.values()) {
      String topic = "lane-failure-" + ordering.name().toLowerCase();
      kafka.createTopic(topic, 2);
      int total = 400;
      produce(topic, 2, total);
      Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
      AtomicInteger injected = new AtomicInteger();
      // Records whose first call ends the lane: an InterruptedException (what a leaked deadline
      // interrupt becomes in a later sleep) and a lane error; one more leaves a stale interrupt.
      EventHandler handler =
          event -> {
            String id = text(event);
            int call = calls.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            if (call == 1 && id.equals("r-0-57")) {
              injected.incrementAndGet();
              throw new InterruptedException("injected");
            }
            if (call == 1 && id.equals("r-1-133")) {
              injected.incrementAndGet();
              Thread.currentThread().interrupt(); // left set: must not reach the next record
            }
            if (call == 1 && id.equals("r-1-134") && Thread.currentThread().isInterrupted()) {
              throw new AssertionError("an interrupt leaked into the next record");
            }
          };
      try (DirectConsumer consumer = consumer(topic, ordering, handler, 0, 50)) {
        consumer.start();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> calls.size() == total && committed(topic, 2) == total);
      }
      int duplicates = calls.values().stream().mapToInt(AtomicInteger::get).sum() - total;
      System.out.printf(
          "%s: %d records, %d lane faults injected, %d delivered again%n",
          ordering, total, injected.get(), duplicates);
      assertThat(calls).hasSize(total);
      assertThat(calls.get("r-0-57").get()).as("read again after its lane ended").isEqualTo(2);
      assertThat(committed(topic, 2)).isEqualTo(total);
      if (ordering == Ordering.ORDERED) {
        // Only the failed record and those after it in its batch are read again.
        assertThat(calls.get("r-0-56").get()).isEqualTo(1);
        assertThat(calls.get("r-1-134").get()).isEqualTo(1);
      }
    }
  }

  @Test
  void aRecordInRetryDelaysOnlyItsOwnPartition() throws Exception {
    String topic = "poison-lanes";
    kafka.createTopic(topic, 4);
    ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    Map<Integer, Long> lastHandled = new ConcurrentHashMap<>();
    long[] poisonGaveUp = {0};
    EventHandler handler =
        event -> {
          String id = text(event);
          int now = running.incrementAndGet();
          maxRunning.accumulateAndGet(now, Math::max);
          try {
            if (id.equals("r-0-0")) {
              poisonGaveUp[0] = System.nanoTime();
              throw new IllegalStateException("poison");
            }
            Thread.sleep(10);
            order.add(id);
            lastHandled.put(partitionOf(id), System.nanoTime());
          } finally {
            running.decrementAndGet();
          }
        };
    produce(topic, 4, 400);

    // 4 retries with 400 ms exponential backoff: about 6 s on partition 0's first record.
    try (DirectConsumer consumer = consumer(topic, Ordering.ORDERED, handler, 4, 500)) {
      consumer.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> order.size() == 399);
      await().atMost(Duration.ofSeconds(10)).until(() -> committed(topic, 4) == 400);
    }
    List<String> handled = List.copyOf(order);
    long firstOfPartition0 = handled.indexOf("r-0-1");
    long othersBeforeIt = handled.stream().limit(firstOfPartition0).count();
    System.out.printf(
        "poison on partition 0: %d of 300 records of partitions 1-3 handled before partition 0"
            + " went on; at most %d records ran at once%n",
        othersBeforeIt, maxRunning.get());
    assertThat(othersBeforeIt).as("partitions 1-3 did not wait for partition 0").isEqualTo(300);
    for (int p = 1; p < 4; p++) {
      assertThat(lastHandled.get(p)).isLessThan(poisonGaveUp[0]);
    }
    assertThat(maxRunning.get()).as("the four partitions' lanes run at once").isEqualTo(4);
  }

  private static DirectConsumer consumer(
      String topic, Ordering ordering, EventHandler handler, int retries, int maxPoll) {
    return consumer(
        topic, ordering, handler, retries, maxPoll, Optional.empty(), new RuntimeMetrics());
  }

  private static DirectConsumer consumer(
      String topic,
      Ordering ordering,
      EventHandler handler,
      int retries,
      int maxPoll,
      Optional<String> instanceId,
      RuntimeMetrics metrics) {
    RuntimeConfig.Consumer config =
        new RuntimeConfig.Consumer(
            List.of(topic),
            "group-" + topic,
            "earliest",
            ordering,
            16,
            maxPoll,
            retries,
            BackoffPolicy.EXPONENTIAL,
            Duration.ofMillis(400),
            Duration.ofSeconds(5),
            Optional.empty(),
            instanceId,
            Duration.ofSeconds(15));
    RuntimeConfig.Kafka settings = new RuntimeConfig.Kafka(kafka.bootstrapServers(), Map.of());
    RecordProcessor processor =
        new RecordProcessor(
            handler,
            new RecordEvents("default", "lanes"),
            new DeadLetterPublisher(
                producer, new DeadLetterPublisher.Origin("default", "lanes", Optional.empty())),
            config,
            metrics);
    return new DirectConsumer(
        member -> KafkaClients.consumer(settings, config, "lanes-" + topic, member),
        config,
        metrics,
        processor,
        Duration.ofSeconds(10),
        new ConsumerHealth(topic, config.stallAfter(), ConsumerHealth.Listener.NONE));
  }

  @Test
  void twoConsumersGivenOneInstanceIdDoNotFenceEachOtherForEver() throws Exception {
    String topic = "same-instance-id";
    kafka.createTopic(topic, 2);
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    EventHandler handler =
        event -> {
          calls.computeIfAbsent(text(event), k -> new AtomicInteger()).incrementAndGet();
          Thread.sleep(2);
        };
    RuntimeMetrics first = new RuntimeMetrics();
    RuntimeMetrics second = new RuntimeMetrics();
    Optional<String> id = Optional.of("copied-instance-id");
    try (DirectConsumer a = consumer(topic, Ordering.ORDERED, handler, 0, 50, id, first);
        DirectConsumer b = consumer(topic, Ordering.ORDERED, handler, 0, 50, id, second)) {
      a.start();
      produce(topic, 2, 200);
      await().atMost(Duration.ofSeconds(30)).until(() -> calls.size() >= 50);
      b.start();
      produce(topic, 2, 200, 200);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> calls.size() == 400 && committed(topic, 2) == 400);
    }
    double restarts = restarts(first.scrape()) + restarts(second.scrape());
    System.out.printf("one instance id, two consumers: %.0f consumer restart(s)%n", restarts);
    assertThat(restarts).as("the fenced one went on as a dynamic member").isBetween(1.0, 2.0);
  }

  private static double restarts(String scrape) {
    return scrape
        .lines()
        .filter(l -> l.startsWith("skyless_kafka_consumer_restarts_total"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** {@code perPartition} records "r-<partition>-<n>" on each partition, in order. */
  private static void produce(String topic, int partitions, int total) throws Exception {
    produce(topic, partitions, total, 0);
  }

  private static void produce(String topic, int partitions, int total, int from) throws Exception {
    for (int i = from; i < from + total; i++) {
      int partition = i % partitions;
      producer.send(
          new ProducerRecord<>(
              topic,
              partition,
              null,
              ("\"r-" + partition + "-" + i / partitions + "\"").getBytes(StandardCharsets.UTF_8)));
    }
    producer.flush();
  }

  private static String text(CloudEvent event) {
    String json = new String(event.getData().toBytes(), StandardCharsets.UTF_8);
    return json.substring(1, json.length() - 1);
  }

  private static int partitionOf(String id) {
    return Integer.parseInt(id.split("-")[1]);
  }

  private static long committed(String topic, int partitions) throws Exception {
    try (var admin = kafka.admin()) {
      return KafkaTestClients.committed(admin, "group-" + topic, topic, partitions);
    }
  }
}
