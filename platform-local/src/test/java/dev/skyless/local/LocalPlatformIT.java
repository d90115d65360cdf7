package dev.skyless.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.skyless.kafka.embedded.KafkaTestClients;
import dev.skyless.local.main.LocalOptions;
import dev.skyless.local.main.LocalPlatform;
import dev.skyless.local.scale.PoolSnapshot;
import dev.skyless.local.status.ConsoleReporter;
import dev.skyless.local.status.DevState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local platform end to end with real parts: its own embedded Kafka, child JVMs per instance,
 * the gateway, Kafka triggers. Two functions: {@code echo} (HTTP, scales 0..3 with target 1) and
 * {@code seen} (Kafka-triggered, emits what it got, fails on poison).
 */
class LocalPlatformIT {

  private static final Duration IDLE = Duration.ofSeconds(2);

  @TempDir static Path dir;
  static LocalPlatform platform;
  static StringWriter console = new StringWriter();
  static HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeAll
  static void start() throws Exception {
    String classPath = System.getProperty("java.class.path");
    Path functions = Files.createDirectories(dir.resolve("functions"));
    Files.writeString(
        functions.resolve("echo.yaml"),
        """
        apiVersion: skyless.dev/v1alpha1
        kind: Function
        metadata:
          name: echo
          annotations:
            skyless.dev/local-class-path: "%s"
        spec:
          image: registry.local/echo:dev
          handler: dev.skyless.local.testing.Echo
          scale: {min: 0, max: 3, target: 1}
        """
            .formatted(classPath));
    Files.writeString(
        functions.resolve("seen.yaml"),
        """
        apiVersion: skyless.dev/v1alpha1
        kind: Function
        metadata:
          name: seen
          annotations:
            skyless.dev/local-class-path: "%s"
        spec:
          image: registry.local/seen:dev
          handler: dev.skyless.local.testing.RecordSeen
          events: {topic: test.seen}
          triggers:
            - name: orders
              kafka: {topics: [test.orders]}
              delivery: {retries: 2, backoffDelay: PT0.05S}
        """
            .formatted(classPath));
    Files.writeString(
        functions.resolve("broken.yaml"),
        """
        apiVersion: skyless.dev/v1alpha1
        kind: Function
        metadata:
          name: broken
          annotations:
            skyless.dev/local-class-path: "%s"
        spec:
          image: registry.local/broken:dev
          handler: dev.skyless.local.testing.NoSuchFunction
        """
            .formatted(classPath));
    platform =
        LocalPlatform.start(options(false), new ConsoleReporter(new PrintWriter(console), false));
  }

