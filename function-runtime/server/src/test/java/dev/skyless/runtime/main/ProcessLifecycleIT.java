package dev.skyless.runtime.main;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyless.kafka.embedded.EmbeddedKafka;
import dev.skyless.kafka.embedded.SharedKafka;
import dev.skyless.runtime.testing.ForwardingFunction;
import dev.skyless.runtime.testing.KafkaTestClients;
import dev.skyless.runtime.testing.RuntimeProcess;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What only a real process shows: an abrupt kill loses nothing; SIGTERM finishes work first. */
class ProcessLifecycleIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void broker() {
    kafka = SharedKafka.get();
  }

  private static Map<String, String> env(String in, String out, String extraGroup) {
    Map<String, String> env = new HashMap<>();
    env.put("SKYLESS_FUNCTION", ForwardingFunction.class.getName());
    env.put("SKYLESS_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("SKYLESS_KAFKA_TOPICS", in);
    env.put("SKYLESS_KAFKA_GROUP_ID", "group-" + in + extraGroup);
    env.put("SKYLESS_EVENTS_TOPIC", out);
    env.put("SKYLESS_LOG_LEVEL", "warn");
    return env;
  }

  @Test
  void killedAbruptlyMidStreamAndRestartedLosesNothing() throws Exception {
    String in = "crash-in";
    String out = "crash-out";
    kafka.createTopic(in, 2);
    kafka.createTopic(out, 1);
    int total = 2000;
    try (var producer = KafkaTestClients.producer(kafka.bootstrapServers())) {
      for (int i = 0; i < total; i++) {
        producer.send(new ProducerRecord<>(in, null, ("r-" + i).getBytes(StandardCharsets.UTF_8)));
      }
    }
    Map<String, String> env = env(in, out, "");
    env.put("FORWARD_SLEEP_MS", "2");
    env.put("SKYLESS_KAFKA_MAX_POLL_RECORDS", "50");
    // The killed member is only dropped from the group when its session times out.
    env.put("SKYLESS_KAFKA_PROPERTIES", "session.timeout.ms=6000\nheartbeat.interval.ms=1000");

    try (RuntimeProcess first = RuntimeProcess.start("crash-1", env)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> count(out) >= 300);
      first.kill();
    }
    long afterKill = count(out);
    assertThat(afterKill).as("killed mid-stream, not after the end").isLessThan(total);

    try (RuntimeProcess second = RuntimeProcess.start("crash-2", env)) {
      List<ConsumerRecord<byte[], byte[]>> forwarded =
          KafkaTestClients.readUntil(
              kafka.bootstrapServers(),
              out,
              Duration.ofSeconds(90),
              r -> distinct(r).size() >= total);
      Set<String> seen = distinct(forwarded);
      int duplicates = forwarded.size() - seen.size();
      System.out.printf(
          "kill -9 after %d forwarded; after restart %d distinct of %d, %d duplicates%n",
          afterKill, seen.size(), total, duplicates);
      assertThat(seen).hasSize(total);
      second.terminate(Duration.ofSeconds(30));
    }
  }

  @Test
  void sigtermFinishesInFlightRequestsAndEventsThenCommits() throws Exception {
    String in = "term-in";
    String out = "term-out";
    kafka.createTopic(in, 1);
    kafka.createTopic(out, 1);
    Map<String, String> env = env(in, out, "");
    env.put("FORWARD_SLEEP_MS", "1500");
    env.put("SKYLESS_KAFKA_ORDERING", "unordered");
    env.put("SKYLESS_SHUTDOWN_GRACE", "20s");

    try (RuntimeProcess process = RuntimeProcess.start("sigterm", env)) {
      try (var producer = KafkaTestClients.producer(kafka.bootstrapServers())) {
        for (int i = 0; i < 10; i++) {
          producer.send(
              new ProducerRecord<>(in, null, ("event-" + i).getBytes(StandardCharsets.UTF_8)));
        }
      }
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        requests.add(
            client.sendAsync(
                HttpRequest.newBuilder(process.uri("/"))
                    .timeout(Duration.ofSeconds(60))
                    .header("content-type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("http-" + i))
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> inFlight(process) >= 15);

      int exit = process.terminate(Duration.ofSeconds(40));

      assertThat(exit).as(process.output()).isIn(0, 143);
      for (var request : requests) {
        assertThat(request.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
      }
      Set<String> forwarded =
          distinct(
              KafkaTestClients.readUntil(
                  kafka.bootstrapServers(),
                  out,
                  Duration.ofSeconds(20),
                  r -> distinct(r).size() >= 15));
      assertThat(forwarded).hasSize(15);
      try (var admin = kafka.admin()) {
        var offsets =
            admin.listConsumerGroupOffsets("group-" + in).partitionsToOffsetAndMetadata().get();
        assertThat(offsets.get(new TopicPartition(in, 0)).offset()).isEqualTo(10);
      }
    }
  }

  private static double inFlight(RuntimeProcess process) throws Exception {
    try {
      String metrics =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .build()
              .send(
                  HttpRequest.newBuilder(process.uri("/metrics"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      for (String line : metrics.split("\n")) {
        if (line.startsWith("skyless_invocations_in_flight{")) {
          return Double.parseDouble(line.substring(line.indexOf(' ') + 1));
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return 0;
  }

  private static long count(String topic) throws Exception {
    try (var admin = kafka.admin()) {
      var end =
          admin
              .listOffsets(
                  Map.of(
                      new TopicPartition(topic, 0),
                      org.apache.kafka.clients.admin.OffsetSpec.latest()))
              .all()
              .get(10, TimeUnit.SECONDS);
      return end.values().stream().mapToLong(i -> i.offset()).sum();
    }
  }

  private static Set<String> distinct(List<ConsumerRecord<byte[], byte[]>> records) {
    Set<String> data = new HashSet<>();
    for (var record : records) {
      try {
        data.add(JSON.readTree(record.value()).get("data").asText());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return data;
  }
}
