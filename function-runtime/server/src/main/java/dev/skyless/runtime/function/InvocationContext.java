package dev.skyless.runtime.function;

import dev.skyless.runtime.event.EventFactory;
import dev.skyless.runtime.event.EventSink;
import dev.skyless.runtime.tracing.Tracing;
import dev.skyless.sdk.Context;
import dev.skyless.sdk.HttpRequest;
import dev.skyless.sdk.Logger;
import dev.skyless.sdk.Metrics;
import io.cloudevents.CloudEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The {@link Context} of one call. Collects the sends of emitted events so they can be awaited. */
final class InvocationContext implements Context {

  private final Invocation invocation;
  private final Instant deadline;
  private final EventFactory events;
  private final EventSink sink;
  private final PayloadCodec codec;
  private final Logger logger;
  private final Tracing tracing;
  private final Tracing.InvocationSpan span;
  private final Metrics metrics;
  private final List<CompletableFuture<Void>> sends = new ArrayList<>();

  InvocationContext(
      Invocation invocation,
      Instant deadline,
      EventFactory events,
      EventSink sink,
      PayloadCodec codec,
      Tracing tracing,
      Tracing.InvocationSpan span,
      Correlation.Fields fields,
      Metrics metrics) {
    this.metrics = metrics;
    this.invocation = invocation;
    this.deadline = deadline;
    this.events = events;
    this.sink = sink;
    this.codec = codec;
    this.tracing = tracing;
    this.span = span;
    this.logger = new ContextLogger(fields);
  }

  @Override
  public String id() {
    return invocation.event().getId();
  }

  @Override
  public String type() {
    return invocation.event().getType();
  }

  @Override
  public String source() {
    return invocation.event().getSource().toString();
  }

  @Override
  public Optional<String> subject() {
    return Optional.ofNullable(invocation.event().getSubject());
  }

  @Override
  public Optional<OffsetDateTime> time() {
    return Optional.ofNullable(invocation.event().getTime());
  }

  @Override
  public Map<String, Object> extensions() {
    CloudEvent event = invocation.event();
    Map<String, Object> extensions = new HashMap<>();
    for (String name : event.getExtensionNames()) {
      extensions.put(name, event.getExtension(name));
    }
    return Map.copyOf(extensions);
  }

  @Override
  public Optional<CloudEvent> event() {
    return invocation.cloudEvent() ? Optional.of(invocation.event()) : Optional.empty();
  }

  @Override
  public Optional<HttpRequest> http() {
    return invocation.http();
  }

  @Override
  public Optional<String> traceparent() {
    return span.traceparent().or(Context.super::traceparent);
  }

  @Override
  public Metrics metrics() {
    return metrics;
  }

  @Override
  public Logger logger() {
    return logger;
  }

  @Override
  public Instant deadline() {
    return deadline;
  }

  @Override
  public void emit(String type, Object data) {
    emit(events.emitted(type, codec.encode(data), invocation.event()));
  }

  @Override
  public void emit(CloudEvent event) {
    Tracing.Emit emit = tracing.emit(event, span, sink.destination());
    CompletableFuture<Void> send;
    try {
      send = sink.send(emit.event());
    } catch (RuntimeException e) {
      emit.sent(e);
      throw e;
    }
    send.whenComplete((ok, error) -> emit.sent(error));
    synchronized (sends) {
      sends.add(send);
    }
  }

  /** Waits until every emitted event is acknowledged; throws the first failure. */
  void awaitEmits() throws Exception {
    CompletableFuture<?>[] pending;
    synchronized (sends) {
      pending = sends.toArray(CompletableFuture<?>[]::new);
    }
    if (pending.length > 0) {
      try {
        CompletableFuture.allOf(pending).get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new EmitFailedException(e.getCause());
      }
    }
  }
}
