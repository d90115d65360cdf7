package dev.skyless.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyless.local.main.LocalOptions;
import dev.skyless.local.main.LocalPlatform;
import dev.skyless.local.scale.PoolSnapshot;
import dev.skyless.local.status.ConsoleReporter;
import dev.skyless.local.testing.Flaky;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schedules, async calls and routes under the real local platform (embedded Kafka, child JVMs, the
 * gateway, the trigger consumers): what a developer sees with {@code skyless dev}.
 */
class PatternsUnderDevIT {

  private static final ObjectMapper JSON = new ObjectMapper();

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
    write(
        functions,
        "flaky",
        """
        handler: dev.skyless.local.testing.Flaky
        async: {onSuccess: test.done, onFailure: test.failed, delivery: {retries: 2, backoffDelay: PT0.02S}}
        """,
        classPath);
    write(
        functions,
        "unlucky",
        """
        handler: dev.skyless.local.testing.Flaky
        async: {onFailure: test.unlucky, delivery: {retries: 1, backoffDelay: PT0.02S}}
        """,
        classPath);
    write(
        functions,
        "routed",
        """
        handler: dev.skyless.local.testing.Routed
        http:
          routes:
            - {method: GET, path: '/orders/{id}'}
            - {method: DELETE, path: '/orders/{id}'}
            - {path: '/files/{bucket}/*'}
          cors: {allowOrigins: ['https://shop.example.com'], allowMethods: [GET, DELETE], allowHeaders: [content-type], maxAge: 600}
        """,
        classPath);
    write(
        functions,
        "ticker",
        """
        handler: dev.skyless.local.testing.Ticker
        events: {topic: test.ticks}
        triggers:
          - {name: minutely, schedule: {cron: '* * * * *', timeZone: Europe/Berlin, type: com.example.tick, data: {job: report}}}
        """,
        classPath);
    LocalOptions defaults = LocalOptions.defaults(List.of(functions));
    LocalOptions options =
        new LocalOptions(
            defaults.functionPaths(),
            "127.0.0.1",
            0,
            Optional.empty(),
            0,
            Duration.ofSeconds(30),
            dir.resolve("state"),
            Duration.ofSeconds(60),
            defaults.jvmOptions(),
            Map.of(),
            false,
            false);
    platform = LocalPlatform.start(options, new ConsoleReporter(new PrintWriter(console), false));
  }

  private static void write(Path dir, String name, String spec, String classPath) throws Exception {
    Files.writeString(
        dir.resolve(name + ".yaml"),
        """
        apiVersion: skyless.dev/v1alpha1
        kind: Function
        metadata:
          name: %s
          annotations:
            skyless.dev/local-class-path: "%s"
        spec:
          image: registry.local/%s:dev
        """
                .formatted(name, classPath, name)
            + spec.lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n"));
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void athousandAsyncCallsToAColdFlakyFunctionEachEndExactlyOnce() throws Exception {
    assertThat(snapshot("flaky").state()).isEqualTo(PoolSnapshot.State.COLD);
    int calls = 1000;
    List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      sent.add(
          http.sendAsync(
              HttpRequest.newBuilder(URI.create(platform.url() + "/flaky/"))
                  .header("content-type", "application/json")
                  .header("prefer", "respond-async")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + i + "}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    Set<String> ids = new HashSet<>();
    for (var call : sent) {
      HttpResponse<String> response = call.join();
      assertThat(response.statusCode()).isEqualTo(202);
      assertThat(response.headers().firstValue("preference-applied")).contains("respond-async");
      ids.add(JSON.readTree(response.body()).get("invocationId").asText());
    }
    assertThat(ids).hasSize(calls);
    Set<String> failing = new HashSet<>();
    ids.stream().filter(Flaky::fails).forEach(failing::add);
    assertThat(failing).isNotEmpty();

    Map<String, Integer> succeeded = new HashMap<>();
    Map<String, Integer> failed = new HashMap<>();
    Map<String, Integer> deadLetters = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      consumer.subscribe(List.of("test.done", "test.failed", "default.flaky.async.dlq"));
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                  switch (r.topic()) {
                    case "test.done" ->
                        succeeded.merge(header(r, "ce_invocationid"), 1, Integer::sum);
                    case "test.failed" ->
                        failed.merge(header(r, "ce_invocationid"), 1, Integer::sum);
                    default -> deadLetters.merge(header(r, "ce_id"), 1, Integer::sum);
                  }
                }
                return succeeded.size() + failed.size() >= calls
                    && deadLetters.size() >= failing.size();
              });
      // A little longer: nothing arrives twice.
      for (int i = 0; i < 4; i++) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          switch (r.topic()) {
            case "test.done" -> succeeded.merge(header(r, "ce_invocationid"), 1, Integer::sum);
            case "test.failed" -> failed.merge(header(r, "ce_invocationid"), 1, Integer::sum);
            default -> deadLetters.merge(header(r, "ce_id"), 1, Integer::sum);
          }
        }
      }
    }
    Set<String> passing = new HashSet<>(ids);
    passing.removeAll(failing);
    assertThat(succeeded.keySet()).isEqualTo(passing);
    assertThat(failed.keySet()).isEqualTo(failing);
    assertThat(deadLetters.keySet()).isEqualTo(failing);
    assertThat(succeeded.values()).allMatch(n -> n == 1);
    assertThat(failed.values()).allMatch(n -> n == 1);
    assertThat(deadLetters.values()).allMatch(n -> n == 1);
    System.out.printf(
        "async: %d calls, %d succeeded, %d dead-lettered and reported failed%n",
        calls, succeeded.size(), failed.size());
  }

  @Test
  void aFailureEventCarriesTheProblemAndTheAttempts() throws Exception {
    // One call whose id is known to fail: its failure event has the status and the problem.
    String id;
    do {
      id = UUID.randomUUID().toString();
    } while (!Flaky.fails(id));
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(platform.url() + "/unlucky/"))
                .header("prefer", "respond-async")
                .header("ce-specversion", "1.0")
                .header("ce-id", id)
                .header("ce-type", "com.example.job")
                .header("ce-source", "/test")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\":7}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(response.body()).get("invocationId").asText()).isEqualTo(id);
    String wanted = id;
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      consumer.subscribe(List.of("test.unlucky"));
      JsonNode[] found = new JsonNode[1];
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                  if (wanted.equals(header(r, "ce_invocationid"))) {
                    found[0] = JSON.readTree(r.value());
                  }
                }
                return found[0] != null;
              });
      assertThat(found[0].get("status").asInt()).isEqualTo(500);
      assertThat(found[0].get("type").asText()).isEqualTo("com.example.job");
      assertThat(found[0].get("problem").get("status").asInt()).isEqualTo(500);
    }
  }

  @Test
  void routesAreServedAtTheRootWithParametersMethodsAndCors() throws Exception {
    HttpResponse<String> got =
        send("GET", "/orders/a%20b", Map.of("origin", "https://shop.example.com"));
    assertThat(got.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(got.body());
    assertThat(body.get("route").asText()).isEqualTo("GET /orders/{id}");
    assertThat(body.get("parameters").get("id").asText()).isEqualTo("a b");
    assertThat(body.get("path").asText()).isEqualTo("/orders/a%20b");
    assertThat(got.headers().firstValue("access-control-allow-origin"))
        .contains("https://shop.example.com");

    HttpResponse<String> files = send("PUT", "/files/media/cats/1.jpg", Map.of());
    assertThat(JSON.readTree(files.body()).get("route").asText()).isEqualTo("* /files/{bucket}/*");
    assertThat(JSON.readTree(files.body()).get("parameters").get("bucket").asText())
        .isEqualTo("media");

    HttpResponse<String> wrong = send("POST", "/orders/1", Map.of());
    assertThat(wrong.statusCode()).isEqualTo(405);
    assertThat(wrong.headers().firstValue("allow")).contains("DELETE, GET, HEAD");
    assertThat(wrong.headers().firstValue("content-type")).contains("application/problem+json");

    HttpResponse<String> unknown = send("GET", "/nothing/here", Map.of());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("content-type")).contains("application/problem+json");
    assertThat(unknown.body()).contains("no route takes GET /nothing/here");

    // The function's own prefix still works, and the route is matched inside it too.
    HttpResponse<String> prefixed = send("GET", "/routed/orders/9", Map.of());
    assertThat(JSON.readTree(prefixed.body()).get("parameters").get("id").asText()).isEqualTo("9");
  }

  @Test
  void preflightsAreAnsweredWithoutWakingTheFunction() throws Exception {
    long before = snapshot("routed").requests();
    HttpResponse<String> allowed =
        send(
            "OPTIONS",
            "/orders/1",
            Map.of(
                "origin", "https://shop.example.com",
                "access-control-request-method", "DELETE",
                "access-control-request-headers", "content-type"));
    assertThat(allowed.statusCode()).isEqualTo(204);
    assertThat(allowed.headers().firstValue("access-control-allow-origin"))
        .contains("https://shop.example.com");
    assertThat(allowed.headers().firstValue("access-control-allow-methods"))
        .contains("GET, DELETE");
    assertThat(allowed.headers().firstValue("access-control-max-age")).contains("600");
    HttpResponse<String> other =
        send(
            "OPTIONS",
            "/orders/1",
            Map.of("origin", "https://evil.example", "access-control-request-method", "DELETE"));
    assertThat(other.statusCode()).isEqualTo(204);
    assertThat(other.headers().firstValue("access-control-allow-origin")).isEmpty();
    assertThat(snapshot("routed").requests()).as("requests the function got").isEqualTo(before);
  }

  @Test
  void aScheduleFiresOnItsMinuteAndOnRequestWithItsTypeAndData() throws Exception {
    HttpResponse<String> fired = send("POST", "/_skyless/schedules/ticker/minutely", Map.of());
    assertThat(fired.statusCode()).isEqualTo(202);
    String firedId = JSON.readTree(fired.body()).get("id").asText();
    assertThat(send("POST", "/_skyless/schedules/ticker/nope", Map.of()).statusCode())
        .isEqualTo(404);

    Map<String, JsonNode> ticks = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      consumer.subscribe(List.of("test.ticks"));
      // The fired one, then one the scheduler makes at the top of a minute (at most ~60 s away).
      await()
          .atMost(Duration.ofSeconds(150))
          .until(
              () -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                  JsonNode tick = JSON.readTree(r.value());
                  ticks.put(tick.get("id").asText(), tick);
                }
                return ticks.containsKey(firedId) && ticks.size() >= 2;
              });
    }
    assertThat(ticks.values())
        .allSatisfy(
            t -> {
              assertThat(t.get("type").asText()).isEqualTo("com.example.tick");
              assertThat(t.get("data").get("job").asText()).isEqualTo("report");
            });
  }

  private static HttpResponse<String> send(String method, String path, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(platform.url() + path))
            .timeout(Duration.ofSeconds(60))
            .method(method, HttpRequest.BodyPublishers.noBody());
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static PoolSnapshot snapshot(String function) {
    return platform.snapshots().stream()
        .filter(s -> s.name().equals(function))
        .findFirst()
        .orElseThrow();
  }

  private static KafkaConsumer<byte[], byte[]> consumer() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
