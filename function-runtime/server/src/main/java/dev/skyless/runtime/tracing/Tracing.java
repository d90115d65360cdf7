package dev.skyless.runtime.tracing;

import dev.skyless.runtime.function.Invocation;
import dev.skyless.sdk.HttpRequest;
import dev.skyless.sdk.ProblemException;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runtime's spans. One per invocation (SERVER for HTTP and trigger deliveries, CONSUMER in
 * direct Kafka mode), whose parent is the call's W3C trace context: the CloudEvent's
 * distributed-tracing extension ({@code traceparent}, {@code tracestate}), which the decoders fill
 * from the HTTP {@code traceparent} header or the Kafka record's headers when the event has none.
 * One PRODUCER span per emitted event, child of the invocation's, whose context replaces the
 * event's {@code traceparent}, so the function that receives it continues the trace.
 *
 * <p>Off (no OTLP endpoint configured: {@link #off()}) it makes no span and no SDK class is loaded;
 * emitted events then carry the caller's trace context unchanged, as before tracing existed.
 */
public final class Tracing implements AutoCloseable {

  private static final String TRIGGER_PREFIX = dev.skyless.contract.TriggerPaths.PREFIX;
  private static final Tracing OFF = new Tracing(null, () -> {});

  /**
   * The OpenTelemetry API's constants, in a class of their own: with tracing off no OpenTelemetry
   * class is loaded.
   */
  private static final class Keys {
    static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("cloudevents.event_id");
    static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("cloudevents.event_type");
    static final AttributeKey<String> EVENT_SOURCE =
        AttributeKey.stringKey("cloudevents.event_source");
    static final AttributeKey<String> TRIGGER = AttributeKey.stringKey("faas.trigger");
    static final AttributeKey<String> INVOCATION_ID = AttributeKey.stringKey("faas.invocation_id");
    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<String> DESTINATION =
        AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<Long> PROBLEM_STATUS = AttributeKey.longKey("skyless.problem.status");

    static final TextMapGetter<CloudEvent> EXTENSIONS =
        new TextMapGetter<>() {
          @Override
          public Iterable<String> keys(CloudEvent event) {
            return List.of("traceparent", "tracestate");
          }

          @Override
          public String get(CloudEvent event, String key) {
            Object value = event == null ? null : event.getExtension(key);
            return value instanceof String s ? s : null;
          }
        };
  }

  private final Tracer tracer;
  private final Runnable shutdown;

  private Tracing(Tracer tracer, Runnable shutdown) {
    this.tracer = tracer;
    this.shutdown = shutdown;
  }

  /** No spans. */
  public static Tracing off() {
    return OFF;
  }

  /**
   * Spans through {@code openTelemetry}.
   *
   * @param shutdown flushes and stops the exporter (on close)
   */
  public static Tracing of(OpenTelemetry openTelemetry, Runnable shutdown) {
    return new Tracing(openTelemetry.getTracer("dev.skyless.runtime"), shutdown);
  }

  public boolean enabled() {
    return tracer != null;
  }

  /** Starts the span of {@code invocation}; with tracing off, a handle carrying no span. */
  public InvocationSpan start(Invocation invocation) {
    CloudEvent event = invocation.event();
    if (tracer == null) {
      return InvocationSpan.untraced(event);
    }
    Context parent =
        W3CTraceContextPropagator.getInstance().extract(Context.root(), event, Keys.EXTENSIONS);
    Optional<HttpRequest> http = invocation.http();
    SpanBuilder span;
    if (invocation.mode() == Invocation.Mode.KAFKA) {
      span =
          tracer
              .spanBuilder("process " + event.getType())
              .setSpanKind(SpanKind.CONSUMER)
              .setAttribute(Keys.TRIGGER, "pubsub");
    } else if (http.isPresent() && http.get().path().startsWith(TRIGGER_PREFIX)) {
      String trigger = http.get().path().substring(TRIGGER_PREFIX.length());
      span =
          tracer
              .spanBuilder("trigger " + trigger)
              .setSpanKind(SpanKind.SERVER)
              .setAttribute(Keys.TRIGGER, "pubsub");
    } else {
      HttpRequest request = http.orElse(null);
      String method = request == null ? "POST" : request.method();
      Optional<String> route =
          request == null
              ? Optional.empty()
              : request.route().map(r -> r.substring(r.indexOf(' ') + 1));
      span =
          tracer
              .spanBuilder(method + route.map(r -> " " + r).orElse(""))
              .setSpanKind(SpanKind.SERVER)
              .setAttribute(Keys.TRIGGER, "http")
              .setAttribute(Keys.METHOD, method);
      route.ifPresent(r -> span.setAttribute(Keys.ROUTE, r));
      if (request != null) {
        span.setAttribute(Keys.PATH, request.path());
      }
    }
    Span started =
        span.setParent(parent)
            .setAttribute(Keys.INVOCATION_ID, event.getId())
            .setAttribute(Keys.EVENT_ID, event.getId())
            .setAttribute(Keys.EVENT_TYPE, event.getType())
            .setAttribute(Keys.EVENT_SOURCE, event.getSource().toString())
            .startSpan();
    return InvocationSpan.of(started);
  }

  /**
   * Starts the PRODUCER span of an emitted event under {@code parent}; its context goes into the
   * event. With tracing off the event is returned unchanged.
   */
  public Emit emit(CloudEvent event, InvocationSpan parent, String destination) {
    if (tracer == null || parent.span() == null) {
      return new Emit(event, null);
    }
    Span span =
        tracer
            .spanBuilder("emit " + event.getType())
            .setSpanKind(SpanKind.PRODUCER)
            .setParent(Context.root().with(parent.span()))
            .setAttribute(Keys.EVENT_ID, event.getId())
            .setAttribute(Keys.EVENT_TYPE, event.getType())
            .setAttribute(Keys.DESTINATION, destination)
            .startSpan();
    Map<String, String> carrier = new HashMap<>();
    W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), carrier, Map::put);
    CloudEventBuilder builder = CloudEventBuilder.from(event);
    carrier.forEach(builder::withExtension);
    return new Emit(builder.build(), span);
  }

  /** Flushes spans not yet exported and stops the exporter. */
  @Override
  public void close() {
    shutdown.run();
  }

  /** An emitted event with its span, ended when the destination acknowledges it. */
  public record Emit(CloudEvent event, Span span) {

    /** Ends the span, failed when {@code error} is not null. */
    public void sent(Throwable error) {
      if (span == null) {
        return;
      }
      if (error != null) {
        span.recordException(error);
        span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
      }
      span.end();
    }
  }

  /** The span of one invocation (absent with tracing off) and the ids logs carry. */
  public static final class InvocationSpan {

    private final Span span;
    private final String traceId;
    private final String spanId;

    private InvocationSpan(Span span, String traceId, String spanId) {
      this.span = span;
      this.traceId = traceId;
      this.spanId = spanId;
    }

    static InvocationSpan of(Span span) {
      SpanContext context = span.getSpanContext();
      return new InvocationSpan(span, context.getTraceId(), context.getSpanId());
    }

    /** No span: the trace id of the call's {@code traceparent}, if it has one, for the logs. */
    static InvocationSpan untraced(CloudEvent event) {
      return new InvocationSpan(
          null,
          dev.skyless.runtime.function.Correlation.id(event.getExtension("traceparent"), null),
          null);
    }

    Span span() {
      return span;
    }

    /** The W3C {@code traceparent} of this invocation's span; empty with tracing off. */
    public Optional<String> traceparent() {
      if (span == null) {
        return Optional.empty();
      }
      SpanContext context = span.getSpanContext();
      return Optional.of(
          "00-"
              + context.getTraceId()
              + "-"
              + context.getSpanId()
              + "-"
              + context.getTraceFlags().asHex());
    }

    /** The trace id to log; empty when the call has none. */
    public Optional<String> traceId() {
      return Optional.ofNullable(traceId);
    }

    /** This invocation's span id; empty with tracing off. */
    public Optional<String> spanId() {
      return Optional.ofNullable(spanId);
    }

    /** Marks the invocation failed: a 4xx problem is the caller's error, not the function's. */
    public void failed(Throwable error) {
      if (span == null) {
        return;
      }
      if (error instanceof ProblemException problem) {
        span.setAttribute(Keys.PROBLEM_STATUS, (long) problem.status());
        if (problem.status() < 500) {
          return;
        }
      }
      span.recordException(error);
      span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
    }

    public void end() {
      if (span != null) {
        span.end();
      }
    }
  }
}
