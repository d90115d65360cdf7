package dev.skyless.local.instance;

import dev.skyless.local.function.LocalFunction;

/** Starts instances of a function; the local platform's stand-in for a container runtime. */
public interface InstanceLauncher {

  /**
   * Starts one instance and blocks until it is ready to take requests.
   *
   * @throws InstanceStartException when it exits or does not become ready in time, with what its
   *     log said
   */
  Instance launch(LocalFunction function) throws InstanceStartException, InterruptedException;
}
