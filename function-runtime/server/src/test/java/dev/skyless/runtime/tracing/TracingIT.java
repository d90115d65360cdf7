package dev.skyless.runtime.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.skyless.kafka.embedded.SharedKafka;
import dev.skyless.runtime.config.ConfigException;
import dev.skyless.runtime.testing.CommandFunction;
import dev.skyless.runtime.testing.FunctionTestServer;
import dev.skyless.runtime.testing.KafkaTestClients;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runtime's spans, exported by the OpenTelemetry SDK over OTLP/HTTP (protobuf) to a collector
 * in this test, and their context carried into what the function emits: a Kafka record's {@code
 * ce_traceparent} and {@code traceparent} headers name the producer span, so the next function's
 * span is its child. Logs carry the ids.
 */
class TracingIT {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CALLER = "00f067aa0ba902b7";
  private static final HexFormat HEX = HexFormat.of();

  private static HttpServer collector;
  private static final List<Span> spans = new CopyOnWriteArrayList<>();
  private static final List<String> services = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void collector() throws Exception {
    collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext(
        "/v1/traces",
        exchange -> {
          var request =
              ExportTraceServiceRequest.parseFrom(exchange.getRequestBody().readAllBytes());
          for (var resource : request.getResourceSpansList()) {
            String service =
                resource.getResource().getAttributesList().stream()
                    .filter(a -> a.getKey().equals("service.name"))
                    .map(a -> a.getValue().getStringValue())
                    .findFirst()
                    .orElse("?");
            for (var scope : resource.getScopeSpansList()) {
              for (Span span : scope.getSpansList()) {
                spans.add(span);
                services.add(service);
              }
            }
          }
          byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
          exchange.getResponseHeaders().add("content-type", "application/x-protobuf");
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    collector.start();
  }

  @AfterAll
  static void stop() {
    collector.stop(0);
  }

  @BeforeEach
  void clear() {
    spans.clear();
    services.clear();
  }

  private static Map<String, String> tracedEnv(String service) {
    Map<String, String> env = new HashMap<>();
    env.put("K_SERVICE", service);
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.getAddress().getPort());
    env.put("OTEL_BSP_SCHEDULE_DELAY", "50");
    env.put("SKYLESS_KAFKA_BOOTSTRAP_SERVERS", SharedKafka.get().bootstrapServers());
    return env;
  }

  @Test
  void anHttpCallIsAServerSpanUnderItsCallerAndEachEmitAProducerSpanWhoseContextTheRecordCarries()
      throws Exception {
    var kafka = SharedKafka.get();
    kafka.createTopic("traced-out", 1);
    Map<String, String> env = tracedEnv("echo");
    env.put("SKYLESS_EVENTS_TOPIC", "traced-out");
    PrintStream stdout = System.out;
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    try (FunctionTestServer runtime = FunctionTestServer.start(new CommandFunction(), env)) {
      var response =
          runtime.post(
              "{\"action\":\"emit\",\"text\":\"hi\",\"count\":2}",
              "content-type",
              "application/json",
              "traceparent",
              "00-" + TRACE + "-" + CALLER + "-01");
      assertThat(response.statusCode()).isEqualTo(200);
      System.setOut(new PrintStream(logs, true, StandardCharsets.UTF_8));
      try {
        assertThat(
                runtime
                    .post(
                        "{\"action\":\"throw\"}",
                        "content-type",
                        "application/json",
                        "traceparent",
                        "00-" + TRACE + "-" + CALLER + "-01")
                    .statusCode())
            .isEqualTo(500);
      } finally {
        System.setOut(stdout);
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> spans.size() >= 4);
    }
    List<Span> servers =
        spans.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER).toList();
    assertThat(servers).hasSize(2);
    for (Span server : servers) {
      assertThat(hex(server.getTraceId())).isEqualTo(TRACE);
      assertThat(hex(server.getParentSpanId())).as("the caller's span").isEqualTo(CALLER);
      assertThat(server.getName()).isEqualTo("POST");
    }
    assertThat(services).containsOnly("echo");
    Span emitting =
        servers.stream().filter(s -> s.getStatus().getCodeValue() == 0).findFirst().orElseThrow();
    Span failed =
        servers.stream().filter(s -> s.getStatus().getCodeValue() == 2).findFirst().orElseThrow();
    assertThat(failed.getStatus().getMessage()).contains("secret internal detail");

    List<Span> producers =
        spans.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_PRODUCER).toList();
    assertThat(producers).hasSize(2);
    for (Span producer : producers) {
      assertThat(producer.getName()).isEqualTo("emit com.example.echoed");
      assertThat(hex(producer.getParentSpanId())).isEqualTo(hex(emitting.getSpanId()));
    }
    List<ConsumerRecord<byte[], byte[]>> records =
        KafkaTestClients.readUntil(
            kafka.bootstrapServers(), "traced-out", Duration.ofSeconds(10), r -> r.size() >= 2);
    List<String> producerIds = producers.stream().map(p -> hex(p.getSpanId())).toList();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      String w3c = header(record, "traceparent");
      assertThat(header(record, "ce_traceparent")).isEqualTo(w3c);
      assertThat(w3c).startsWith("00-" + TRACE + "-").endsWith("-01");
      assertThat(w3c.substring(36, 52)).isIn(producerIds);
    }
    String errorLine =
        logs.toString(StandardCharsets.UTF_8)
            .lines()
            .filter(l -> l.contains("failed for POST"))
            .findFirst()
            .orElseThrow();
    assertThat(errorLine)
        .contains("\"trace_id\":\"" + TRACE + "\"")
        .contains("\"span_id\":\"" + hex(failed.getSpanId()) + "\"");
  }

  @Test
  void aRecordReadInDirectModeIsAConsumerSpanUnderTheContextItCarries() throws Exception {
    var kafka = SharedKafka.get();
    kafka.createTopic("traced-in", 1);
    Map<String, String> env = tracedEnv("reader");
    env.put("SKYLESS_KAFKA_TOPICS", "traced-in");
    env.put("SKYLESS_KAFKA_GROUP_ID", "traced-in-group");
    try (FunctionTestServer runtime = FunctionTestServer.start(new CommandFunction(), env);
        var producer = KafkaTestClients.producer(kafka.bootstrapServers())) {
      var record =
          new ProducerRecord<byte[], byte[]>(
              "traced-in",
              null,
              "{\"action\":\"echo\",\"text\":\"x\"}".getBytes(StandardCharsets.UTF_8));
      record
          .headers()
          .add(
              "traceparent",
              ("00-" + TRACE + "-" + CALLER + "-01").getBytes(StandardCharsets.UTF_8));
      producer.send(record).get();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> spans.stream().anyMatch(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CONSUMER));
    }
    Span consumer =
        spans.stream()
            .filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CONSUMER)
            .findFirst()
            .orElseThrow();
    assertThat(hex(consumer.getTraceId())).isEqualTo(TRACE);
    assertThat(hex(consumer.getParentSpanId())).isEqualTo(CALLER);
    assertThat(consumer.getName()).isEqualTo("process dev.knative.kafka.event");
  }

  @Test
  void withoutAnEndpointNothingIsTracedAndEmittedEventsKeepTheCallersContext() throws Exception {
    var kafka = SharedKafka.get();
    kafka.createTopic("untraced-out", 1);
    Map<String, String> env = tracedEnv("quiet");
    env.remove("OTEL_EXPORTER_OTLP_ENDPOINT");
    env.put("SKYLESS_EVENTS_TOPIC", "untraced-out");
    String caller = "00-" + TRACE + "-" + CALLER + "-01";
    try (FunctionTestServer runtime = FunctionTestServer.start(new CommandFunction(), env)) {
      assertThat(
              runtime
                  .post(
                      "{\"action\":\"emit\",\"text\":\"hi\"}",
                      "content-type",
                      "application/json",
                      "traceparent",
                      caller)
                  .statusCode())
          .isEqualTo(200);
    }
    var records =
        KafkaTestClients.readUntil(
            kafka.bootstrapServers(), "untraced-out", Duration.ofSeconds(10), r -> !r.isEmpty());
    assertThat(header(records.getFirst(), "ce_traceparent")).isEqualTo(caller);
    assertThat(spans).isEmpty();
  }

  @Test
  void anUnusableOtelSettingStopsStartUpNamingTheVariable() {
    Map<String, String> env = tracedEnv("bad");
    env.put("OTEL_TRACES_EXPORTER", "zipkin");
    assertThatThrownBy(() -> FunctionTestServer.start(new CommandFunction(), env).close())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("OTEL_TRACES_EXPORTER: ")
        .hasMessageContaining("zipkin");
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static String hex(com.google.protobuf.ByteString bytes) {
    return HEX.formatHex(bytes.toByteArray());
  }
}
