package dev.skyless.bench;

import dev.skyless.kafka.embedded.EmbeddedKafka;
import dev.skyless.runtime.config.RuntimeEnv;
import dev.skyless.runtime.function.FunctionHandle;
import dev.skyless.runtime.main.SkylessRuntime;
import dev.skyless.sdk.Context;
import dev.skyless.sdk.Function;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Ordered direct mode on a backlog, with {@code workMillis} of work per record: the rate on one
 * partition, and on four. Partitions are independent lanes, so four should run about four times
 * one; prints both medians and {@code rate(4) / (4 * rate(1))} (goal at least 0.8).
 *
 * <p>Usage: {@code KafkaLanes [recordsPerPartition] [workMillis] [rounds]}
 */
public final class KafkaLanes {

  private KafkaLanes() {}

  /** Works {@code work} ms per event (a sleep: I/O-bound work, as most functions do). */
  public static final class Work implements Function<CloudEvent, Void> {
    private final long millis = Long.getLong("bench.work.ms", 10);

    @Override
    public Void apply(CloudEvent event, Context ctx) throws InterruptedException {
      Thread.sleep(millis);
      return null;
    }
  }

  public static void main(String[] args) throws Exception {
    int perPartition = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    int work = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    System.setProperty("bench.work.ms", Integer.toString(work));
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopic("lanes-1", 1);
      kafka.createTopic("lanes-4", 4);
      // A round may commit a little past its target (records in flight when it stops): one
      // round's worth to spare.
      fill(kafka, "lanes-1", 1, perPartition * (rounds + 1));
      fill(kafka, "lanes-4", 4, perPartition * (rounds + 1));
      List<Double> one = new ArrayList<>();
      List<Double> four = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        one.add(rate(kafka, "lanes-1", perPartition, round));
        four.add(rate(kafka, "lanes-4", 4 * perPartition, round));
      }
      double single = median(one);
      double quad = median(four);
      System.out.printf(
          "kafka ordered, %d ms per record: 1 partition median_events_per_s=%.0f rounds=%s;"
              + " 4 partitions median_events_per_s=%.0f rounds=%s; ratio_to_4x_single=%.2f"
              + " (goal >= 0.8)%n",
          work,
          single,
          one.stream().map(Math::round).toList(),
          quad,
          four.stream().map(Math::round).toList(),
          quad / (4 * single));
    }
  }

  private static void fill(EmbeddedKafka kafka, String topic, int partitions, int perPartition)
      throws Exception {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG,
                20),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < perPartition; i++) {
        for (int p = 0; p < partitions; p++) {
          producer.send(
              new ProducerRecord<>(
                  topic, p, null, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
        }
      }
      producer.flush();
    }
  }

  /**
   * Reads {@code records} more from {@code topic} as a group that resumes where the last round
   * ended (each round starts on a backlog of the same size), and returns events/s from the first
   * commit to the last.
   */
  private static double rate(EmbeddedKafka kafka, String topic, int records, int round)
      throws Exception {
    String group = "lanes-" + topic;
    try (var admin = kafka.admin()) {
      long base = committed(admin, group);
      long target = base + records;
      try (SkylessRuntime runtime =
          SkylessRuntime.start(
              RuntimeEnv.parse(
                  Map.of(
                      "PORT", "0",
                      "SKYLESS_HOST", "127.0.0.1",
                      "SKYLESS_LOG_LEVEL", "warn",
                      "SKYLESS_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                      "SKYLESS_KAFKA_TOPICS", topic,
                      "SKYLESS_KAFKA_GROUP_ID", group,
                      // One round's backlog per poll at most, so a round stops where it should.
                      "SKYLESS_KAFKA_MAX_POLL_RECORDS", "50")),
              FunctionHandle.of(new Work()))) {
        // Timed from the first commit, so joining the group is not counted: the steady rate.
        long first;
        while ((first = committed(admin, group)) <= base) {
          Thread.sleep(5);
        }
        long start = System.nanoTime();
        long done;
        long lastPrint = System.nanoTime();
        while ((done = committed(admin, group)) < target) {
          Thread.sleep(10);
          if (System.getenv("LANES_DEBUG") != null && System.nanoTime() - lastPrint > 1e9) {
            lastPrint = System.nanoTime();
            System.err.println("DEBUG " + topic + " committed " + done + " target " + target);
          }
        }
        return (done - first) / ((System.nanoTime() - start) / 1e9);
      }
    }
  }

  private static long committed(org.apache.kafka.clients.admin.Admin admin, String group)
      throws Exception {
    return admin
        .listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata()
        .get(10, TimeUnit.SECONDS)
        .values()
        .stream()
        .filter(o -> o != null)
        .mapToLong(OffsetAndMetadata::offset)
        .sum();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
    return sorted.get(sorted.size() / 2);
  }
}
