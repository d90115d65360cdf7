package dev.skyless.runtime.lifecycle;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
  private final Map<String, String> impairments = new ConcurrentHashMap<>();
  private volatile String broken;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final int maxConcurrency;

  public Lifecycle(int maxConcurrency) {
    this.maxConcurrency = maxConcurrency;
  }

  public State state() {
    return state.get();
  }

  /** Ready: started, not draining, and no part impaired. */
  public boolean ready() {
    return state.get() == State.READY && impairments.isEmpty();
  }

  /** What {@code /health/ready} says: the state, and why a ready process is not ready. */
  public String readiness() {
    State current = state.get();
    if (current != State.READY || impairments.isEmpty()) {
      return current.name().toLowerCase(java.util.Locale.ROOT);
    }
    StringBuilder text = new StringBuilder("impaired");
    impairments.forEach((part, why) -> text.append("\n").append(part).append(": ").append(why));
    return text.toString();
  }

  /**
   * A part cannot do its work for now (the Kafka consumer cannot reach the broker): readiness is
   * off until {@link #restored}, so traffic goes elsewhere while the process is left running (a
   * restart would not bring the broker back).
   */
  public void impaired(String part, String reason) {
    impairments.put(part, reason);
  }

  public void restored(String part) {
    impairments.remove(part);
  }

  /** A part stopped and cannot recover: liveness fails, so the platform restarts the process. */
  public void broken(String reason) {
    broken = reason;
  }

  /** Null while live; else why the process should be restarted. */
  public String brokenReason() {
    return broken;
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
