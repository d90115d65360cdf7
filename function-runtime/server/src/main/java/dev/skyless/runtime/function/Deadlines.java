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

  /**
   * One watched call. The watchdog and the call's own thread race to settle it; {@code settled}
   * makes that race safe: the watchdog interrupts only a call it won, and the call's thread, having
   * lost, waits until that interrupt has been delivered before clearing it, so an interrupt can
   * never land after the call ended and hit whatever the thread does next.
   */
  private static final class Call {
    private static final int RUNNING = 0;
    private static final int ENDED = 1;
    private static final int EXPIRING = 2;
    private static final int EXPIRED = 3;

    final long deadlineNanos;
    final CompletableFuture<?> result;
    final Thread thread;
    final java.util.concurrent.atomic.AtomicInteger settled =
        new java.util.concurrent.atomic.AtomicInteger(RUNNING);

    Call(long deadlineNanos, CompletableFuture<?> result, Thread thread) {
      this.deadlineNanos = deadlineNanos;
      this.result = result;
      this.thread = thread;
    }
  }

  /** Handed to the caller of {@link #watch}; {@link #end} when the call has returned. */
  interface Watch {
    /**
     * The call's thread is done with the call: from here on no deadline interrupts it, and any
     * interrupt the deadline already sent is cleared.
     */
    void end();
  }

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
  Watch watch(CompletableFuture<?> result, Thread thread, Duration timeout) {
    long id = ids.incrementAndGet();
    Call call = new Call(System.nanoTime() + timeout.toNanos(), result, thread);
    calls.put(id, call);
    result.whenComplete((r, e) -> calls.remove(id));
    return () -> {
      if (!call.settled.compareAndSet(Call.RUNNING, Call.ENDED)) {
        while (call.settled.get() != Call.EXPIRED) {
          Thread.onSpinWait();
        }
        Thread.interrupted();
      }
    };
  }

  private void expire() {
    long now = System.nanoTime();
    for (Call call : calls.values()) {
      if (now - call.deadlineNanos >= 0
          && call.settled.compareAndSet(Call.RUNNING, Call.EXPIRING)) {
        try {
          if (call.result.completeExceptionally(new TimeoutException())) {
            call.thread.interrupt();
          }
        } finally {
          call.settled.set(Call.EXPIRED);
        }
      }
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
