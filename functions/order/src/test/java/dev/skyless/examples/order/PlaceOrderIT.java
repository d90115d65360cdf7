package dev.skyless.examples.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skyless.examples.support.Settings;
import dev.skyless.examples.support.testing.SharedPostgres;
import dev.skyless.kafka.embedded.EmbeddedKafka;
import dev.skyless.kafka.embedded.KafkaTestClients;
import dev.skyless.kafka.embedded.SharedKafka;
import dev.skyless.runtime.testing.FunctionTestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order function over HTTP, on a real PostgreSQL and a real Kafka broker. */
class PlaceOrderIT {

  static final String GOOD =
      """
      {"customer":"ada","currency":"EUR","items":[
        {"sku":"book","quantity":2,"unitPrice":19.99},{"sku":"pen","quantity":1,"unitPrice":5.005}]}
      """;

  @TempDir Path dir;

  private Map<String, String> env(String bootstrap, String topic) {
    Map<String, String> env = new HashMap<>(SharedPostgres.newDatabase());
    env.put("SKYLESS_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    env.put("SKYLESS_EVENTS_TOPIC", topic);
    return env;
  }

  private static HttpResponse<String> post(
      FunctionTestServer server, String body, String... headers) throws Exception {
    List<String> all = new ArrayList<>(List.of("content-type", "application/json"));
    all.addAll(List.of(headers));
    return server.request("POST", "/orders", body, all.toArray(String[]::new));
  }

  @Test
  void placesAnOrderStoresItOnceAndPublishesOrderPlaced() throws Exception {
    String topic = "orders-" + UUID.randomUUID();
    Map<String, String> env = env(SharedKafka.get().bootstrapServers(), topic);
    try (PlaceOrder function = new PlaceOrder(new Settings(env));
        var server = FunctionTestServer.start(function, Map.of());
        var consumer = KafkaTestClients.consumer(SharedKafka.get().bootstrapServers(), topic)) {
      HttpResponse<String> placed = post(server, GOOD);
      assertThat(placed.statusCode()).as(placed.body()).isEqualTo(200);
      assertThat(placed.body())
          .contains("\"status\":\"placed\"", "\"total\":44.98", "\"currency\":\"EUR\"");
      String orderId = placed.body().replaceAll(".*\"orderId\":\"([^\"]+)\".*", "$1");

      List<ConsumerRecord<String, String>> events =
          KafkaTestClients.poll(consumer, 1, Duration.ofSeconds(60));
      ConsumerRecord<String, String> event = events.getFirst();
      assertThat(event.key()).isEqualTo(orderId);
      assertThat(header(event, "ce_type")).isEqualTo("com.example.order.placed");
      assertThat(header(event, "ce_subject")).isEqualTo(orderId);
      assertThat(event.value())
          .contains("\"orderId\":\"" + orderId + "\"", "\"total\":44.98", "\"sku\":\"book\"");

      assertThat(SharedPostgres.count(env, "SELECT count(*) FROM order_service.orders"))
          .isEqualTo(1);
      assertThat(SharedPostgres.count(env, "SELECT count(*) FROM order_service.order_lines"))
          .isEqualTo(2);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  SharedPostgres.count(
                          env,
                          "SELECT count(*) FROM order_service.outbox WHERE published_at IS NULL")
                      == 0);
    }
  }

