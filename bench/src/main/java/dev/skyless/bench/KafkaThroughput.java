package dev.skyless.bench;

import dev.skyless.kafka.embedded.EmbeddedKafka;
import dev.skyless.runtime.config.RuntimeConfig;
import dev.skyless.runtime.config.RuntimeEnv;
import dev.skyless.runtime.function.FunctionHandle;
import dev.skyless.runtime.kafka.KafkaClients;
import dev.skyless.runtime.main.SkylessRuntime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka direct mode, end to end: a topic is filled once, then read to the end by (a) a raw {@code
 * KafkaConsumer} poll loop that commits after every poll, and (b) the runtime's direct consumer
 * with a no-op function, ordered and unordered, each with its own consumer group, alternating,
 * several rounds, on one in-process broker. Prints events/s medians and the ratio to the raw loop.
 *
 * <p>Usage: {@code KafkaThroughput [records] [rounds]}
 */
public final class KafkaThroughput {

  private static final String TOPIC = "bench-in";
  private static final int PARTITIONS = 4;

  private KafkaThroughput() {}

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopic(TOPIC, PARTITIONS);
      fill(kafka, records);
      Map<String, List<Double>> rates = new HashMap<>();
      for (int round = 0; round < rounds; round++) {
        rates
            .computeIfAbsent("raw-consumer", k -> new ArrayList<>())
            .add(raw(kafka, records, round));
        rates
            .computeIfAbsent("runtime-ordered", k -> new ArrayList<>())
            .add(runtime(kafka, records, round, "ordered"));
        rates
            .computeIfAbsent("runtime-unordered", k -> new ArrayList<>())
            .add(runtime(kafka, records, round, "unordered"));
      }
      double baseline = median(rates.get("raw-consumer"));
      for (String name : List.of("raw-consumer", "runtime-ordered", "runtime-unordered")) {
        double rate = median(rates.get(name));
        System.out.printf(
            "kafka %s median_events_per_s=%.0f ratio_to_raw=%.2f rounds=%s%n",
            name, rate, rate / baseline, rates.get(name).stream().map(r -> Math.round(r)).toList());
      }
    }
  }

  private static void fill(EmbeddedKafka kafka, int records) throws Exception {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                256 * 1024),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < records; i++) {
        byte[] value =
            ("{\"order\":" + i + ",\"customer\":\"c-" + (i % 977) + "\",\"total\":\"19.90\"}")
                .getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(TOPIC, ("k" + (i % 1000)).getBytes(), value));
      }
      producer.flush();
    }
  }

  private static RuntimeConfig config(EmbeddedKafka kafka, String group, String ordering) {
    return RuntimeEnv.parse(
        Map.of(
            "PORT",
            "0",
            "SKYLESS_HOST",
            "127.0.0.1",
            "SKYLESS_LOG_LEVEL",
            "warn",
            "SKYLESS_KAFKA_BOOTSTRAP_SERVERS",
            kafka.bootstrapServers(),
            "SKYLESS_KAFKA_TOPICS",
            TOPIC,
            "SKYLESS_KAFKA_GROUP_ID",
            group,
            "SKYLESS_KAFKA_ORDERING",
            ordering));
  }

  /** The baseline: poll, touch every record, commit after each poll. */
  private static double raw(EmbeddedKafka kafka, int records, int round) {
    RuntimeConfig config = config(kafka, "raw-" + round, "ordered");
    long start = System.nanoTime();
    long seen = 0;
    long checksum = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        KafkaClients.consumer(
            config.kafka().orElseThrow(), config.consumer().orElseThrow(), "raw")) {
      consumer.subscribe(List.of(TOPIC));
      while (seen < records) {
        var polled = consumer.poll(Duration.ofMillis(200));
        for (var record : polled) {
          checksum += record.value().length;
          seen++;
        }
        if (!polled.isEmpty()) {
          consumer.commitSync();
        }
      }
    }
    if (checksum == 0) {
      throw new IllegalStateException("no data read");
    }
    return records / seconds(start);
  }

  private static double runtime(EmbeddedKafka kafka, int records, int round, String ordering)
      throws Exception {
    String group = "runtime-" + ordering + "-" + round;
    long start = System.nanoTime();
    try (SkylessRuntime runtime =
            SkylessRuntime.start(
                config(kafka, group, ordering), FunctionHandle.of(new NoopEventFunction()));
        var admin = kafka.admin()) {
      while (committed(admin, group) < records) {
        Thread.sleep(20);
      }
      return records / seconds(start);
    }
  }

  private static long committed(org.apache.kafka.clients.admin.Admin admin, String group)
      throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(10, TimeUnit.SECONDS);
    return offsets.values().stream()
        .filter(o -> o != null)
        .mapToLong(OffsetAndMetadata::offset)
        .sum();
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
    return sorted.get(sorted.size() / 2);
  }
}
