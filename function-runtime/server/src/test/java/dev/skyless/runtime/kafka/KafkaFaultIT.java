package dev.skyless.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skyless.runtime.testing.AppendingFunction;
import dev.skyless.runtime.testing.BrokerProcess;
import dev.skyless.runtime.testing.KafkaTestClients;
import dev.skyless.runtime.testing.RuntimeProcess;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The direct consumer through the faults a cluster deals it, all real processes: 10,000 records on
 * 4 partitions (ordered), the runtime killed with SIGKILL twice and restarted, the broker killed
 * with SIGKILL and restarted on its data, then the broker gone for 90 s mid-stream. Asserts that no
 * record is lost (distinct ids processed), that readiness goes down while the broker is away and
 * comes back, and reports duplicates and the time to resume after each fault.
 */
class KafkaFaultIT {

  private static final String TOPIC = "fault-in";
  private static final String GROUP = "group-fault";
  private static final int TOTAL = 10_000;
  private static final Duration OUTAGE = Duration.ofSeconds(90);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir Path work;

  private final List<String> report = new ArrayList<>();
  private int produced;

  @Test
  void nothingIsLostThroughCrashesAndBrokerOutagesAndConsumptionResumesByItself() throws Exception {
    Path processed = work.resolve("processed.txt");
    try (BrokerProcess broker = BrokerProcess.start(work.resolve("kafka"))) {
      try (Admin admin = admin(broker)) {
        admin
            .createTopics(List.of(new NewTopic(TOPIC, 4, (short) 1)))
            .all()
            .get(30, TimeUnit.SECONDS);
        dev.skyless.kafka.embedded.EmbeddedKafka.awaitLeaders(admin, TOPIC);
      }
      Map<String, String> env = env(broker, processed);

      // Two SIGKILLs of the runtime, each mid-backlog; a static member takes its partitions back.
      produce(broker, 4_000);
      RuntimeProcess runtime = RuntimeProcess.start("fault-1", env);
      for (int crash = 1; crash <= 2; crash++) {
        int before = lines(processed).size();
        await().atMost(Duration.ofSeconds(60)).until(() -> lines(processed).size() >= before + 800);
        runtime.kill();
        long killed = System.nanoTime();
        int atKill = lines(processed).size();
        runtime = RuntimeProcess.start("fault-" + (crash + 1), env);
        long ready = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).until(() -> lines(processed).size() > atKill);
        report.add(
            String.format(
                "kill -9 #%d: records flowing again %d ms after the kill (process ready after %d ms)",
                crash, millisSince(killed), (ready - killed) / 1_000_000));
      }
      try (RuntimeProcess last = runtime) {
        await().atMost(Duration.ofSeconds(60)).until(() -> distinct(processed) >= 4_000);

        // The broker killed with SIGKILL mid-stream and restarted on its data.
        produce(broker, 3_000);
        await().atMost(Duration.ofSeconds(60)).until(() -> distinct(processed) >= 4_500);
        long committedBefore = committed(broker);
        broker.kill();
        broker.restart();
        long back = System.nanoTime();
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> committed(broker) > committedBefore);
        report.add(
            String.format(
                "broker kill -9 and restart: offsets committed again %d ms after it was back",
                millisSince(back)));
        await().atMost(Duration.ofSeconds(60)).until(() -> distinct(processed) >= 7_000);

        // The broker away for 90 s mid-stream.
        produce(broker, 3_000);
        await().atMost(Duration.ofSeconds(60)).until(() -> distinct(processed) >= 7_300);
        long committedBeforeOutage = committed(broker);
        long gone = System.nanoTime();
        broker.stop();
        long stopped = millisSince(gone);
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> status(last, "/health/ready") == 503);
        long notReady = millisSince(gone);
        assertThat(status(last, "/health/live")).as("a restart would not help").isEqualTo(200);
        assertThat(body(last, "/metrics"))
            .containsPattern("skyless_kafka_consumer_stalled\\{function=\"[^\"]+\"} 1\\.0");
        Thread.sleep(Math.max(0, OUTAGE.toMillis() - millisSince(gone)));
        broker.restart();
        long returned = System.nanoTime();
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> committed(broker) > committedBeforeOutage);
        long resumed = millisSince(returned);
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> status(last, "/health/ready") == 200);
        report.add(
            String.format(
                "broker away %d s (its clean shutdown took %d ms): not ready %d ms after the"
                    + " shutdown began; offsets committed again %d ms and ready again %d ms after it"
                    + " was back",
                OUTAGE.toSeconds(), stopped, notReady, resumed, millisSince(returned)));
        assertThat(body(last, "/metrics"))
            .containsPattern("skyless_kafka_consumer_stalled\\{function=\"[^\"]+\"} 0\\.0");

        await().atMost(Duration.ofSeconds(120)).until(() -> distinct(processed) >= TOTAL);
        await().atMost(Duration.ofSeconds(30)).until(() -> committed(broker) == TOTAL);
        last.terminate(Duration.ofSeconds(30));
      }
    }
    List<String> all = lines(processed);
    Set<String> seen = new HashSet<>(all);
    report.add(
        String.format(
            "%d records produced, %d distinct processed, %d lost, %d duplicates",
            produced, seen.size(), produced - seen.size(), all.size() - seen.size()));
    report.forEach(line -> System.out.println("KafkaFaultIT: " + line));
    assertThat(produced).isEqualTo(TOTAL);
    assertThat(seen).as("no record lost").hasSize(TOTAL);
  }

  private static Map<String, String> env(BrokerProcess broker, Path processed) {
    Map<String, String> env = new HashMap<>();
    env.put("SKYLESS_FUNCTION", AppendingFunction.class.getName());
    env.put("APPEND_FILE", processed.toString());
    env.put("APPEND_SLEEP_MS", "2");
    env.put("SKYLESS_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
    env.put("SKYLESS_KAFKA_TOPICS", TOPIC);
    env.put("SKYLESS_KAFKA_GROUP_ID", GROUP);
    env.put("SKYLESS_KAFKA_INSTANCE_ID", "fault-runtime-0");
    env.put("SKYLESS_KAFKA_MAX_POLL_RECORDS", "100");
    env.put("SKYLESS_KAFKA_STALL_AFTER", "10s");
    env.put("SKYLESS_LOG_LEVEL", "info");
    return env;
  }

  private void produce(BrokerProcess broker, int count) throws Exception {
    try (var producer = KafkaTestClients.producer(broker.bootstrapServers())) {
      for (int i = 0; i < count; i++) {
        int n = produced++;
        producer.send(
            new ProducerRecord<>(
                TOPIC, n % 4, null, ("\"r-" + n + "\"").getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }

  private static long committed(BrokerProcess broker) {
    try (Admin admin = admin(broker)) {
      return admin
          .listConsumerGroupOffsets(GROUP)
          .partitionsToOffsetAndMetadata()
          .get(5, TimeUnit.SECONDS)
          .values()
          .stream()
          .filter(java.util.Objects::nonNull)
          .mapToLong(o -> o.offset())
          .sum();
    } catch (Exception e) {
      return -1;
    }
  }

  private static Admin admin(BrokerProcess broker) {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000));
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }

  private static int distinct(Path file) throws IOException {
    return new HashSet<>(lines(file)).size();
  }

  private static int status(RuntimeProcess runtime, String path) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(runtime.uri(path)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static String body(RuntimeProcess runtime, String path) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(runtime.uri(path)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
