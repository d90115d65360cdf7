package dev.skyless.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyless.runtime.config.ConfigException;
import dev.skyless.runtime.testing.FunctionTestServer;
import dev.skyless.runtime.testing.RecordingFunction;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Events a KafkaSource delivers to a filtered trigger's path reach the function only if they match.
 */
class TriggerFiltersIT {

  private static String[] event(String type) {
    return new String[] {
      "ce-specversion",
      "1.0",
      "ce-id",
      "e-" + type,
      "ce-source",
      "/shop",
      "ce-type",
      type,
      "content-type",
      "application/json"
    };
  }

  @Test
  void nonMatchingEventsAreAcknowledgedWithoutCallingTheFunction() throws Exception {
    RecordingFunction function = new RecordingFunction(0);
    try (var server =
        FunctionTestServer.start(
            function,
            Map.of(
                "SKYLESS_TRIGGER_FILTERS",
                "{\"orders\":{\"type\":\"com.example.order.placed\"},\"any\":{\"typePrefix\":\"com.example.\"}}"))) {
      var placed = post(server, "/_skyless/triggers/orders", event("com.example.order.placed"));
      var other = post(server, "/_skyless/triggers/orders", event("com.example.order.shipped"));
      var prefixed = post(server, "/_skyless/triggers/any", event("com.example.order.shipped"));
      var plainPath = post(server, "/", event("com.other.thing"));

      assertThat(placed).isEqualTo(204);
      assertThat(other)
          .as("acknowledged, not an error: a KafkaSource must not retry it")
          .isEqualTo(204);
      assertThat(prefixed).isEqualTo(204);
      assertThat(plainPath).isEqualTo(204);
      assertThat(function.seen)
          .extracting(e -> e.getType())
          .containsExactly(
              "com.example.order.placed", "com.example.order.shipped", "com.other.thing");
    }
  }

  @Test
  void badFiltersStopStartUpNamingTheVariable() {
    assertThatThrownBy(
            () ->
                FunctionTestServer.start(
                    new RecordingFunction(0), Map.of("SKYLESS_TRIGGER_FILTERS", "{nope")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("SKYLESS_TRIGGER_FILTERS: ");
  }

  private static int post(FunctionTestServer server, String path, String[] headers)
      throws Exception {
    var request =
        java.net.http.HttpRequest.newBuilder(server.uri(path))
            .timeout(java.time.Duration.ofSeconds(30))
            .headers(headers)
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
            .build();
    return server
        .client()
        .send(request, java.net.http.HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
