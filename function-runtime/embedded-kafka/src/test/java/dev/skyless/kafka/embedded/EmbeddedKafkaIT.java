package dev.skyless.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

  @Test
  void producesAndConsumesOnARealBroker() throws Exception {
    EmbeddedKafka kafka = SharedKafka.get();
    kafka.createTopic("embedded-roundtrip", 2);
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      for (int i = 0; i < 10; i++) {
        producer.send(new ProducerRecord<>("embedded-roundtrip", "k" + i, "v" + i)).get();
      }
    }
    List<String> values = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "embedded-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of("embedded-roundtrip"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (values.size() < 10 && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
      }
    }
    assertThat(values).hasSize(10).contains("v0", "v9");
  }

  @Test
  void keepsTopicsAcrossARestartWithTheSameDataFolder(@TempDir Path dir) throws Exception {
    String servers;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
      kafka.createTopic("survives-restart", 1);
      servers = kafka.bootstrapServers();
    }
    assertThat(Files.exists(dir.resolve("log").resolve("meta.properties"))).isTrue();
    int port = Integer.parseInt(servers.substring(servers.lastIndexOf(':') + 1));
    try (EmbeddedKafka again = EmbeddedKafka.start(dir, port);
        var admin = again.admin()) {
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("survives-restart");
    }
  }
}
