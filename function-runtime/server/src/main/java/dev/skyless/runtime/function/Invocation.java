package dev.skyless.runtime.function;

import dev.skyless.sdk.HttpRequest;
import io.cloudevents.CloudEvent;
import java.util.Optional;

/**
 * One call of the function: the event it carries (made up for a plain HTTP request), the HTTP side
 * when it came over HTTP, and how it arrived, which decides the shape of the reply.
 */
public record Invocation(CloudEvent event, Optional<HttpRequest> http, Mode mode) {

  /** How the call arrived. */
  public enum Mode {
    /** Plain HTTP, no CloudEvent: the reply is plain too. */
    PLAIN,
    /** CloudEvent over HTTP in binary mode ({@code ce-*} headers). */
    BINARY,
    /** CloudEvent over HTTP in structured mode ({@code application/cloudevents+json}). */
    STRUCTURED,
    /** A Kafka record read by the direct consumer. */
    KAFKA
  }

  /** Whether the caller sent a real CloudEvent. */
  public boolean cloudEvent() {
    return mode != Mode.PLAIN;
  }

  /** The id that ties log lines of this call together: the trace id, else the event id. */
  public String correlationId() {
    Object traceparent = event.getExtension("traceparent");
    if (traceparent instanceof String tp && tp.length() >= 35) {
      return tp.substring(3, 35);
    }
    return event.getId();
  }
}
