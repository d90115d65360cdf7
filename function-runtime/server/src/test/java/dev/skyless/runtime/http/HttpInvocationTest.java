package dev.skyless.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyless.runtime.testing.CommandFunction;
import dev.skyless.runtime.testing.FunctionTestServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Plain and CloudEvent requests against a real runtime: what comes back for each kind of input. */
class HttpInvocationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ECHO = "{\"action\":\"echo\",\"text\":\"hi\"}";
  private static FunctionTestServer runtime;

  @BeforeAll
  static void start() throws Exception {
    runtime =
        FunctionTestServer.start(
            new CommandFunction(),
            Map.of("SKYLESS_TIMEOUT", "300ms", "SKYLESS_MAX_BODY_SIZE", "1KiB"));
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  static String[] binary(String... overrides) {
    Map<String, String> headers =
        new java.util.LinkedHashMap<>(
            Map.of(
                "ce-specversion", "1.0",
                "ce-id", "evt-1",
                "ce-source", "/tests",
                "ce-type", "com.example.command",
                "content-type", "application/json"));
    for (int i = 0; i < overrides.length; i += 2) {
      if (overrides[i + 1] == null) {
        headers.remove(overrides[i]);
      } else {
        headers.put(overrides[i], overrides[i + 1]);
      }
    }
    return headers.entrySet().stream()
        .flatMap(e -> Stream.of(e.getKey(), e.getValue()))
        .toArray(String[]::new);
  }

  static String structured(String withoutAttribute) {
    var event = JSON.createObjectNode();
    event.put("specversion", "1.0").put("id", "evt-2").put("source", "/tests");
    event.put("type", "com.example.command").put("datacontenttype", "application/json");
    event.set("data", JSON.createObjectNode().put("action", "echo").put("text", "hi"));
    if (withoutAttribute != null) {
      event.remove(withoutAttribute);
    }
    return event.toString();
  }

  static Stream<Arguments> cases() {
    String ce = "application/cloudevents+json";
    return Stream.of(
        Arguments.of(
            "plain JSON", ECHO, new String[] {"content-type", "application/json"}, 200, null),
        Arguments.of("valid binary", ECHO, binary(), 200, null),
        Arguments.of(
            "valid structured", structured(null), new String[] {"content-type", ce}, 200, null),
        Arguments.of("binary without id", ECHO, binary("ce-id", null), 400, "'id'"),
        Arguments.of("binary without source", ECHO, binary("ce-source", null), 400, "'source'"),
        Arguments.of("binary without type", ECHO, binary("ce-type", null), 400, "'type'"),
        Arguments.of(
            "binary without specversion",
            ECHO,
            binary("ce-specversion", null),
            400,
            "'specversion'"),
        Arguments.of(
            "binary with unknown specversion",
            ECHO,
            binary("ce-specversion", "9.9"),
            400,
            "'specversion'"),
        Arguments.of(
            "structured without id",
            structured("id"),
            new String[] {"content-type", ce},
            400,
            "'id'"),
        Arguments.of(
            "structured without source",
            structured("source"),
            new String[] {"content-type", ce},
            400,
            "'source'"),
        Arguments.of(
            "structured without type",
            structured("type"),
            new String[] {"content-type", ce},
            400,
            "'type'"),
        Arguments.of(
            "structured without specversion",
            structured("specversion"),
            new String[] {"content-type", ce},
            400,
            "'specversion'"),
        Arguments.of(
            "structured, not JSON",
            "{nope",
            new String[] {"content-type", ce},
            400,
            "not a JSON object"),
        Arguments.of(
            "unsupported event format",
            "<e/>",
            new String[] {"content-type", "application/cloudevents+xml"},
            415,
            "not supported"),
        Arguments.of(
            "batch",
            "[]",
            new String[] {"content-type", "application/cloudevents-batch+json"},
            415,
            "Batched"),
        Arguments.of(
            "unsupported content type",
            "hi",
            new String[] {"content-type", "text/plain"},
            415,
            "text/plain"),
        Arguments.of(
            "binary, unsupported data type",
            ECHO,
            binary("content-type", "application/xml"),
            415,
            "application/xml"),
        Arguments.of(
            "body over the limit",
            "x".repeat(2048),
            new String[] {"content-type", "application/json"},
            413,
            "1024 bytes"),
        Arguments.of(
            "input that does not bind",
            "{\"action\":\"echo\",\"millis\":\"soon\"}",
            new String[] {"content-type", "application/json"},
            400,
            "field 'millis'"),
        Arguments.of(
            "malformed JSON",
            "{\"action\":",
            new String[] {"content-type", "application/json"},
            400,
            "not valid JSON"),
        Arguments.of(
            "empty body", "", new String[] {"content-type", "application/json"}, 400, "empty"),
        Arguments.of(
            "function throws",
            "{\"action\":\"throw\"}",
            new String[] {"content-type", "application/json"},
            500,
            "IllegalStateException"),
        Arguments.of(
            "function too slow",
            "{\"action\":\"sleep\",\"millis\":5000}",
            new String[] {"content-type", "application/json"},
            504,
            "300 ms"),
        Arguments.of(
            "function chooses a problem",
            "{\"action\":\"problem\"}",
            new String[] {"content-type", "application/json"},
            422,
            "cannot do that"),
        Arguments.of(
            "emit without a sink",
            "{\"action\":\"emit\",\"text\":\"x\"}",
            new String[] {"content-type", "application/json"},
            500,
            "IllegalStateException"));
  }

  @ParameterizedTest(name = "{0} -> {3}")
  @MethodSource("cases")
  void answers(String name, String body, String[] headers, int status, String detail)
      throws Exception {
    HttpResponse<String> response = runtime.post(body, headers);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    if (status >= 400) {
      assertThat(response.headers().firstValue("content-type"))
          .hasValue("application/problem+json");
      JsonNode problem = JSON.readTree(response.body());
      assertThat(problem.get("status").asInt()).isEqualTo(status);
      assertThat(problem.get("title").asText()).isNotBlank();
      assertThat(problem.get("detail").asText()).contains(detail);
      assertThat(response.body()).doesNotContain("\tat ", "secret internal detail", "Exception:");
    }
  }

  @Test
  void binaryRequestGetsABinaryCloudEventReply() throws Exception {
    HttpResponse<String> response = runtime.post(ECHO, binary("traceparent", TRACEPARENT));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("ce-type")).hasValue("com.example.command.response");
    assertThat(response.headers().firstValue("ce-source")).hasValue("/skyless/default/function");
    assertThat(response.headers().firstValue("ce-id")).isPresent();
    assertThat(response.headers().firstValue("ce-traceparent")).hasValue(TRACEPARENT);
    JsonNode reply = JSON.readTree(response.body());
    assertThat(reply.get("eventId").asText()).isEqualTo("evt-1");
    assertThat(reply.get("eventType").asText()).isEqualTo("com.example.command");
  }

  @Test
  void structuredRequestGetsAStructuredReply() throws Exception {
    HttpResponse<String> response =
        runtime.post(structured(null), "content-type", "application/cloudevents+json");

    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/cloudevents+json"));
    JsonNode event = JSON.readTree(response.body());
    assertThat(event.get("type").asText()).isEqualTo("com.example.command.response");
    assertThat(event.get("data").get("text").asText()).isEqualTo("hi");
  }

  @Test
  void plainRequestGetsPlainJsonAndNoOutputIsNoContent() throws Exception {
    HttpResponse<String> echo = runtime.post(ECHO, "content-type", "application/json");
    assertThat(echo.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(JSON.readTree(echo.body()).get("eventType").asText())
        .isEqualTo(RequestDecoder.HTTP_REQUEST_TYPE);

    HttpResponse<String> none =
        runtime.post("{\"action\":\"none\"}", "content-type", "application/json");
    assertThat(none.statusCode()).isEqualTo(204);
  }

  @Test
  void problemCarriesTheFunctionsExtraMembers() throws Exception {
    HttpResponse<String> response =
        runtime.post("{\"action\":\"problem\"}", "content-type", "application/json");

    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("errors")).hasSize(2);
    assertThat(problem.get("correlationId").asText()).isNotBlank();
  }

  @Test
  void healthAndMetrics() throws Exception {
    assertThat(runtime.get("/health/live").statusCode()).isEqualTo(200);
    assertThat(runtime.get("/health/ready").statusCode()).isEqualTo(200);
    runtime.post(ECHO, "content-type", "application/json");

    String metrics = runtime.get("/metrics").body();

    assertThat(metrics)
        .contains(
            "skyless_invocations_total{channel=\"http\",function=\"function\",outcome=\"success\",status=\"200\"}")
        .contains("skyless_invocation_duration_seconds_bucket")
        .contains("skyless_invocations_in_flight")
        .contains("skyless_kafka_consumer_lag")
        .contains("skyless_kafka_dead_letters_total")
        .containsPattern("skyless_cold_start_seconds\\{function=\"function\"} [0-9.]+");
  }

  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  static Stream<Arguments> malformed() {
    String trace = "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\n";
    return Stream.of(
        Arguments.of(
            "request line over the limit",
            "GET /" + "a".repeat(5000) + " HTTP/1.1\r\nhost: x\r\n\r\n",
            414),
        Arguments.of(
            "headers over the limit",
            "GET / HTTP/1.1\r\nhost: x\r\n" + trace + "x-big: " + "b".repeat(9000) + "\r\n\r\n",
            431),
        Arguments.of(
            "a Content-Length that is not a number",
            "POST / HTTP/1.1\r\nhost: x\r\n" + trace + "content-length: abc\r\n\r\n",
            400));
  }

  /** What the HTTP codec refuses before the runtime's handler is a problem too. */
  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("malformed")
  void requestsTheCodecCannotReadGetAProblemWithACorrelationId(
      String name, String request, int status) throws Exception {
    URI uri = runtime.uri("/");
    String answer;
    try (var socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      answer =
          new String(
              socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase();
    String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);

    // A request line that cannot be read has no version: the answer is then HTTP/1.0.
    assertThat(head).matches("(?s)http/1\\.[01] " + status + " .*");
    assertThat(head).contains("content-type: application/problem+json");
    JsonNode problem = JSON.readTree(body);
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("title").asText()).isNotBlank();
    assertThat(problem.get("correlationId").asText()).isNotBlank();
  }
}
