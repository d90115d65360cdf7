package dev.skyless.examples.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skyless.examples.support.Settings;
import dev.skyless.examples.support.testing.SharedPostgres;
import dev.skyless.kafka.embedded.KafkaTestClients;
import dev.skyless.kafka.embedded.SharedKafka;
import dev.skyless.runtime.testing.FunctionTestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Inventory over HTTP with CloudEvents (ce-* headers), on real PostgreSQL and Kafka. */
class ReserveStockIT {

  /** The migration seeds the sample catalogue; each test sets the stock it needs over it. */
  private static final String UPSERT =
      " ON CONFLICT (sku) DO UPDATE SET available = EXCLUDED.available";

  static HttpResponse<String> placed(FunctionTestServer server, String eventId, String body)
      throws Exception {
    return server.post(
        body,
        "ce-specversion",
        "1.0",
        "ce-id",
        eventId,
        "ce-source",
        "/skyless/shop/order",
        "ce-type",
        "com.example.order.placed",
        "content-type",
        "application/json");
  }

  @Test
  void malformedOrderEventsAreRefusedNamingTheFieldAndReserveNothing() throws Exception {
    Map<String, String> db = SharedPostgres.newDatabase();
    ReserveStock function = new ReserveStock(new Settings(new HashMap<>(db)));
    try (var server = FunctionTestServer.start(function, Map.of())) {
      SharedPostgres.execute(db, "INSERT INTO inventory.stock VALUES ('book', 10)" + UPSERT);
      String[][] cases = {
        {"{\"orderId\":\"" + UUID.randomUUID() + "\"}", "lines must list at least one line"},
        {"{\"lines\":[{\"sku\":\"book\",\"quantity\":1}]}", "orderId is required"},
        {
          "{\"orderId\":\"" + UUID.randomUUID() + "\",\"lines\":[{\"quantity\":0}]}",
          "lines[0].sku is required; lines[0].quantity must be at least 1"
        },
        {"{\"orderId\":\"not-a-uuid\",\"lines\":[]}", "orderId"},
      };
      for (String[] c : cases) {
        HttpResponse<String> response = placed(server, "bad-" + UUID.randomUUID(), c[0]);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains(c[1]);
      }
    }
    try (var c = java.sql.DriverManager.getConnection(db.get("DB_URL"), "postgres", "postgres");
        var rs =
            c.createStatement()
                .executeQuery("SELECT available FROM inventory.stock WHERE sku = 'book'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).as("nothing reserved").isEqualTo(10);
    }
  }

  @Test
  void reservesOncePerEventAndRejectsWhenStockIsShort() throws Exception {
    Map<String, String> db = SharedPostgres.newDatabase();
    String topic = "inventory-events-" + UUID.randomUUID();
    Map<String, String> runtimeEnv =
        Map.of(
            "SKYLESS_KAFKA_BOOTSTRAP_SERVERS",
            SharedKafka.get().bootstrapServers(),
            "SKYLESS_EVENTS_TOPIC",
            topic);
    ReserveStock function = new ReserveStock(new Settings(new HashMap<>(db)));
    try (var server = FunctionTestServer.start(function, runtimeEnv)) {
      SharedPostgres.execute(
          db, "INSERT INTO inventory.stock VALUES ('book', 10), ('pen', 1)" + UPSERT);
      UUID first = UUID.randomUUID();
      String order =
          """
          {"orderId":"%s","lines":[{"sku":"book","quantity":2},{"sku":"pen","quantity":1}]}
          """
              .formatted(first);
      assertThat(placed(server, "e-1", order).statusCode()).isIn(200, 204);
      assertThat(placed(server, "e-1", order).statusCode()).as("redelivered").isIn(200, 204);
      assertThat(
              SharedPostgres.count(db, "SELECT available FROM inventory.stock WHERE sku = 'book'"))
          .isEqualTo(8);
      assertThat(SharedPostgres.count(db, "SELECT count(*) FROM inventory.reservations"))
          .isEqualTo(2);

      UUID second = UUID.randomUUID();
      String tooMany =
          """
          {"orderId":"%s","lines":[{"sku":"book","quantity":3},{"sku":"pen","quantity":1}]}
          """
              .formatted(second);
      assertThat(placed(server, "e-2", tooMany).statusCode()).isIn(200, 204);
      assertThat(
              SharedPostgres.count(db, "SELECT available FROM inventory.stock WHERE sku = 'book'"))
          .as("nothing of a rejected order is reserved")
          .isEqualTo(8);
      assertThat(
              SharedPostgres.count(
                  db,
                  "SELECT count(*) FROM inventory.reservations WHERE order_id = '" + second + "'"))
          .isZero();
      // Redelivered: the rejection goes out again (its first emit may have been lost), nothing
      // else changes.
      assertThat(placed(server, "e-2", tooMany).statusCode()).isIn(200, 204);
      assertThat(SharedPostgres.count(db, "SELECT count(*) FROM inventory.reservations"))
          .isEqualTo(2);
      try (var consumer = KafkaTestClients.consumer(SharedKafka.get().bootstrapServers(), topic)) {
        List<ConsumerRecord<String, String>> events = new ArrayList<>();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  consumer.poll(Duration.ofMillis(200)).forEach(events::add);
                  return events.size() >= 2;
                });
        assertThat(events).hasSize(2);
        for (var event : events) {
          assertThat(new String(event.headers().lastHeader("ce_type").value()))
              .isEqualTo("com.example.order.rejected");
          assertThat(event.value()).contains(second.toString(), "not enough stock for pen");
        }
      }
    }
  }
}
