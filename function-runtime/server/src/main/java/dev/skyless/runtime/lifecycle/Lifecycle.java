package dev.skyless.runtime.lifecycle;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The process's state (starting, ready, draining, stopped) and the count of HTTP calls in flight.
 * Readiness is answered from here; on SIGTERM the runtime drains: new calls are refused while those
 * in flight finish.
 */
public final class Lifecycle {

  /** Where the process is in its life. */
  public enum State {
    STARTING,
    READY,
    DRAINING,
    STOPPED
  }

  /** The answer to {@link #admit}. */
  public enum Admission {
    ADMITTED,
    /** The concurrency cap is reached. */
    FULL,
    /** The process is shutting down. */
    DRAINING
  }

  private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final int maxConcurrency;

  public Lifecycle(int maxConcurrency) {
    this.maxConcurrency = maxConcurrency;
  }

  public State state() {
    return state.get();
  }

  public boolean ready() {
    return state.get() == State.READY;
  }

  public void markReady() {
    state.compareAndSet(State.STARTING, State.READY);
  }

  /** Stops admitting calls; readiness turns false. */
  public void drain() {
    state.updateAndGet(s -> s == State.STOPPED ? s : State.DRAINING);
  }

  public void markStopped() {
    state.set(State.STOPPED);
  }

  /** Admits a call unless draining or at the cap; an admitted call must {@link #leave()}. */
  public Admission admit() {
    State current = state.get();
    if (current == State.DRAINING || current == State.STOPPED) {
      return Admission.DRAINING;
    }
    if (inFlight.incrementAndGet() > maxConcurrency) {
      inFlight.decrementAndGet();
      return Admission.FULL;
    }
    return Admission.ADMITTED;
  }

  public void leave() {
    synchronized (inFlight) {
      if (inFlight.decrementAndGet() == 0) {
        inFlight.notifyAll();
      }
    }
  }

  public int inFlight() {
    return inFlight.get();
  }

  public int maxConcurrency() {
    return maxConcurrency;
  }

  /** Blocks until no call is in flight or {@code grace} has passed; true when idle. */
  public boolean awaitIdle(Duration grace) throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    synchronized (inFlight) {
      while (inFlight.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        inFlight.wait(Math.max(1, left / 1_000_000));
      }
    }
    return true;
  }
}
