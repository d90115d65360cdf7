package dev.skyless.local.instance;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** One running, ready copy of a function, answering HTTP on a local port. */
public interface Instance {

  /** The port it answers on, at 127.0.0.1. */
  int port();

  /** Its process id, for the status table and for checks that nothing is left behind. */
  long pid();

  /** Completes when it ends, whoever ended it. */
  CompletableFuture<Void> exited();

  /**
   * Asks it to stop (SIGTERM: the runtime finishes calls in flight), waits up to {@code grace},
   * then kills it. Returns when it is gone.
   */
  void stop(Duration grace);
}
