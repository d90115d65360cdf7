package dev.skyless.runtime.function;

import dev.skyless.runtime.event.EventFactory;
import dev.skyless.runtime.event.EventSink;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the function for one {@link Invocation} on a fresh virtual thread, never on an event loop:
 * binds the input, calls the function, waits for its emitted events, encodes the output. The
 * returned stage fails with {@link TimeoutException} when the call outlives the timeout (the thread
 * is then interrupted).
 */
public final class Invoker {

  private final FunctionHandle function;
  private final PayloadCodec codec;
  private final EventFactory events;
  private final EventSink sink;
  private final Duration timeout;
  private final ThreadFactory threads = Thread.ofVirtual().name("fn-", 0).factory();

  public Invoker(
      FunctionHandle function,
      PayloadCodec codec,
      EventFactory events,
      EventSink sink,
      Duration timeout) {
    this.function = Objects.requireNonNull(function);
    this.codec = Objects.requireNonNull(codec);
    this.events = Objects.requireNonNull(events);
    this.sink = Objects.requireNonNull(sink);
    this.timeout = Objects.requireNonNull(timeout);
  }

  public FunctionHandle function() {
    return function;
  }

  public Duration timeout() {
    return timeout;
  }

  /** Starts the call; completes with the result or the function's failure. */
  public CompletableFuture<Result> invoke(Invocation invocation) {
    Instant deadline = Instant.now().plus(timeout);
    var context = new InvocationContext(invocation, deadline, events, sink, codec);
    CompletableFuture<Result> result = new CompletableFuture<>();
    Thread thread =
        threads.newThread(
            () -> {
              Correlation.enter(invocation);
              try {
                Object input = codec.bind(invocation.event(), function.inputType());
                Object output = function.call(input, context);
                context.awaitEmits();
                result.complete(new Result(output, codec.encode(output)));
              } catch (Throwable e) {
                result.completeExceptionally(e);
              } finally {
                Correlation.leave();
              }
            });
    thread.start();
    result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    result.whenComplete(
        (r, e) -> {
          if (e instanceof TimeoutException) {
            thread.interrupt();
          }
        });
    return result;
  }
}
