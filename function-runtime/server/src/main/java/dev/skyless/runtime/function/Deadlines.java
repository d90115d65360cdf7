package dev.skyless.runtime.function;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Times out calls that outlive their deadline: one daemon thread scans the calls in flight every
 * {@code tick} and fails the late ones with {@link TimeoutException}, interrupting their thread.
 *
 * <p>Cheaper per call than {@link CompletableFuture#orTimeout}, which schedules and cancels a task
 * on a shared scheduler for every call (measured: about a quarter of the runtime's HTTP
 * throughput). The price is precision: a call may run up to one tick past its deadline.
 */
final class Deadlines implements AutoCloseable {

  private record Call(long deadlineNanos, CompletableFuture<?> result, Thread thread) {}

  private final Map<Long, Call> calls = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final ScheduledExecutorService ticker;

  /** Scans every {@code tick}; a tenth of the timeout suits (clamped to 10..100 ms). */
  Deadlines(Duration tick) {
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("skyless-deadlines").daemon().unstarted(r));
    long millis = tick.toMillis();
    ticker.scheduleAtFixedRate(this::expire, millis, millis, TimeUnit.MILLISECONDS);
  }

  static Duration tickFor(Duration timeout) {
    return Duration.ofMillis(Math.clamp(timeout.toMillis() / 10, 10, 100));
  }

  /**
   * Watches {@code result}, run by {@code thread}, until it completes or {@code timeout} passes.
   */
  void watch(CompletableFuture<?> result, Thread thread, Duration timeout) {
    long id = ids.incrementAndGet();
    calls.put(id, new Call(System.nanoTime() + timeout.toNanos(), result, thread));
    result.whenComplete((r, e) -> calls.remove(id));
  }

  private void expire() {
    long now = System.nanoTime();
    for (Call call : calls.values()) {
      if (now - call.deadlineNanos() >= 0
          && call.result().completeExceptionally(new TimeoutException())) {
        call.thread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
