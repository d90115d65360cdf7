package dev.skyless.examples.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skyless.examples.order.PlaceOrder;
import dev.skyless.examples.support.Settings;
import dev.skyless.examples.support.testing.SharedPostgres;
import dev.skyless.kafka.embedded.SharedKafka;
import dev.skyless.runtime.testing.FunctionTestServer;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order flow on real parts: the order function (in this JVM, over HTTP) stores 200 orders and
 * publishes their events; a relay copies every event twice onto the topic inventory and
 * notification consume (each a real runtime process in direct Kafka mode); inventory is killed
 * (SIGKILL) mid-stream and started again. Each order must be stored once, reserved once and
 * notified once.
 */
class OrderFlowIT {

  static final int ORDERS = 200;
  static final String EVENTS = "flow.order-events";
  static final String DELIVERED = "flow.order-events.twice";

  @TempDir Path logs;

  @Test
  void everyOrderIsStoredReservedAndNotifiedExactlyOnce() throws Exception {
    var kafka = SharedKafka.get();
    kafka.createTopic(EVENTS, 3);
    kafka.createTopic(DELIVERED, 3);
    Map<String, String> db = SharedPostgres.newDatabase();
    Map<String, String> orderEnv = new HashMap<>(db);
    orderEnv.put("SKYLESS_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    orderEnv.put("SKYLESS_EVENTS_TOPIC", EVENTS);

    AtomicBoolean relaying = new AtomicBoolean(true);
    AtomicLong copied = new AtomicLong();
    Thread relay =
        Thread.ofPlatform().start(() -> duplicate(kafka.bootstrapServers(), relaying, copied));
    Process inventory = null;
    Process notification = null;
    try (PlaceOrder order = new PlaceOrder(new Settings(orderEnv));
        var server = FunctionTestServer.start(order, Map.of())) {
      inventory =
          start(
              "dev.skyless.examples.inventory.ReserveStock",
              "inventory",
              db,
              kafka.bootstrapServers());
      notification =
          start(
              "dev.skyless.examples.notification.RecordNotification",
              "notification",
              db,
              kafka.bootstrapServers());
      // Inventory has to create its schema before stock can be seeded.
      await().atMost(Duration.ofSeconds(60)).until(() -> tableExists(db, "inventory", "stock"));
      SharedPostgres.execute(
          db,
          "INSERT INTO inventory.stock VALUES ('book', 100000), ('pen', 100000)"
              + " ON CONFLICT (sku) DO UPDATE SET available = EXCLUDED.available");

      for (int i = 0; i < ORDERS; i++) {
        var placed =
            server.request(
                "POST",
                "/orders",
                """
                {"customer":"c-%d","currency":"EUR","items":[
                  {"sku":"book","quantity":2,"unitPrice":19.99},{"sku":"pen","quantity":1,"unitPrice":1.5}]}
                """
                    .formatted(i),
                "content-type",
                "application/json");
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(200);
        if (i == ORDERS / 2) {
          inventory.destroyForcibly().waitFor(); // kill -9, mid-stream
          inventory =
              start(
                  "dev.skyless.examples.inventory.ReserveStock",
                  "inventory-2",
                  db,
                  kafka.bootstrapServers());
        }
      }

      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  SharedPostgres.count(
                              db, "SELECT count(DISTINCT order_id) FROM inventory.reservations")
                          == ORDERS
                      && SharedPostgres.count(db, "SELECT count(*) FROM notification.notifications")
                          >= ORDERS);
      Thread.sleep(2_000); // any late duplicate would land now

      assertThat(SharedPostgres.count(db, "SELECT count(*) FROM order_service.orders"))
          .isEqualTo(ORDERS);
      assertThat(copied.get()).as("events delivered twice").isGreaterThanOrEqualTo(2L * ORDERS);
      assertThat(SharedPostgres.count(db, "SELECT count(*) FROM inventory.reservations"))
          .as("one reservation per order line")
          .isEqualTo(2L * ORDERS);
      assertThat(
              SharedPostgres.count(
                  db, "SELECT max(quantity) FROM inventory.reservations WHERE sku = 'book'"))
          .as("no line reserved twice")
          .isEqualTo(2);
      assertThat(
              SharedPostgres.count(db, "SELECT available FROM inventory.stock WHERE sku = 'book'"))
          .isEqualTo(100000 - 2L * ORDERS);
      assertThat(SharedPostgres.count(db, "SELECT count(*) FROM notification.notifications"))
          .isEqualTo(ORDERS);
      assertThat(
              SharedPostgres.count(
                  db,
                  "SELECT count(*) FROM notification.notifications WHERE type ="
                      + " 'com.example.order.placed'"))
          .isEqualTo(ORDERS);
    } finally {
      relaying.set(false);
      relay.join(10_000);
      stop(inventory);
      stop(notification);
    }
  }

  /** Copies every record of EVENTS to DELIVERED twice: each event is delivered two times. */
  private static void duplicate(String bootstrap, AtomicBoolean running, AtomicLong copied) {
    Properties c = new Properties();
    c.put("bootstrap.servers", bootstrap);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "flow-duplicator");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    try (var consumer =
            new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        var producer =
            new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      consumer.subscribe(List.of(EVENTS));
      while (running.get()) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          for (int copy = 0; copy < 2; copy++) {
            producer.send(new ProducerRecord<>(DELIVERED, null, r.key(), r.value(), r.headers()));
            copied.incrementAndGet();
          }
        }
        producer.flush();
      }
    }
  }

  /** A function as a real runtime process in direct Kafka mode on DELIVERED. */
  private Process start(String function, String name, Map<String, String> db, String bootstrap)
      throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.skyless.runtime.main.Main")
            .redirectErrorStream(true)
            .redirectOutput(logs.resolve(name + ".log").toFile());
    Map<String, String> env = builder.environment();
    env.putAll(db);
    env.put("PORT", "0");
    env.put("SKYLESS_HOST", "127.0.0.1");
    env.put("K_SERVICE", name);
    env.put("SKYLESS_FUNCTION", function);
    env.put("SKYLESS_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    env.put("SKYLESS_KAFKA_TOPICS", DELIVERED);
    env.put("SKYLESS_KAFKA_GROUP_ID", "flow." + function);
    env.put("SKYLESS_KAFKA_BACKOFF_DELAY", "PT0.05S");
    env.put("SKYLESS_EVENTS_TOPIC", "flow.rejections");
    // A killed consumer's partitions move to its replacement after the session timeout.
    env.put("SKYLESS_KAFKA_PROPERTIES", "session.timeout.ms=6000\nheartbeat.interval.ms=1000");
    return builder.start();
  }

  private static void stop(Process process) throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private static boolean tableExists(Map<String, String> db, String schema, String table) {
    try {
      return SharedPostgres.count(
              db,
              "SELECT count(*) FROM information_schema.tables WHERE table_schema = '"
                  + schema
                  + "' AND table_name = '"
                  + table
                  + "'")
          == 1;
    } catch (SQLException e) {
      return false;
    }
  }
}
