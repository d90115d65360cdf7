package dev.skyless.runtime.event.impl;

import dev.skyless.runtime.event.EventSink;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends events to one Kafka topic in the CloudEvents Kafka binding, binary mode ({@code ce_*}
 * headers). The record key is the event's {@code partitionkey} extension, when set, so events about
 * one thing stay in order.
 */
public final class KafkaEventSink implements EventSink {

  private static final String[] TRACE_HEADERS = {"traceparent", "tracestate"};

  private final Producer<byte[], byte[]> producer;
  private final String topic;

  public KafkaEventSink(Producer<byte[], byte[]> producer, String topic) {
    this.producer = Objects.requireNonNull(producer);
    this.topic = Objects.requireNonNull(topic);
  }

  @Override
  public String destination() {
    return topic;
  }

  @Override
  public CompletableFuture<Void> send(CloudEvent event) {
    Object partitionKey = event.getExtension("partitionkey");
    byte[] key =
        partitionKey == null ? null : partitionKey.toString().getBytes(StandardCharsets.UTF_8);
    ProducerRecord<byte[], byte[]> record =
        KafkaMessageFactory.<byte[]>createWriter(topic, key).writeBinary(event);
    // Also the W3C header Kafka instrumentations read, beside the CloudEvent's ce_traceparent.
    for (String name : TRACE_HEADERS) {
      if (event.getExtension(name) instanceof String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
      }
    }
    CompletableFuture<Void> acked = new CompletableFuture<>();
    producer.send(
        record,
        (metadata, error) -> {
          if (error == null) {
            acked.complete(null);
          } else {
            acked.completeExceptionally(error);
          }
        });
    return acked;
  }

  @Override
  public void close() {
    producer.flush();
  }
}
