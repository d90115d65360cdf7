package dev.skyless.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyless.runtime.testing.CommandFunction;
import dev.skyless.runtime.testing.FunctionTestServer;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An async call's result goes to its onSuccess topic before the delivery is acknowledged. With
 * Kafka gone the producer waits for the topic's metadata; that wait must not hold the event loop:
 * other requests are answered meanwhile, and the delivery then fails with a 5xx so the dispatcher
 * retries it (it is never acknowledged with its result lost).
 */
class AsyncDestinationsOffTheEventLoopTest {

  private static final String CALL = "{\"action\":\"echo\",\"text\":\"hi\"}";

  @Test
  void withKafkaDownTheResultWaitsOffTheLoopAndTheDeliveryFails() throws Exception {
    int deadPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      deadPort = socket.getLocalPort();
    }
    try (FunctionTestServer runtime =
        FunctionTestServer.start(
            new CommandFunction(),
            Map.of(
                "SKYLESS_TRIGGER_TOKEN", "t0ken",
                "SKYLESS_ASYNC_ON_SUCCESS", "shop.results",
                "SKYLESS_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + deadPort,
                "SKYLESS_KAFKA_PROPERTIES", "max.block.ms=4000"))) {
      CompletableFuture<HttpResponse<String>> delivery =
          runtime
              .client()
              .sendAsync(
                  HttpRequest.newBuilder(
                          runtime.uri("/_skyless/triggers/async?skyless-token=t0ken"))
                      .timeout(Duration.ofSeconds(30))
                      .header("ce-specversion", "1.0")
                      .header("ce-id", "call-1")
                      .header("ce-source", "/shop")
                      .header("ce-type", "dev.skyless.invocation")
                      .header("content-type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(CALL))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      // Give the delivery time to reach its send, then call while the producer waits: once per
      // event loop and one more, each on a connection of its own, so one shares the delivery's
      // loop (the runtime's HTTP verticles take connections in turn).
      Thread.sleep(1000);
      int loops = Runtime.getRuntime().availableProcessors() + 1;
      for (int i = 0; i < loops; i++) {
        try (HttpClient own = HttpClient.newHttpClient()) {
          var plain =
              own.send(
                  HttpRequest.newBuilder(runtime.uri("/"))
                      .timeout(Duration.ofSeconds(30))
                      .header("content-type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(CALL))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(plain.statusCode()).isEqualTo(200);
        }
      }
      assertThat(delivery)
          .as("plain calls on every event loop were answered while the result waited for Kafka")
          .isNotDone();
      HttpResponse<String> failed = delivery.get(30, TimeUnit.SECONDS);
      assertThat(failed.statusCode()).as(failed.body()).isGreaterThanOrEqualTo(500);
      assertThat(failed.headers().firstValue("content-type")).contains("application/problem+json");
    }
  }
}