  /** This test's platform: free ports, its own state folder. */
  static LocalOptions options(boolean reset) {
    LocalOptions defaults = LocalOptions.defaults(List.of(dir.resolve("functions")));
    return new LocalOptions(
        defaults.functionPaths(),
        "127.0.0.1",
        0,
        Optional.empty(),
        0,
        IDLE,
        dir.resolve("state"),
        Duration.ofSeconds(60),
        defaults.jvmOptions(),
        Map.of(),
        reset,
        false);
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      List<Long> pids = allPids();
      platform.close();
      assertThat(pids).allSatisfy(pid -> assertThat(alive(pid)).as("pid %d", pid).isFalse());
      assertThat(DevState.read(dir.resolve("state"))).isEmpty();
    }
  }

  @Test
  void aSecondPlatformOnTheSameStateFolderIsRefusedAndTheFirstKeepsItsState() {
    LocalOptions same = options(true); // --reset too: it must not touch the running one's data
    assertThatThrownBy(
            () -> LocalPlatform.start(same, new ConsoleReporter(new PrintWriter(console), false)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("another skyless dev (pid " + ProcessHandle.current().pid())
        .hasMessageContaining(platform.url());
    assertThat(DevState.read(dir.resolve("state"))).isPresent();
  }

  @Test
  void coldRequestStartsAnInstanceWhichIdlesAwayAndStartsAgain() throws Exception {
    assertThat(snapshot("echo").state()).isEqualTo(PoolSnapshot.State.COLD);
    assertThat(DevState.read(dir.resolve("state")).orElseThrow().url()).isEqualTo(platform.url());

    HttpResponse<String> first = post("/echo/", "{\"text\":\"one\"}");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).contains("\"text\":\"one\"");
    long firstPid = pidOf(first.body());
    assertThat(alive(firstPid)).isTrue();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> snapshot("echo").instances() == 0 && !alive(firstPid));
    assertThat(snapshot("echo").state()).isEqualTo(PoolSnapshot.State.COLD);

    HttpResponse<String> second = post("/echo/", "{\"text\":\"two\"}");
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(pidOf(second.body())).isNotEqualTo(firstPid);
    assertThat(console.toString()).contains("echo: started instance", "echo: scaled down");
    assertThat(Files.readString(platform.logFile("echo"))).contains("ready:");
  }

  @Test
  void scalesOutWhenRequestsInFlightExceedTheTarget() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      calls.add(
          http.sendAsync(
              request("/echo/", "{\"text\":\"slow\",\"sleepMs\":2500}"),
              HttpResponse.BodyHandlers.ofString()));
    }
    int most = 0;
    while (!calls.stream().allMatch(CompletableFuture::isDone)) {
      PoolSnapshot now = snapshot("echo");
      most = Math.max(most, now.instances() + now.starting());
      Thread.sleep(50);
    }
    for (var call : calls) {
      assertThat(call.join().statusCode()).isEqualTo(200);
    }
    assertThat(most).as("instances ready or starting at the peak (max 3)").isBetween(2, 3);
  }

  @Test
  void aFunctionThatCannotStartIsA503WithOneLineOfReasonAndItsLog() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(platform.url() + "/broken/"))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("content-type", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
    var problem = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
    String detail = problem.get("detail").asText();
    assertThat(detail)
        .contains("exited with code 3 (function not found)")
        .contains("NoSuchFunction")
        .doesNotContain("\n", "\tat ", "Exception:");
    Path log = Path.of(problem.get("log").asText());
    assertThat(log).exists();
    assertThat(Files.readString(log))
        .as("the whole story is in the log")
        .contains("NoSuchFunction");
  }

  @Test
  void unknownFunctionIs404ProblemNamingTheKnownOnes() throws Exception {
    HttpResponse<String> response = post("/nope/", "{}");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(response.body()).contains("echo", "seen");
  }

  @Test
  void kafkaRecordsReachTheTriggeredFunctionAndPoisonIsDeadLettered() throws Exception {
    try (KafkaProducer<String, String> producer =
            KafkaTestClients.producer(platform.kafkaBootstrapServers());
        KafkaConsumer<String, String> seen =
            KafkaTestClients.consumer(platform.kafkaBootstrapServers(), "test.seen");
        KafkaConsumer<String, String> dlq =
            KafkaTestClients.consumer(platform.kafkaBootstrapServers(), "test.orders.dlq")) {
      producer.send(new ProducerRecord<>("test.orders", "1", "{\"id\":1}")).get();
      producer.send(new ProducerRecord<>("test.orders", "2", "{\"id\":2,\"poison\":true}")).get();
      producer.send(new ProducerRecord<>("test.orders", "3", "{\"id\":3}")).get();

      List<String> seenValues = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                seen.poll(Duration.ofMillis(200)).forEach(r -> seenValues.add(r.value()));
                return seenValues.size() >= 2;
              });
      assertThat(seenValues.get(0)).contains("\"id\":1");
      assertThat(seenValues.get(1)).contains("\"id\":3");

      List<ConsumerRecord<String, String>> dead = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                dlq.poll(Duration.ofMillis(200)).forEach(dead::add);
                return !dead.isEmpty();
              });
      ConsumerRecord<String, String> poison = dead.getFirst();
      assertThat(poison.value()).contains("\"poison\":true");
      assertThat(header(poison, dev.skyless.contract.DeadLetterHeaders.ATTEMPTS)).isEqualTo("3");
      assertThat(header(poison, dev.skyless.contract.DeadLetterHeaders.ERROR_MESSAGE))
          .contains("500");
      assertThat(header(poison, dev.skyless.contract.DeadLetterHeaders.ORIGINAL_TOPIC))
          .isEqualTo("test.orders");
      assertThat(header(poison, dev.skyless.contract.DeadLetterHeaders.TRIGGER)).isNotBlank();
      assertThat(header(poison, dev.skyless.contract.DeadLetterHeaders.FUNCTION)).isNotBlank();
    }
    // The trigger's consumer is a static member: a restarted dev takes its partitions back at
    // once instead of waiting for the old member's session to expire.
    try (var admin =
        org.apache.kafka.clients.admin.Admin.create(
            Map.of("bootstrap.servers", platform.kafkaBootstrapServers()))) {
      var groups =
          admin.listGroups().all().get(10, java.util.concurrent.TimeUnit.SECONDS).stream()
              .map(g -> g.groupId())
              .filter(g -> g.contains("seen"))
              .toList();
      var members =
          admin
              .describeConsumerGroups(groups)
              .all()
              .get(10, java.util.concurrent.TimeUnit.SECONDS)
              .values()
              .stream()
              .flatMap(d -> d.members().stream())
              .toList();
      assertThat(members)
          .as("members of %s", groups)
          .singleElement()
          .satisfies(
              m ->
                  assertThat(m.groupInstanceId())
                      .hasValueSatisfying(id -> assertThat(id).startsWith("skyless-dev.")));
    }
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static PoolSnapshot snapshot(String name) {
    return platform.snapshots().stream().filter(s -> s.name().equals(name)).findFirst().get();
  }

  private static List<Long> allPids() {
    return platform.snapshots().stream().flatMap(s -> s.pids().stream()).toList();
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static long pidOf(String body) {
    return Long.parseLong(body.replaceAll(".*\"pid\":(\\d+).*", "$1"));
  }

  private static HttpRequest request(String path, String body) {
    return HttpRequest.newBuilder(URI.create(platform.url() + path))
        .timeout(Duration.ofSeconds(90))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(request(path, body), HttpResponse.BodyHandlers.ofString());
  }
}
