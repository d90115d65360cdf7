package dev.skyless.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyless.local.function.LocalFunction;
import dev.skyless.local.scale.FunctionPool;
import dev.skyless.local.schedule.LocalScheduler;
import dev.skyless.local.schedule.ScheduleClock;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dev gateway with Kafka gone: an async call waits off the event loop while the producer looks
 * for the broker, so other requests are still answered, and then it is told 503 as problem+json
 * (nothing was queued, so the caller must retry; it is never told 202).
 */
class GatewayAsyncTest {

  private Vertx vertx;
  private KafkaProducer<byte[], byte[]> producer;

  @AfterEach
  void close() throws Exception {
    if (producer != null) {
      producer.close(Duration.ZERO);
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void withKafkaDownAnAsyncCallIs503AndTheGatewayKeepsAnswering() throws Exception {
    int deadPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      deadPort = socket.getLocalPort();
    }
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                "127.0.0.1:" + deadPort,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                4000,
                ProducerConfig.CLIENT_ID_CONFIG,
                "gateway-async-test"),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    LocalFunction function =
        new LocalFunction(
            "jobs",
            Path.of("jobs.yaml"),
            List.of(),
            Map.of(),
            new LocalFunction.ScaleSettings(0, 1, 10),
            List.of(),
            List.of(),
            List.of(),
            Optional.of("default.jobs.async"),
            List.of(),
            Optional.empty());
    FunctionPool pool =
        new FunctionPool(
            function,
            f -> {
              throw new AssertionError("an async call needs no instance");
            },
            Duration.ofMinutes(1),
            (name, message, problem) -> {});
    vertx = Vertx.vertx();
    Gateway gateway =
        new Gateway(
            vertx,
            Map.of("jobs", pool),
            new ObjectMapper(),
            RouteTable.of(List.of(function)),
            producer,
            new LocalScheduler(producer, ScheduleClock.SYSTEM, (f, line) -> {}));
    int port =
        gateway
            .listen("127.0.0.1", 0)
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    HttpClient client = HttpClient.newHttpClient();

    CompletableFuture<HttpResponse<String>> async =
        client.sendAsync(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/jobs/"))
                .header("prefer", "respond-async")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> status =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_skyless/status"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(async)
        .as("the status was answered while the async call still waited for Kafka")
        .isNotDone();
    HttpResponse<String> refused = async.get(30, TimeUnit.SECONDS);
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("content-type")).contains("application/problem+json");
    assertThat(refused.body()).contains("Kafka did not take the async call");
  }
}
