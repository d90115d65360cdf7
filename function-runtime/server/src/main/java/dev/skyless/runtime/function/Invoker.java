package dev.skyless.runtime.function;

import dev.skyless.runtime.event.EventFactory;
import dev.skyless.runtime.event.EventSink;
import dev.skyless.runtime.tracing.Tracing;
import dev.skyless.sdk.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;

/**
 * Runs the function for one {@link Invocation} on a fresh virtual thread, never on an event loop:
 * binds the input, calls the function, waits for its emitted events, encodes the output. The
 * returned stage fails with {@link TimeoutException} when the call outlives the timeout (the thread
 * is then interrupted).
 */
public final class Invoker implements AutoCloseable {

  private final FunctionHandle function;
  private final PayloadCodec codec;
  private final EventFactory events;
  private final EventSink sink;
  private final Duration timeout;
  // Unnamed: naming a thread per call showed up in profiles; logs carry the correlation id.
  private final ThreadFactory threads = Thread.ofVirtual().factory();
  private final Deadlines deadlines;
  private final Tracing tracing;
  private final Metrics metrics;

  public Invoker(
      FunctionHandle function,
      PayloadCodec codec,
      EventFactory events,
      EventSink sink,
      Duration timeout,
      Tracing tracing,
      Metrics metrics) {
    this.tracing = Objects.requireNonNull(tracing);
    this.metrics = Objects.requireNonNull(metrics);
    this.function = Objects.requireNonNull(function);
    this.codec = Objects.requireNonNull(codec);
    this.events = Objects.requireNonNull(events);
    this.sink = Objects.requireNonNull(sink);
    this.timeout = Objects.requireNonNull(timeout);
    this.deadlines = new Deadlines(Deadlines.tickFor(timeout));
  }

  public FunctionHandle function() {
    return function;
  }

  public Duration timeout() {
    return timeout;
  }

  /**
   * Starts the call on a new virtual thread and returns at once (the HTTP path: the caller is an
   * event loop). Completes with the result or the function's failure.
   */
  public CompletableFuture<Result> invoke(Invocation invocation) {
    CompletableFuture<Result> result = new CompletableFuture<>();
    Thread thread = threads.newThread(() -> run(invocation, result));
    deadlines.watch(result, thread, timeout);
    thread.start();
    return result;
  }

  /**
   * Runs the call on the current thread, which must be a virtual thread that may block (the Kafka
   * path: each record lane is one), saving a thread and two hand-offs per call.
   *
   * @throws TimeoutException when the call outlived the timeout
   * @throws Exception the function's failure
   */
  public Result call(Invocation invocation) throws Exception {
    CompletableFuture<Result> result = new CompletableFuture<>();
    Deadlines.Watch watch = deadlines.watch(result, Thread.currentThread(), timeout);
    try {
      run(invocation, result);
    } finally {
      watch.end(); // this thread goes on to other work: no deadline interrupt may follow it
    }
    try {
      return result.getNow(null);
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  private void run(Invocation invocation, CompletableFuture<Result> result) {
    Tracing.InvocationSpan span = tracing.start(invocation);
    Correlation.Fields fields = Correlation.Fields.of(invocation, span);
    invocation.ran(fields);
    var context =
        new InvocationContext(
            invocation,
            Instant.now().plus(timeout),
            events,
            sink,
            codec,
            tracing,
            span,
            fields,
            metrics);
    Correlation.enter(fields);
    try {
      Object input = codec.bind(invocation.event(), function.inputType());
      Object output = function.call(input, context);
      context.awaitEmits();
      result.complete(new Result(output, codec.encode(output)));
    } catch (Throwable e) {
      span.failed(e);
      result.completeExceptionally(e);
    } finally {
      span.end();
      Correlation.leave();
    }
  }

  /** Stops watching deadlines. */
  @Override
  public void close() {
    deadlines.close();
  }
}
