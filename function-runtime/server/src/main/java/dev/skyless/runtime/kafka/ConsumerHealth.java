package dev.skyless.runtime.kafka;

import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the direct consumer can make progress. It is stalled when, for longer than {@code
 * stallAfter}: commits have kept failing; the consumer has kept failing (it could not be made, or
 * its poll threw, and each new one failed too); or the group has been silent (no heartbeat sent, no
 * records, no commit, no assignment; during a rebalance, when no heartbeat is sent, three times as
 * long); or it has not joined its group since it started. Only {@link #check} changes the state, at
 * most once per call, so the state does not flap; each change is logged once and told to the {@link
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
  private static final Duration HEALTHY_LIFE = Duration.ofSeconds(5);

  private final String name;
  private final long stallAfterNanos;
  private final Listener listener;
  private State state = State.STARTING;
  private String reason;
  private long lastContact = System.nanoTime();
  private boolean joined;
  private boolean rebalancing;
  private long commitsFailingSince = -1;
  private String commitError;
  private long consumerFailingSince = -1;
  private long consumerMadeAt = System.nanoTime();
  private String consumerError;

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

  /** Partitions were assigned: the group answered. */
  void assigned() {
    joined = true;
    rebalancing = false;
    lastContact = System.nanoTime();
  }

  /** Partitions are being revoked: a rebalance runs, during which no heartbeat is sent. */
  void rebalancing() {
    rebalancing = true;
  }

  /** Records arrived: the consumer works (whatever its commits do). */
  void polled() {
    lastContact = System.nanoTime();
    consumerFailingSince = -1;
    consumerError = null;
  }

  /** A commit succeeded. */
  void committed() {
    lastContact = System.nanoTime();
    commitsFailingSince = -1;
    commitError = null;
    consumerFailingSince = -1;
    consumerError = null;
  }

  void commitFailed(Throwable error) {
    if (commitsFailingSince < 0) {
      commitsFailingSince = System.nanoTime();
    }
    commitError = describe(error);
  }

  /** A new consumer was made (after one failed). */
  void consumerMade() {
    consumerMadeAt = System.nanoTime();
  }

  /** The consumer could not be made, or failed and is made again. */
  void consumerFailed(Throwable error) {
    if (consumerFailingSince < 0) {
      consumerFailingSince = System.nanoTime();
    }
    consumerError = describe(error);
  }

  /**
   * Re-evaluates, given how long ago the client last sent a heartbeat (empty when it has sent none
   * or does not say).
   */
  void check(Optional<Duration> sinceHeartbeat) {
    long now = System.nanoTime();
    if (sinceHeartbeat.isPresent()) {
      lastContact = Math.max(lastContact, now - sinceHeartbeat.get().toNanos());
      joined = true;
      // A consumer that has lived a while in the group after one failed is a working one.
      if (now - consumerMadeAt > HEALTHY_LIFE.toNanos()
          && sinceHeartbeat.get().toNanos() < stallAfterNanos) {
        consumerFailingSince = -1;
        consumerError = null;
      }
    }
    if (consumerFailingSince >= 0 && now - consumerFailingSince > stallAfterNanos) {
      change(
          State.STALLED,
          "the consumer keeps failing: " + consumerError + since(consumerFailingSince));
    } else if (commitsFailingSince >= 0 && now - commitsFailingSince > stallAfterNanos) {
      change(
          State.STALLED,
          "committing offsets keeps failing: " + commitError + since(commitsFailingSince));
    } else if (now - lastContact > (rebalancing ? 3 * stallAfterNanos : stallAfterNanos)) {
      change(
          State.STALLED,
          (joined ? "no contact with the Kafka group" : "has not joined its consumer group")
              + since(lastContact));
    } else if (joined) {
      change(State.CONSUMING, null);
    }
  }

  /** The poll loop ended without being closed. */
  void stopped(String why) {
    change(State.STOPPED, why);
  }

  private static String since(long nanos) {
    return " (for " + Duration.ofNanos(System.nanoTime() - nanos).toSeconds() + " s)";
  }

  private void change(State next, String why) {
    if (next == state || state == State.STOPPED) {
      if (next == state) {
        reason = why;
      }
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
