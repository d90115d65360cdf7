package dev.skyless.local.gateway;

import dev.skyless.contract.AsyncInvocations;
import dev.skyless.runtime.event.impl.KafkaEventSink;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.http.vertx.VertxMessageFactory;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;

/**
 * What the cluster's async KafkaSink does, in {@code skyless dev}'s gateway: a call with {@code
 * Prefer: respond-async} becomes a CloudEvent in the function's async topic, and the caller is told
 * 202 with the invocation id once Kafka has it. A CloudEvent (binary or structured) keeps its id; a
 * plain call becomes one of type {@value AsyncInvocations#INVOKED} with a new id, as {@code skyless
 * invoke --async} makes for a cluster. No instance is needed to accept a call.
 */
final class AsyncCalls {

  static final URI SOURCE = URI.create("/skyless/dev/gateway");

  private final Producer<byte[], byte[]> producer;

  AsyncCalls(Producer<byte[], byte[]> producer) {
    this.producer = producer;
  }

  /**
   * Writes the call to {@code topic}; completes with its id once acknowledged. It may block while
   * the producer waits for the topic's metadata (Kafka down), so the gateway calls it off its event
   * loop.
   */
  CompletableFuture<String> submit(String topic, CloudEvent event) {
    return new KafkaEventSink(producer, topic).send(event).thenApply(v -> event.getId());
  }

  /**
   * The call as a CloudEvent.
   *
   * @throws RuntimeException when it claims to be a CloudEvent and is not a valid one
   */
  static CloudEvent toEvent(MultiMap headers, Buffer body) {
    String contentType = headers.get("content-type");
    boolean structured =
        contentType != null
            && contentType.toLowerCase(Locale.ROOT).startsWith("application/cloudevents");
    if (structured || headers.contains("ce-specversion")) {
      return VertxMessageFactory.createReader(headers, body).toEvent();
    }
    CloudEventBuilder builder =
        CloudEventBuilder.v1()
            .withId(UUID.randomUUID().toString())
            .withSource(SOURCE)
            .withType(AsyncInvocations.INVOKED)
            .withTime(OffsetDateTime.now(ZoneOffset.UTC));
    if (body.length() > 0) {
      builder
          .withDataContentType(contentType == null ? "application/octet-stream" : contentType)
          .withData(body.getBytes());
    }
    String traceparent = headers.get("traceparent");
    if (traceparent != null) {
      builder.withExtension("traceparent", traceparent);
    }
    return builder.build();
  }
}
