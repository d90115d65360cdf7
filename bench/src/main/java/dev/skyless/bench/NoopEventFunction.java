package dev.skyless.bench;

import dev.skyless.sdk.Context;
import dev.skyless.sdk.Function;
import io.cloudevents.CloudEvent;

/** Does nothing with each event: the Kafka benchmark measures the runtime, not the function. */
public final class NoopEventFunction implements Function<CloudEvent, Void> {

  @Override
  public Void apply(CloudEvent event, Context ctx) {
    return null;
  }
}
