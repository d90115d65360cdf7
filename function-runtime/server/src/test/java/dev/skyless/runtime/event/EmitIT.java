package dev.skyless.runtime.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyless.kafka.embedded.SharedKafka;
import dev.skyless.runtime.testing.CommandFunction;
import dev.skyless.runtime.testing.FunctionTestServer;
import dev.skyless.runtime.testing.KafkaTestClients;
import dev.skyless.runtime.testing.LocalHttpServer;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.vertx.VertxMessageFactory;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** ctx.emit to a real Kafka topic and to an HTTP sink (K_SINK). */
@ExtendWith(VertxExtension.class)
class EmitIT {

  private static final String TRACEPARENT =
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  @Test
  void emitsToKafkaInTheCloudEventsBindingBeforeAnswering() throws Exception {
    var kafka = SharedKafka.get();
    kafka.createTopic("emit-out", 1);
    try (FunctionTestServer runtime =
        FunctionTestServer.start(
            new CommandFunction(),
            Map.of(
                "SKYLESS_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "SKYLESS_EVENTS_TOPIC", "emit-out",
                "SKYLESS_EVENT_SOURCE", "/shop/echo"))) {
      HttpResponse<String> response =
          runtime.post(
              "{\"action\":\"emit\",\"text\":\"hello\",\"count\":3}",
              "content-type",
              "application/json",
              "traceparent",
              TRACEPARENT);
      assertThat(response.statusCode()).isEqualTo(200);

      List<ConsumerRecord<byte[], byte[]>> records =
          KafkaTestClients.readUntil(
              kafka.bootstrapServers(), "emit-out", Duration.ofSeconds(5), r -> r.size() >= 3);
      assertThat(records).as("acknowledged before the reply, so already there").hasSize(3);
      CloudEvent event = KafkaMessageFactory.createReader(records.getFirst()).toEvent();
      assertThat(event.getType()).isEqualTo("com.example.echoed");
      assertThat(event.getSource()).hasToString("/shop/echo");
      assertThat(event.getDataContentType()).isEqualTo("application/json");
      assertThat(new String(event.getData().toBytes(), StandardCharsets.UTF_8))
          .contains("\"text\":\"hello\"");
      assertThat(event.getExtension("traceparent")).isEqualTo(TRACEPARENT);
    }
  }

  @Test
  void emitsToTheHttpSink(Vertx vertx, VertxTestContext test) throws Exception {
    List<CloudEvent> received = new CopyOnWriteArrayList<>();
    HttpServer sink =
        LocalHttpServer.start(
            vertx,
            request ->
                VertxMessageFactory.createReader(request)
                    .onSuccess(
                        reader -> {
                          received.add(reader.toEvent());
                          request.response().setStatusCode(202).end();
                        }));
    try (FunctionTestServer runtime =
        FunctionTestServer.start(
            new CommandFunction(), Map.of("K_SINK", LocalHttpServer.url(sink, "/")))) {
      HttpResponse<String> response =
          runtime.post(
              "{\"action\":\"emit\",\"text\":\"to-sink\"}", "content-type", "application/json");

      test.verify(
          () -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(received).hasSize(1);
            assertThat(received.getFirst().getType()).isEqualTo("com.example.echoed");
          });
      test.completeNow();
    }
  }

  @Test
  void aRefusedEmitFailsTheCallWith502(Vertx vertx) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    HttpServer sink =
        LocalHttpServer.start(
            vertx,
            r -> {
              calls.incrementAndGet();
              r.response().setStatusCode(500).end();
            });
    try (FunctionTestServer runtime =
        FunctionTestServer.start(
            new CommandFunction(), Map.of("K_SINK", LocalHttpServer.url(sink, "/")))) {
      HttpResponse<String> response =
          runtime.post("{\"action\":\"emit\",\"text\":\"x\"}", "content-type", "application/json");

      assertThat(response.statusCode()).isEqualTo(502);
      assertThat(response.body()).contains("not delivered");
      assertThat(calls.get()).isEqualTo(1);
    }
  }
}
