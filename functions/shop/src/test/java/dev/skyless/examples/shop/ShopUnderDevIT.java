package dev.skyless.examples.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skyless.local.main.LocalOptions;
import dev.skyless.local.main.LocalPlatform;
import dev.skyless.local.status.ConsoleReporter;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The shop as the README runs it: {@code functions/skyless.yaml} under the local platform, whose
 * dev services (PostgreSQL, an S3 store publishing bucket notifications, Kafka) the functions reach
 * only through the Secret and ConfigMap references of their unchanged Function YAML. Orders go in
 * through the gateway and are followed into every function's tables; an image goes in through the
 * S3 API and comes out as a thumbnail; a restart keeps it all.
 */
class ShopUnderDevIT {

  private static final int ORDERS = 50;

  @TempDir Path dir;
  private final StringWriter console = new StringWriter();
  private LocalPlatform platform;

  @AfterEach
  void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  private LocalPlatform start() throws InterruptedException {
    return start(false);
  }

  private LocalPlatform start(boolean reset) throws InterruptedException {
    LocalOptions defaults = LocalOptions.defaults(List.of(Path.of("..")));
    return LocalPlatform.start(
        new LocalOptions(
            List.of(Path.of("..").toAbsolutePath().normalize()),
            "127.0.0.1",
            0,
            Optional.empty(),
            0,
            Duration.ofMinutes(5),
            dir.resolve("state"),
            Duration.ofSeconds(90),
            defaults.jvmOptions(),
            Map.of(),
            reset,
            false),
        new ConsoleReporter(new PrintWriter(console, true), false));
  }

