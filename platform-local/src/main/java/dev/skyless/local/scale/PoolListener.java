package dev.skyless.local.scale;

/** Hears what a {@link FunctionPool} does, for the developer's console. */
@FunctionalInterface
public interface PoolListener {

  /**
   * @param function the function's name
   * @param message what happened, in a few words ("started instance (pid 42) in 850 ms")
   * @param problem whether it went wrong
   */
  void onEvent(String function, String message, boolean problem);
}