  @Test
  void invalidOrdersAre400ListingEveryFieldAndStoreNothing() throws Exception {
    Map<String, String> env = env(SharedKafka.get().bootstrapServers(), "orders-invalid");
    try (PlaceOrder function = new PlaceOrder(new Settings(env));
        var server = FunctionTestServer.start(function, Map.of())) {
      HttpResponse<String> bad =
          post(
              server,
              """
              {"currency":"XXY","items":[{"sku":"a","quantity":0,"unitPrice":1}]}
              """);
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.headers().firstValue("content-type")).hasValue("application/problem+json");
      assertThat(bad.body())
          .contains(
              "\"field\":\"customer\"",
              "\"field\":\"currency\"",
              "\"field\":\"items[0].quantity\"");
      HttpResponse<String> empty =
          post(server, "{\"customer\":\"ada\",\"currency\":\"EUR\",\"items\":[]}");
      assertThat(empty.statusCode()).isEqualTo(400);
      assertThat(empty.body()).contains("an order needs at least one item");
      assertThat(post(server, "{not json").statusCode()).isEqualTo(400);
      // No body: the runtime refuses it before the function (400); with one, the function (405).
      assertThat(server.request("GET", "/orders", null).statusCode()).isEqualTo(400);
      assertThat(
              server
                  .request("PUT", "/orders", GOOD, "content-type", "application/json")
                  .statusCode())
          .isEqualTo(405);
      assertThat(
              server
                  .request("POST", "/elsewhere", GOOD, "content-type", "application/json")
                  .statusCode())
          .isEqualTo(404);
      assertThat(SharedPostgres.count(env, "SELECT count(*) FROM order_service.orders")).isZero();
      assertThat(SharedPostgres.count(env, "SELECT count(*) FROM order_service.outbox")).isZero();
    }
  }

  @Test
  void anIdempotencyKeyReturnsTheFirstOrderInsteadOfASecond() throws Exception {
    Map<String, String> env = env(SharedKafka.get().bootstrapServers(), "orders-idem");
    try (PlaceOrder function = new PlaceOrder(new Settings(env));
        var server = FunctionTestServer.start(function, Map.of())) {
      HttpResponse<String> first = post(server, GOOD, "idempotency-key", "k-1");
      HttpResponse<String> again = post(server, GOOD, "idempotency-key", "k-1");
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(again.statusCode()).isEqualTo(200);
      assertThat(again.body()).isEqualTo(first.body());
      assertThat(SharedPostgres.count(env, "SELECT count(*) FROM order_service.orders"))
          .isEqualTo(1);
      assertThat(SharedPostgres.count(env, "SELECT count(*) FROM order_service.outbox"))
          .isEqualTo(1);
      String total =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(first.body())
              .path("total")
              .asText();
      assertThat(server.get("/metrics").body())
          .as("the replay is not counted again")
          .contains("orders_placed_total{currency=\"EUR\",function=\"function\"} 1.0")
          .contains(
              "orders_revenue_total{currency=\"EUR\",function=\"function\"} "
                  + Double.parseDouble(total));

      HttpResponse<String> other =
          post(server, GOOD.replace("ada", "bob"), "idempotency-key", "k-1");
      assertThat(other.statusCode()).isEqualTo(422);
      assertThat(other.body()).contains("was used for a different order");
    }
  }

  @Test
  void ordersAreAcceptedWhileKafkaIsDownAndTheirEventsGoOutWhenItIsBack() throws Exception {
    Path kafkaData = Files.createDirectories(dir.resolve("kafka"));
    EmbeddedKafka kafka = EmbeddedKafka.start(kafkaData, 0);
    String bootstrap = kafka.bootstrapServers();
    int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    String topic = "orders-outage";
    kafka.createTopic(topic, 1);
    Map<String, String> env = env(bootstrap, topic);
    try (PlaceOrder function = new PlaceOrder(new Settings(env));
        var server = FunctionTestServer.start(function, Map.of())) {
      kafka.close(); // Kafka goes down
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> placed = post(server, GOOD.replace("ada", "customer-" + i));
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(200);
      }
      assertThat(SharedPostgres.count(env, "SELECT count(*) FROM order_service.orders"))
          .isEqualTo(5);
      assertThat(
              SharedPostgres.count(
                  env, "SELECT count(*) FROM order_service.outbox WHERE published_at IS NULL"))
          .isEqualTo(5);

      kafka = EmbeddedKafka.start(kafkaData, port); // and comes back
      try (var consumer = KafkaTestClients.consumer(bootstrap, topic)) {
        List<ConsumerRecord<String, String>> events =
            KafkaTestClients.poll(consumer, 5, Duration.ofSeconds(60));
        assertThat(events).extracting(ConsumerRecord::key).doesNotHaveDuplicates().hasSize(5);
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  SharedPostgres.count(
                          env,
                          "SELECT count(*) FROM order_service.outbox WHERE published_at IS NULL")
                      == 0);
    } finally {
      kafka.close();
    }
  }

  static String header(ConsumerRecord<String, String> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
