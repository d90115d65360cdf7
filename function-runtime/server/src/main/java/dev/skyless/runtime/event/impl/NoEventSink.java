package dev.skyless.runtime.event.impl;

import dev.skyless.runtime.event.EventSink;
import io.cloudevents.CloudEvent;
import java.util.concurrent.CompletableFuture;

/** Used when neither an events topic nor {@code K_SINK} is configured: emitting is an error. */
public final class NoEventSink implements EventSink {

  @Override
  public CompletableFuture<Void> send(CloudEvent event) {
    throw new IllegalStateException(
        "ctx.emit() has nowhere to send '"
            + event.getType()
            + "': set SKYLESS_EVENTS_TOPIC (Kafka) or K_SINK (HTTP)");
  }

  @Override
  public void close() {}
}
