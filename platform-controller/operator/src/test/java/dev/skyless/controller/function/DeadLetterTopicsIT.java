package dev.skyless.controller.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.controller.function.impl.KafkaDeadLetterTopics;
import dev.skyless.controller.testing.ControllerHarness;
import dev.skyless.controller.testing.FakeGarbageCollector;
import dev.skyless.controller.testing.FakeKnative;
import dev.skyless.controller.testing.Functions;
import dev.skyless.kafka.embedded.EmbeddedKafka;
import dev.skyless.kafka.embedded.SharedKafka;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Dead-letter topics belong to no Function and no sink: the controller creates them on a real
 * broker before the sinks, the sinks leave numPartitions and replicationFactor unset (so Knative
 * treats the topic as external and never deletes it), and deleting one Function, renaming a
 * trigger, or deleting the last Function keeps the topic and every record in it.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class DeadLetterTopicsIT {

  KubernetesClient client;

  private static final String NS = "shop";
  private static final String DLQ = "dlq-it.orders.dlq";

  @Test
  void deadLettersOutliveTheirFunctionsSinksAndTriggers() throws Exception {
    EmbeddedKafka kafka = SharedKafka.get();
    ControllerHarness.installCrds(client, true);
    ControllerHarness.platformConfigMap(
        client, Map.of("kafka.bootstrapServers", kafka.bootstrapServers()));
    try (var topics = new KafkaDeadLetterTopics(Map.of());
        var knative = new FakeKnative(client);
        var gc = new FakeGarbageCollector(client);
        var controller = ControllerHarness.start(client, topics)) {
      client.resource(Functions.withSpec("first", trigger("t"))).create();
      client.resource(Functions.withSpec("second", trigger("t"))).create();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(sinks()).containsOnlyKeys("first-t-dlq", "second-t-dlq"));
      assertThat(topicsOn(kafka)).contains(DLQ);
      assertThat(sinks().values())
          .allSatisfy(
              sink -> {
                assertThat(sink.getSpec().getTopic()).isEqualTo(DLQ);
                assertThat(sink.getSpec().getNumPartitions()).isNull();
                assertThat(sink.getSpec().getReplicationFactor()).isNull();
              });
      deadLetter(kafka, 3);

      client.resources(Function.class).inNamespace(NS).withName("first").delete();
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(sinks()).containsOnlyKeys("second-t-dlq"));
      assertThat(records(kafka)).as("after deleting one Function").hasSize(3);

      ControllerHarness.edit(
          client,
          NS,
          "second",
          f -> {
            f.getSpec().getTriggers().getFirst().setName("renamed");
            return f;
          });
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(sinks()).containsOnlyKeys("second-renamed-dlq"));
      assertThat(records(kafka)).as("after renaming the trigger").hasSize(3);

      client.resources(Function.class).inNamespace(NS).withName("second").delete();
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(sinks()).isEmpty());
      assertThat(topicsOn(kafka)).contains(DLQ);
      assertThat(records(kafka)).as("after deleting every Function").hasSize(3);
    }
  }

  private static String trigger(String name) {
    return "triggers: [{name: " + name + ", kafka: {topics: [dlq-it.orders]}}]";
  }

  private Map<String, KafkaSink> sinks() {
    Map<String, KafkaSink> sinks = new java.util.TreeMap<>();
    client
        .resources(KafkaSink.class)
        .inNamespace(NS)
        .list()
        .getItems()
        .forEach(s -> sinks.put(s.getMetadata().getName(), s));
    return sinks;
  }

  private static java.util.Set<String> topicsOn(EmbeddedKafka kafka) throws Exception {
    try (var admin = kafka.admin()) {
      return admin.listTopics().names().get(10, TimeUnit.SECONDS);
    }
  }

  /** Writes {@code count} records to the dead-letter topic, as a dead-letter sink would. */
  private static void deadLetter(EmbeddedKafka kafka, int count) throws Exception {
    try (var producer =
        new KafkaProducer<String, String>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new StringSerializer())) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(DLQ, "k" + i, "event " + i)).get(10, TimeUnit.SECONDS);
      }
    }
  }

  private static List<String> records(EmbeddedKafka kafka) {
    try (var consumer =
        new KafkaConsumer<String, String>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false"),
            new StringDeserializer(),
            new StringDeserializer())) {
      var partition = new TopicPartition(DLQ, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      List<String> values = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (consumer.position(partition) < end && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
      }
      return values;
    }
  }
}
