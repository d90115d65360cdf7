package dev.skyless.runtime.event;

import io.cloudevents.CloudEvent;
import java.util.concurrent.CompletableFuture;

/** Where emitted events go: a Kafka topic or an HTTP sink ({@code K_SINK}). */
public interface EventSink extends AutoCloseable {

  /**
   * Starts sending {@code event}; the stage completes when the destination acknowledged it.
   *
   * @throws IllegalStateException at once when there is nowhere to send events
   */
  CompletableFuture<Void> send(CloudEvent event);

  /** Where events go, for spans and messages: a topic name or the sink's URL. */
  default String destination() {
    return "none";
  }

  /** Flushes what is pending and releases the connection. */
  @Override
  void close();
}
