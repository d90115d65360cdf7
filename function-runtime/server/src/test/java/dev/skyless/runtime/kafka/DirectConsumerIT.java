package dev.skyless.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skyless.kafka.embedded.EmbeddedKafka;
import dev.skyless.kafka.embedded.SharedKafka;
import dev.skyless.runtime.testing.FunctionTestServer;
import dev.skyless.runtime.testing.KafkaTestClients;
import dev.skyless.runtime.testing.RecordingFunction;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The direct consumer mode on a real broker: delivery, order, retries, dead letters, commits. */
class DirectConsumerIT {

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void broker() {
    kafka = SharedKafka.get();
  }

  private static Map<String, String> consumerEnv(String topic, String ordering) {
    Map<String, String> env = new HashMap<>();
    env.put("SKYLESS_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("SKYLESS_KAFKA_TOPICS", topic);
    env.put("SKYLESS_KAFKA_GROUP_ID", "group-" + topic);
    env.put("SKYLESS_KAFKA_ORDERING", ordering);
    env.put("SKYLESS_KAFKA_BACKOFF_DELAY", "10ms");
    env.put("SKYLESS_KAFKA_RETRIES", "2");
    env.put("K_SERVICE", "consumer-test");
    return env;
  }

  private static void produce(String topic, int count) throws Exception {
    try (var producer = KafkaTestClients.producer(kafka.bootstrapServers())) {
      for (int i = 0; i < count; i++) {
        producer.send(
            new ProducerRecord<>(topic, bytes("key-" + (i % 16)), bytes("{\"seq\":" + i + "}")));
      }
      producer.flush();
    }
  }

  @Test
  void orderedModeDeliversEveryRecordInPartitionOrder() throws Exception {
    String topic = "ordered-in";
    kafka.createTopic(topic, 4);
    produce(topic, 1000);
    RecordingFunction function = new RecordingFunction(0);

    try (FunctionTestServer runtime =
        FunctionTestServer.start(function, consumerEnv(topic, "ordered"))) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> new HashSet<>(function.data()).size() == 1000);

      Map<Integer, Long> lastOffset = new HashMap<>();
      for (CloudEvent event : function.seen) {
        String[] parts = event.getId().split("[:/]");
        int partition = Integer.parseInt(parts[1]);
        long offset = Long.parseLong(parts[3]);
        Long previous = lastOffset.put(partition, offset);
        assertThat(previous == null || offset > previous)
            .as("partition %d went from %s to %d", partition, previous, offset)
            .isTrue();
      }
      assertThat(lastOffset).hasSize(4);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> committed("group-" + topic, topic, 4) == 1000);
    }
  }

  @Test
  void unorderedModeRunsRecordsInParallel() throws Exception {
    String topic = "unordered-in";
    kafka.createTopic(topic, 2);
    produce(topic, 300);
    RecordingFunction function = new RecordingFunction(20);

    try (FunctionTestServer runtime =
        FunctionTestServer.start(function, consumerEnv(topic, "unordered"))) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> new HashSet<>(function.data()).size() == 300);
      assertThat(function.maxRunning.get()).isGreaterThan(2);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> committed("group-" + topic, topic, 2) == 300);
    }
  }

  @Test
  void poisonRecordIsRetriedThenDeadLetteredAndTheRestStillArrive() throws Exception {
    String topic = "poison-in";
    kafka.createTopic(topic, 1);
    try (var producer = KafkaTestClients.producer(kafka.bootstrapServers())) {
      for (String value : List.of("ok-0", "poison-1", "ok-2", "ok-3")) {
        producer.send(new ProducerRecord<>(topic, bytes("k"), bytes(value))).get();
      }
    }
    RecordingFunction function = new RecordingFunction(0);

    try (FunctionTestServer runtime =
        FunctionTestServer.start(function, consumerEnv(topic, "ordered"))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> function.data().size() == 3);
      assertThat(function.data()).containsExactly("ok-0", "ok-2", "ok-3");
      assertThat(function.attempts.get("poison-1").get()).isEqualTo(3);

      List<ConsumerRecord<byte[], byte[]>> letters =
          KafkaTestClients.readUntil(
              kafka.bootstrapServers(), topic + ".dlq", Duration.ofSeconds(30), r -> !r.isEmpty());
      assertThat(letters).hasSize(1);
      ConsumerRecord<byte[], byte[]> letter = letters.getFirst();
      assertThat(text(letter.value())).isEqualTo("poison-1");
      assertThat(text(letter.key())).isEqualTo("k");
      assertThat(header(letter, dev.skyless.contract.DeadLetterHeaders.ERROR_CLASS))
          .isEqualTo("java.lang.IllegalArgumentException");
      assertThat(header(letter, dev.skyless.contract.DeadLetterHeaders.ERROR_MESSAGE))
          .isEqualTo("cannot digest poison-1");
      assertThat(header(letter, dev.skyless.contract.DeadLetterHeaders.ATTEMPTS)).isEqualTo("3");
      assertThat(header(letter, dev.skyless.contract.DeadLetterHeaders.ORIGINAL_TOPIC))
          .isEqualTo(topic);
      assertThat(header(letter, dev.skyless.contract.DeadLetterHeaders.ORIGINAL_PARTITION))
          .isEqualTo("0");
      assertThat(header(letter, dev.skyless.contract.DeadLetterHeaders.ORIGINAL_OFFSET))
          .isEqualTo("1");
      // Dead-letter topics are shared: the record names who gave up on it.
      assertThat(header(letter, dev.skyless.contract.DeadLetterHeaders.FUNCTION))
          .isEqualTo("consumer-test");
      assertThat(header(letter, dev.skyless.contract.DeadLetterHeaders.NAMESPACE))
          .isEqualTo("default");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> committed("group-" + topic, topic, 1) == 4);
      assertThat(runtime.get("/metrics").body())
          .containsPattern("skyless_kafka_dead_letters_total\\{function=\"[^\"]+\"} 1\\.0");
    }
  }

  @Test
  void anInvalidCloudEventIsDeadLetteredAtOnceNamingTheAttribute() throws Exception {
    String topic = "invalid-ce-in";
    kafka.createTopic(topic, 1);
    try (var producer = KafkaTestClients.producer(kafka.bootstrapServers())) {
      ProducerRecord<byte[], byte[]> invalid =
          new ProducerRecord<>(topic, null, bytes("k"), bytes("{\"x\":1}"));
      for (String[] header :
          new String[][] {
            {"ce_specversion", "1.0"}, {"ce_id", ""}, {"ce_source", "/s"}, {"ce_type", "t"}
          }) {
        invalid.headers().add(header[0], bytes(header[1]));
      }
      producer.send(invalid).get();
      producer.send(new ProducerRecord<>(topic, bytes("k"), bytes("ok-after"))).get();
    }
    RecordingFunction function = new RecordingFunction(0);

    try (FunctionTestServer runtime =
        FunctionTestServer.start(function, consumerEnv(topic, "ordered"))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> function.data().contains("ok-after"));
      List<ConsumerRecord<byte[], byte[]>> letters =
          KafkaTestClients.readUntil(
              kafka.bootstrapServers(), topic + ".dlq", Duration.ofSeconds(30), r -> !r.isEmpty());
      assertThat(letters).hasSize(1);
      assertThat(header(letters.getFirst(), dev.skyless.contract.DeadLetterHeaders.ERROR_MESSAGE))
          .isEqualTo("CloudEvent attribute 'id' must not be empty");
      assertThat(header(letters.getFirst(), dev.skyless.contract.DeadLetterHeaders.ATTEMPTS))
          .isEqualTo("1");
      assertThat(function.data()).containsExactly("ok-after");
    }
  }

  @Test
  void aConsumerThatCannotReachItsBrokerTakesReadinessDownButNotLiveness() throws Exception {
    Map<String, String> env = consumerEnv("unreachable-in", "ordered");
    try (var socket = new java.net.ServerSocket(0)) {
      // A port nothing listens on once the socket is closed.
      env.put("SKYLESS_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + socket.getLocalPort());
    }
    env.put("SKYLESS_KAFKA_STALL_AFTER", "1s");

    try (FunctionTestServer runtime = FunctionTestServer.start(new RecordingFunction(0), env)) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> runtime.get("/health/ready").statusCode() == 503);
      assertThat(runtime.get("/health/ready").body())
          .contains("kafka consumer: has not joined its consumer group");
      assertThat(runtime.get("/health/live").statusCode()).isEqualTo(200);
      assertThat(runtime.get("/metrics").body())
          .containsPattern("skyless_kafka_consumer_stalled\\{function=\"[^\"]+\"} 1\\.0");
    }
  }

  @Test
  void aRecordSlowerThanTheTimeoutIsRetriedThenDeadLetteredAndTheLaneGoesOn() throws Exception {
    String topic = "slow-in";
    kafka.createTopic(topic, 1);
    try (var producer = KafkaTestClients.producer(kafka.bootstrapServers())) {
      for (String value : List.of("slow-0", "ok-1")) {
        producer.send(new ProducerRecord<>(topic, bytes("k"), bytes(value))).get();
      }
    }
    RecordingFunction function = new RecordingFunction(0);
    Map<String, String> env = consumerEnv(topic, "ordered");
    env.put("SKYLESS_TIMEOUT", "300ms");
    env.put("SKYLESS_KAFKA_RETRIES", "1");

    try (FunctionTestServer runtime = FunctionTestServer.start(function, env)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> function.data().contains("ok-1"));

      List<ConsumerRecord<byte[], byte[]>> letters =
          KafkaTestClients.readUntil(
              kafka.bootstrapServers(), topic + ".dlq", Duration.ofSeconds(10), r -> !r.isEmpty());
      assertThat(letters).hasSize(1);
      assertThat(header(letters.getFirst(), dev.skyless.contract.DeadLetterHeaders.ERROR_CLASS))
          .isEqualTo("java.util.concurrent.TimeoutException");
      assertThat(header(letters.getFirst(), dev.skyless.contract.DeadLetterHeaders.ATTEMPTS))
          .isEqualTo("2");
      assertThat(function.attempts.get("slow-0").get()).isEqualTo(2);
    }
  }

  @Test
  void recordsAreSeenAsKafkaSourceWouldDeliverThem() throws Exception {
    String topic = "shape-in";
    kafka.createTopic(topic, 1);
    CloudEvent original =
        CloudEventBuilder.v1()
            .withId("order-42")
            .withSource(URI.create("/shop"))
            .withType("com.example.order.placed")
            .withData("application/json", bytes("{\"order\":42}"))
            .build();
    try (var producer = KafkaTestClients.producer(kafka.bootstrapServers())) {
      producer
          .send(new ProducerRecord<>(topic, bytes("customer-7"), bytes("{\"plain\":true}")))
          .get();
      producer
          .send(KafkaMessageFactory.<byte[]>createWriter(topic, null).writeBinary(original))
          .get();
    }
    RecordingFunction function = new RecordingFunction(0);

    try (FunctionTestServer runtime =
        FunctionTestServer.start(function, consumerEnv(topic, "ordered"))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> function.seen.size() == 2);

      CloudEvent wrapped = function.seen.get(0);
      assertThat(wrapped.getType()).isEqualTo("dev.knative.kafka.event");
      assertThat(wrapped.getId()).isEqualTo("partition:0/offset:0");
      assertThat(wrapped.getSubject()).isEqualTo("partition:0#0");
      assertThat(wrapped.getSource())
          .hasToString("/apis/v1/namespaces/default/kafkasources/consumer-test#" + topic);
      assertThat(wrapped.getExtension("key")).isEqualTo("customer-7");
      assertThat(wrapped.getExtension("partitionkey")).isEqualTo("customer-7");
      assertThat(wrapped.getTime()).isNotNull();

      CloudEvent passedThrough = function.seen.get(1);
      assertThat(passedThrough.getId()).isEqualTo("order-42");
      assertThat(passedThrough.getType()).isEqualTo("com.example.order.placed");
      assertThat(text(passedThrough.getData().toBytes())).isEqualTo("{\"order\":42}");
    }
  }

  private static long committed(String group, String topic, int partitions) throws Exception {
    try (var admin = kafka.admin()) {
      return KafkaTestClients.committed(admin, group, topic, partitions);
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return text(record.headers().lastHeader(name).value());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
