package dev.skyless.runtime.kafka;

/**
 * Tells the processing of a record that its lane is ending (the partition was revoked or the
 * consumer is closing) and lets retry backoff wake up for it, so a record in backoff never holds up
 * a rebalance or a shutdown.
 */
public interface StopSignal {

  /** True once the lane is ending: give up instead of retrying. */
  boolean stopping();

  /**
   * Waits up to {@code millis}, or less if the lane ends first.
   *
   * @return false when woken because the lane is ending
   */
  boolean pause(long millis) throws InterruptedException;
}
