package dev.skyless.runtime.kafka;

import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the direct consumer can make progress. It is stalled when, for longer than {@code
 * stallAfter}, commits have kept failing, polls have kept failing, or the group coordinator has not
 * answered a heartbeat, or it has not joined its group within {@code stallAfter} of starting; a
 * commit, a heartbeat or records polled end that. Each change is logged once and told to the {@link
 * Listener} (the runtime turns readiness off while stalled and on again when it recovers, and sets
 * a gauge).
 *
 * <p>Called from the poll thread only.
 */
public final class ConsumerHealth {

  /** What the platform is told. */
  public enum State {
    /** Subscribed, not yet heard from the group. */
    STARTING,
    /** Heard from the group within {@code stallAfter}. */
    CONSUMING,
    /** Cannot make progress; {@link #reason()} says why. */
    STALLED,
    /** The poll loop ended on an error it cannot recover from: only a restart helps. */
    STOPPED
  }

  /** Told of every change of state. */
  @FunctionalInterface
  public interface Listener {
    void changed(State state, Optional<String> reason);

    Listener NONE = (state, reason) -> {};
  }

  private static final Logger LOG = LoggerFactory.getLogger(ConsumerHealth.class);

  private final String name;
  private final long stallAfterNanos;
  private final Listener listener;
  private State state = State.STARTING;
  private String reason;
  private final long createdNanos = System.nanoTime();
  private long troubleSince = -1;
  private String trouble;

  public ConsumerHealth(String name, Duration stallAfter, Listener listener) {
    this.name = name;
    this.stallAfterNanos = stallAfter.toNanos();
    this.listener = listener;
  }

  public State state() {
    return state;
  }

  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  /** The group answered (a commit succeeded, a heartbeat was answered, records arrived). */
  void heard() {
    troubleSince = -1;
    trouble = null;
    change(State.CONSUMING, null);
  }

  /** Something that needs the broker failed; stalled if it goes on for {@code stallAfter}. */
  void failed(String what, Throwable error) {
    if (troubleSince < 0) {
      troubleSince = System.nanoTime();
    }
    trouble = what + ": " + describe(error);
  }

  /**
   * Re-evaluates, given how long ago the coordinator last answered a heartbeat (empty when the
   * client does not say).
   */
  void check(Optional<Duration> sinceHeartbeat) {
    long now = System.nanoTime();
    if (sinceHeartbeat.isPresent() && sinceHeartbeat.get().toNanos() > stallAfterNanos) {
      change(
          State.STALLED,
          "no answer from the Kafka group coordinator for "
              + sinceHeartbeat.get().toSeconds()
              + " s"
              + (trouble == null ? "" : "; last error: " + trouble));
    } else if (state == State.STARTING
        && sinceHeartbeat.isEmpty()
        && now - createdNanos > stallAfterNanos) {
      change(
          State.STALLED,
          "has not joined its consumer group after "
              + Duration.ofNanos(now - createdNanos).toSeconds()
              + " s"
              + (trouble == null ? "" : "; last error: " + trouble));
    } else if (troubleSince >= 0 && now - troubleSince > stallAfterNanos) {
      change(
          State.STALLED,
          trouble + " (failing for " + Duration.ofNanos(now - troubleSince).toSeconds() + " s)");
    } else if (sinceHeartbeat.isPresent() && troubleSince < 0) {
      change(State.CONSUMING, null);
    }
  }

  /** The poll loop ended without being closed. */
  void stopped(String why) {
    change(State.STOPPED, why);
  }

  private void change(State next, String why) {
    if (next == state) {
      reason = why;
      return;
    }
    State previous = state;
    state = next;
    reason = why;
    if (next == State.STOPPED) {
      LOG.error("the Kafka consumer {} stopped: {}", name, why);
    } else if (next == State.STALLED) {
      LOG.error("the Kafka consumer {} is stalled: {}", name, why);
    } else if (previous == State.STALLED) {
      LOG.info("the Kafka consumer {} is consuming again", name);
    }
    listener.changed(next, Optional.ofNullable(why));
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    return error.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
  }
}
