package dev.skyless.runtime.function;

import dev.skyless.sdk.HttpRequest;
import io.cloudevents.CloudEvent;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One call of the function: the event it carries (made up for a plain HTTP request), the HTTP side
 * when it came over HTTP (built only if the function asks for it), and how it arrived, which
 * decides the shape of the reply.
 */
public final class Invocation {

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

  private final CloudEvent event;
  private final Mode mode;
  private final Supplier<HttpRequest> httpSource;
  private volatile Optional<HttpRequest> http;
  private volatile Correlation.Fields fields;

  /**
   * @param httpSource builds the HTTP view on first use; null when the call did not come over HTTP
   */
  public Invocation(CloudEvent event, Supplier<HttpRequest> httpSource, Mode mode) {
    this.event = Objects.requireNonNull(event);
    this.httpSource = httpSource;
    this.mode = Objects.requireNonNull(mode);
  }

  /** A call from Kafka. */
  public static Invocation fromKafka(CloudEvent event) {
    return new Invocation(event, null, Mode.KAFKA);
  }

  public CloudEvent event() {
    return event;
  }

  /** The log fields of this call once it ran (its trace and span ids), else its event's. */
  public Correlation.Fields logFields() {
    Correlation.Fields given = fields;
    return given != null ? given : Correlation.Fields.of(event);
  }

  void ran(Correlation.Fields fields) {
    this.fields = fields;
  }

  /** The same call carrying {@code replacement} instead of its event. */
  public Invocation withEvent(CloudEvent replacement) {
    return new Invocation(replacement, httpSource, mode);
  }

  public Mode mode() {
    return mode;
  }

  /** Method, path and headers, when the call came over HTTP. */
  public Optional<HttpRequest> http() {
    Optional<HttpRequest> view = http;
    if (view == null) {
      view = httpSource == null ? Optional.empty() : Optional.of(httpSource.get());
      http = view;
    }
    return view;
  }

  /** Whether the caller sent a real CloudEvent. */
  public boolean cloudEvent() {
    return mode != Mode.PLAIN;
  }

  /** The id that ties log lines of this call together: the trace id, else the event id. */
  public String correlationId() {
    return Correlation.id(event.getExtension("traceparent"), event.getId());
  }
}
