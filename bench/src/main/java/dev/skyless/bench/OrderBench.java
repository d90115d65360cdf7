package dev.skyless.bench;

import dev.skyless.examples.order.PlaceOrder;
import dev.skyless.examples.support.Settings;
import dev.skyless.kafka.embedded.EmbeddedKafka;
import dev.skyless.runtime.testing.FunctionTestServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The order API end to end: HTTP -> validation -> PostgreSQL (order, lines, outbox in one
 * transaction) -> outbox relay -> Kafka. {@code clients} keep-alive connections post orders for
 * {@code seconds}; prints orders/s, latency percentiles, and how long after the last answer the
 * last event reached Kafka. Usage: {@code OrderBench <clients> <seconds>}.
 */
public final class OrderBench {

  private static final String ORDER =
      "{\"customer\":\"bench\",\"currency\":\"EUR\",\"items\":["
          + "{\"sku\":\"book\",\"quantity\":2,\"unitPrice\":19.99},"
          + "{\"sku\":\"pen\",\"quantity\":3,\"unitPrice\":1.25}]}";

  public static void main(String[] args) throws Exception {
    int clients = Integer.parseInt(args[0]);
    int seconds = Integer.parseInt(args[1]);
    String topic = "bench.order-events";
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopic(topic, 3);
      Map<String, String> env =
          Map.of(
              "DB_URL",
              "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres",
              "DB_USER",
              "postgres",
              "DB_PASSWORD",
              "postgres",
              "DB_POOL_SIZE",
              Integer.toString(Math.max(4, clients)),
              "SKYLESS_KAFKA_BOOTSTRAP_SERVERS",
              kafka.bootstrapServers(),
              "SKYLESS_EVENTS_TOPIC",
              topic);
      try (PlaceOrder order = new PlaceOrder(new Settings(env));
          FunctionTestServer server = FunctionTestServer.start(order, Map.of())) {
        URI uri = server.uri("/orders");
        run(uri, clients, 3, new ArrayList<>()); // warm-up
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        long placed = run(uri, clients, seconds, latencies);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long answeredAt = System.nanoTime();
        long[] lastEventAt = new long[1];
        long published = awaitEvents(kafka.bootstrapServers(), topic, lastEventAt);
        double drain = Math.max(0, lastEventAt[0] - answeredAt) / 1e6;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf(
            "orders clients=%d seconds=%d placed=%d orders_per_s=%.0f p50_ms=%.1f p99_ms=%.1f"
                + " max_ms=%.1f events_in_kafka=%d last_event_ms_after_last_answer=%.0f%n",
            clients,
            seconds,
            placed,
            placed / elapsed,
            percentile(sorted, 0.50),
            percentile(sorted, 0.99),
            sorted.getLast() / 1e6,
            published,
            drain);
      }
    }
  }

  private static long run(URI uri, int clients, int seconds, List<Long> latencies)
      throws Exception {
    AtomicLong placed = new AtomicLong();
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (HttpClient http =
                        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                      HttpRequest request =
                          HttpRequest.newBuilder(uri)
                              .timeout(Duration.ofSeconds(30))
                              .header("content-type", "application/json")
                              .POST(HttpRequest.BodyPublishers.ofString(ORDER))
                              .build();
                      while (System.nanoTime() < end) {
                        long t = System.nanoTime();
                        HttpResponse<Void> response =
                            http.send(request, HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() != 200) {
                          throw new IllegalStateException("HTTP " + response.statusCode());
                        }
                        latencies.add(System.nanoTime() - t);
                        placed.incrementAndGet();
                      }
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    return placed.get();
  }

  /** Counts the topic's events until no more arrive for two seconds. */
  private static long awaitEvents(String bootstrap, String topic, long[] lastEventAt) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-count");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    try (var consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long count = 0;
      long quietSince = System.nanoTime();
      while (System.nanoTime() - quietSince < Duration.ofSeconds(2).toNanos()) {
        int n = consumer.poll(Duration.ofMillis(100)).count();
        if (n > 0) {
          count += n;
          quietSince = System.nanoTime();
          lastEventAt[0] = quietSince;
        }
      }
      return count;
    }
  }

  private static double percentile(List<Long> sorted, double p) {
    return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1)) / 1e6;
  }
}
