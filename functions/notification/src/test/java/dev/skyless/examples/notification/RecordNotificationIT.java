package dev.skyless.examples.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyless.examples.support.Settings;
import dev.skyless.examples.support.testing.SharedPostgres;
import dev.skyless.runtime.testing.FunctionTestServer;
import dev.skyless.runtime.testing.TestContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Notification over HTTP (ce-* headers) and called directly, on a real PostgreSQL. */
class RecordNotificationIT {

  /** A CloudEvent of {@code type} from the order function, in binary mode. */
  private static java.net.http.HttpResponse<String> event(
      FunctionTestServer server, String body, String id, String type) throws Exception {
    return server.post(
        body,
        "ce-specversion",
        "1.0",
        "ce-id",
        id,
        "ce-source",
        "/skyless/shop/order",
        "ce-type",
        type,
        "content-type",
        "application/json");
  }

  @Test
  void malformedOrderEventsAreRefusedNamingTheFieldAndStoreNothing() throws Exception {
    Map<String, String> db = SharedPostgres.newDatabase();
    RecordNotification function = new RecordNotification(new Settings(new HashMap<>(db)));
    String[][] cases = {
      {"{\"orderId\":\"" + UUID.randomUUID() + "\"}", "customer is required; total is required"},
      {"{\"customer\":\"ada\",\"total\":1,\"currency\":\"EUR\"}", "orderId is required"},
      {"{\"orderId\":\"42\",\"customer\":\"ada\",\"total\":1,\"currency\":\"EUR\"}", "orderId"},
    };
    try (var server = FunctionTestServer.start(function, Map.of())) {
      for (String[] c : cases) {
        var response = event(server, c[0], "bad-" + UUID.randomUUID(), "com.example.order.placed");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains(c[1]);
      }
    }
    try (Connection c = DriverManager.getConnection(db.get("DB_URL"), "postgres", "postgres");
        ResultSet rs =
            c.createStatement().executeQuery("SELECT count(*) FROM notification.notifications")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).as("no notification about nothing").isZero();
    }
  }

  @Test
  void recordsOneNotificationPerOrderAndType() throws Exception {
    Map<String, String> db = SharedPostgres.newDatabase();
    RecordNotification function = new RecordNotification(new Settings(new HashMap<>(db)));
    UUID order = UUID.randomUUID();
    String body =
        """
        {"orderId":"%s","customer":"ada","total":44.98,"currency":"EUR"}
        """
            .formatted(order);
    try (var server = FunctionTestServer.start(function, Map.of())) {
      for (String id : new String[] {"e-1", "e-1", "e-2"}) { // redelivered, then republished
        var response = event(server, body, id, "com.example.order.placed");
        assertThat(response.statusCode()).isIn(200, 204);
      }
      var other = event(server, body, "e-3", "com.example.order.shipped");
      assertThat(other.statusCode()).isEqualTo(422);
    }
    RecordNotification direct = new RecordNotification(new Settings(new HashMap<>(db)));
    try (direct) {
      direct.apply(
          new dev.skyless.examples.notification.OrderEvent(order, null, null, null, "no stock"),
          new TestContext(
              "r-1", "com.example.order.rejected", "/skyless/shop/inventory", Map.of()));
    }
    try (Connection c = DriverManager.getConnection(db.get("DB_URL"), "postgres", "postgres");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT type, message FROM notification.notifications ORDER BY type")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString("type")).isEqualTo("com.example.order.placed");
      assertThat(rs.getString("message")).contains("Thank you ada", "44.98 EUR");
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString("type")).isEqualTo("com.example.order.rejected");
      assertThat(rs.getString("message")).contains("no stock");
      assertThat(rs.next()).isFalse();
    }
  }
}
