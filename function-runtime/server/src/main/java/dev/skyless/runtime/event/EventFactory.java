package dev.skyless.runtime.event;

import dev.skyless.runtime.function.Payload;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** Builds the events the runtime sends: events a function emits, and CloudEvent replies. */
public final class EventFactory {

  private final URI source;
  private final Optional<String> responseType;

  /**
   * @param source the {@code source} of every event this function produces
   * @param responseType the type of replies; absent means {@code <request type>.response}
   */
  public EventFactory(URI source, Optional<String> responseType) {
    this.source = source;
    this.responseType = responseType;
  }

  /** An event the function emits while handling {@code cause}; carries its trace context on. */
  public CloudEvent emitted(String type, Payload data, CloudEvent cause) {
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("an emitted event needs a type");
    }
    CloudEventBuilder builder =
        CloudEventBuilder.v1()
            .withId(EventIds.next())
            .withSource(source)
            .withType(type)
            .withTime(OffsetDateTime.now(ZoneOffset.UTC));
    if (!data.isEmpty()) {
      builder.withDataContentType(data.contentType()).withData(data.bytes());
    }
    copyTraceContext(cause, builder);
    return builder.build();
  }

  /** The reply to a CloudEvent request (no {@code time}: optional, and costly to format). */
  public CloudEvent response(CloudEvent request, Payload output) {
    CloudEventBuilder builder =
        CloudEventBuilder.v1()
            .withId(EventIds.next())
            .withSource(source)
            .withType(responseType.orElse(request.getType() + ".response"));
    if (request.getSubject() != null) {
      builder.withSubject(request.getSubject());
    }
    if (!output.isEmpty()) {
      builder.withDataContentType(output.contentType()).withData(output.bytes());
    }
    copyTraceContext(request, builder);
    return builder.build();
  }

  private static void copyTraceContext(CloudEvent cause, CloudEventBuilder builder) {
    if (cause == null) {
      return;
    }
    for (String name : new String[] {"traceparent", "tracestate"}) {
      Object value = cause.getExtension(name);
      if (value instanceof String s) {
        builder.withExtension(name, s);
      }
    }
  }
}
