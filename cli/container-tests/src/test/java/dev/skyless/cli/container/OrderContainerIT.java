package dev.skyless.cli.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyless.controller.config.PlatformDefaults;
import dev.skyless.examples.support.testing.SharedPostgres;
import dev.skyless.kafka.embedded.SharedKafka;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The order image against a real PostgreSQL and Kafka, with the env the controller generates (the
 * database from the Secret {@code shop-db-app}, Kafka from the platform ConfigMap): it migrates,
 * stores an order and emits OrderPlaced; SIGTERM while an order waits on a lock lets that order
 * finish before the container exits.
 */
class OrderContainerIT {

  private static final String ORDER =
      "{\"customer\":\"ada\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"book\",\"quantity\":2,"
          + "\"unitPrice\":19.99}]}";

  @Test
  void storesAnOrderEmitsOrderPlacedAndFinishesItWhenTerminated() throws Exception {
    Images images = Images.get();
    String image = images.build("order", images.base(), "aot");
    var kafka = SharedKafka.get();
    String topic = "shop.order-events";
    kafka.createTopic(topic, 3);
    Map<String, String> db = SharedPostgres.newDatabase();
    var namespace =
        new PodRun.Namespace(
            Map.of(
                "shop-db-app",
                Map.of(
                    "jdbc-uri", db.get("DB_URL"),
                    "username", db.get("DB_USER"),
                    "password", db.get("DB_PASSWORD"))),
            Map.of());
    PlatformDefaults defaults =
        PlatformDefaults.fromConfigMap(
            Map.of("kafka.bootstrapServers", kafka.bootstrapServers(), "gateway.name", "skyless"));
    int port = dev.skyless.local.Ports.anyFree();
    PodRun run =
        PodRun.of(
            Images.service("order", image, defaults),
            namespace,
            port,
            images.dir,
            Map.of(),
            "order-pod");
    try (RunningContainer pod = RunningContainer.start(images.podman, run, port, images.dir)) {
      pod.awaitFirstAnswer(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(pod.url("/health/ready")))
              .build(),
          Duration.ofSeconds(90));
      HttpResponse<String> placed = pod.send(RunningContainer.json(pod.url("/orders"), ORDER));
      assertThat(placed.statusCode()).as(placed.body()).isEqualTo(200);
      String orderId =
          String.valueOf(RunningContainer.JSON.readValue(placed.body(), Map.class).get("orderId"));
      assertThat(records(kafka.bootstrapServers(), topic, 1))
          .anySatisfy(r -> assertThat(r).contains(orderId));

      // An order held up by a lock on its table when SIGTERM comes.
      try (Connection lock =
          DriverManager.getConnection(db.get("DB_URL"), db.get("DB_USER"), db.get("DB_PASSWORD"))) {
        lock.setAutoCommit(false);
        try (Statement s = lock.createStatement()) {
          s.execute("LOCK TABLE order_service.orders IN ACCESS EXCLUSIVE MODE");
        }
        CompletableFuture<HttpResponse<String>> held =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return pod.send(RunningContainer.json(pod.url("/orders"), ORDER));
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        awaitWaitingOnLock(db);
        pod.terminate();
        Thread.sleep(1500);
        assertThat(pod.isAlive()).as("draining: the held order is still running").isTrue();
        assertThat(held).isNotDone();
        lock.rollback(); // the lock goes; the held order goes on
        HttpResponse<String> finished = held.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(finished.statusCode()).as(finished.body()).isEqualTo(200);
      }
      assertThat(pod.awaitExit(Duration.ofSeconds(30))).isIn(0, 143);
      assertThat(SharedPostgres.count(db, "SELECT count(*) FROM order_service.orders"))
          .isEqualTo(2);
      assertThat(pod.jsonLines())
          .anySatisfy(l -> assertThat(String.valueOf(l.get("message"))).contains("stopped"));
    }
  }

  private static void awaitWaitingOnLock(Map<String, String> db) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (SharedPostgres.count(
              db,
              "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                  + " AND datname = current_database()")
          > 0) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the second order never waited on the table lock");
  }

  private static List<String> records(String bootstrap, String topic, int atLeast) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "container-test-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.size() < atLeast && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
      }
    }
    return values;
  }
}