  @Test
  void ordersFlowThroughEveryFunctionAnUploadBecomesAThumbnailAndARestartKeepsBoth()
      throws Exception {
    platform = start();
    String jdbc = secret("shop-db-app", "jdbc-uri");

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    List<CompletableFuture<HttpResponse<String>>> placed = new ArrayList<>();
    for (int i = 0; i < ORDERS; i++) {
      placed.add(
          http.sendAsync(
              order(
                  """
                  {"customer":"c%d","currency":"EUR","items":[
                    {"sku":"book","quantity":1,"unitPrice":19.99},
                    {"sku":"pen","quantity":2,"unitPrice":1.50}]}
                  """
                      .formatted(i)),
              HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> response : placed) {
      assertThat(response.join().statusCode()).as(response.join().body()).isEqualTo(200);
    }
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions() // a schema is there once its function first started
        .untilAsserted(
            () -> {
              assertThat(count(jdbc, "SELECT count(*) FROM order_service.orders"))
                  .isEqualTo(ORDERS);
              assertThat(count(jdbc, "SELECT count(*) FROM inventory.reservations"))
                  .isEqualTo(2L * ORDERS);
              assertThat(count(jdbc, "SELECT count(*) FROM notification.notifications"))
                  .isEqualTo(ORDERS);
            });
    assertThat(count(jdbc, "SELECT available FROM inventory.stock WHERE sku = 'pen'"))
        .as("the seed's 100000 pens, 2 per order")
        .isEqualTo(100_000L - 2L * ORDERS);

    try (S3Client s3 = s3()) {
      s3.putObject(
          b -> b.bucket("images").key("photos/cat.png").contentType("image/png"),
          RequestBody.fromBytes(png(400, 300)));
      byte[] thumbnail =
          await()
              .atMost(Duration.ofSeconds(120))
              .pollInterval(Duration.ofMillis(500))
              .ignoreExceptions()
              .until(
                  () ->
                      s3.getObjectAsBytes(b -> b.bucket("images").key("thumbnails/photos/cat.jpg"))
                          .asByteArray(),
                  bytes -> bytes.length > 0);
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(thumbnail));
      assertThat(image.getWidth()).isEqualTo(150);
      assertThat(image.getHeight()).isEqualTo(150);
    }

    platform.close();
    platform = start();
    String again = secret("shop-db-app", "jdbc-uri");
    assertThat(count(again, "SELECT count(*) FROM order_service.orders")).isEqualTo(ORDERS);
    assertThat(count(again, "SELECT count(*) FROM inventory.reservations")).isEqualTo(2L * ORDERS);
    assertThat(count(again, "SELECT count(*) FROM notification.notifications")).isEqualTo(ORDERS);
    try (S3Client s3 = s3()) {
      assertThat(
              s3.headObject(b -> b.bucket("images").key("thumbnails/photos/cat.jpg"))
                  .contentLength())
          .isPositive();
    }
    // the order API still answers, on the same database
    HttpResponse<String> one =
        http.send(
            order(
                "{\"customer\":\"z\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"mug\","
                    + "\"quantity\":1,\"unitPrice\":8}]}"),
            HttpResponse.BodyHandlers.ofString());
    assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
    oneOrderIsOneTraceThroughOrderInventoryAndNotification(http);
    assertThat(console.toString())
        .as("every reference resolved to a dev service")
        .doesNotContain("set it in your shell to pass it on", "no dev service provides");

    platform.close();
    platform = start(true);
    assertThat(console.toString()).contains("reset: the data of earlier runs");
    String fresh = secret("shop-db-app", "jdbc-uri");
    assertThat(count(fresh, "SELECT count(*) FROM pg_namespace WHERE nspname = 'order_service'"))
        .as("--reset: a new database, no function has migrated it yet")
        .isZero();
    try (S3Client s3 = s3()) {
      assertThat(s3.listObjectsV2(b -> b.bucket("images")).contents()).isEmpty();
    }
  }

  /**
   * An order placed with a W3C trace context is one trace: the order function's server span is the
   * caller's child, and inventory's and notification's invocations are children of it (the order
   * stores {@code ctx.traceparent()} with its outbox row, and the relay publishes the event with
   * it). Read back from the dev gateway's OTLP receiver.
   */
  private void oneOrderIsOneTraceThroughOrderInventoryAndNotification(HttpClient http)
      throws Exception {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String callerSpan = "00f067aa0ba902b7";
    HttpResponse<String> placed =
        http.send(
            HttpRequest.newBuilder(URI.create(platform.url() + "/orders"))
                .header("content-type", "application/json")
                .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                .timeout(Duration.ofSeconds(90))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"customer\":\"traced\",\"currency\":\"EUR\",\"items\":[{\"sku\":"
                            + "\"book\",\"quantity\":1,\"unitPrice\":19.99}]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(placed.statusCode()).as(placed.body()).isEqualTo(200);

    com.fasterxml.jackson.databind.JsonNode trace =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(300))
            .ignoreExceptions()
            .until(
                () -> spansOf(http, traceId),
                spans -> {
                  java.util.Set<String> services = new java.util.HashSet<>();
                  spans.forEach(
                      span -> {
                        if (!span.path("kind").asText().equals("PRODUCER")) {
                          services.add(span.path("service").asText());
                        }
                      });
                  return services.containsAll(List.of("order", "inventory", "notification"));
                });
    var order =
        find(trace, span -> span.path("service").asText().equals("order") && isInvocation(span));
    assertThat(order.path("kind").asText()).isEqualTo("SERVER");
    assertThat(order.path("name").asText()).isEqualTo("POST /orders");
    assertThat(order.path("parentSpanId").asText()).as("the caller's span").isEqualTo(callerSpan);
    for (String consumer : List.of("inventory", "notification")) {
      var invocation =
          find(trace, span -> span.path("service").asText().equals(consumer) && isInvocation(span));
      assertThat(invocation.path("name").asText()).isEqualTo("trigger placed");
      assertThat(invocation.path("parentSpanId").asText())
          .as(consumer + " continues the placing call's trace (through the order's outbox)")
          .isEqualTo(order.path("spanId").asText());
    }
    trace.forEach(
        span -> assertThat(span.path("traceId").asText()).as("one trace").isEqualTo(traceId));
  }

  private static boolean isInvocation(com.fasterxml.jackson.databind.JsonNode span) {
    return span.path("kind").asText().equals("SERVER")
        || span.path("kind").asText().equals("CONSUMER");
  }

  private static com.fasterxml.jackson.databind.JsonNode find(
      com.fasterxml.jackson.databind.JsonNode spans,
      java.util.function.Predicate<com.fasterxml.jackson.databind.JsonNode> which) {
    for (var span : spans) {
      if (which.test(span)) {
        return span;
      }
    }
    throw new AssertionError("no such span in " + spans);
  }

  private com.fasterxml.jackson.databind.JsonNode spansOf(HttpClient http, String traceId)
      throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(platform.url() + "/_skyless/api/traces/" + traceId))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(response.body())
        .path("spans");
  }

  /** {@code POST /orders} through the gateway (the order function's route). */
  private HttpRequest order(String json) {
    return HttpRequest.newBuilder(URI.create(platform.url() + "/orders"))
        .header("content-type", "application/json")
        .timeout(Duration.ofSeconds(90))
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  private String secret(String name, String key) {
    return platform.services().bindings().secretKey(name, key).value().orElseThrow();
  }

  private S3Client s3() {
    var bindings = platform.services().bindings();
    return S3Client.builder()
        .endpointOverride(
            URI.create(bindings.configMapKey("media", "endpoint").value().orElseThrow()))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(
                    bindings.secretKey("media", "AWS_ACCESS_KEY_ID").value().orElseThrow(),
                    bindings.secretKey("media", "AWS_SECRET_ACCESS_KEY").value().orElseThrow())))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private static long count(String jdbc, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbc);
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static byte[] png(int width, int height) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLUE);
    g.fillOval(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
