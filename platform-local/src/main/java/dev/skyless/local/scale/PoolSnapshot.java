package dev.skyless.local.scale;

/**
 * A function's state at one moment, for the status table and {@code /_skyless/status}.
 *
 * @param name the function
 * @param state cold, starting, ready or failed
 * @param instances instances ready
 * @param starting instances starting
 * @param inFlight requests being answered or waiting for an instance
 * @param requests requests since start
 * @param coldStarts instances started since start
 * @param pids the ready instances' process ids
 * @param lastError why the last start failed, or null
 */
public record PoolSnapshot(
    String name,
    State state,
    int instances,
    int starting,
    int inFlight,
    long requests,
    long coldStarts,
    java.util.List<Long> pids,
    String lastError) {

  /** Where a function is between zero and running. */
  public enum State {
    COLD,
    STARTING,
    READY,
    FAILED
  }
}
