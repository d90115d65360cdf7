package dev.skyless.contract;

/**
 * How the runtime process ends when it cannot start, for whoever starts it (the kubelet's restart
 * reason, {@code skyless dev}'s launcher). docs/runtime.md lists them.
 */
public final class RuntimeExitCodes {

  /** A variable is invalid; the log names it. */
  public static final int INVALID_CONFIGURATION = 2;

  /** The function class cannot be found or made. */
  public static final int FUNCTION_NOT_FOUND = 3;

  /** Starting failed otherwise (a port taken, a broker refusing the consumer's settings). */
  public static final int START_FAILED = 4;

  private RuntimeExitCodes() {}

  /** What {@code code} means, or empty for any other code. */
  public static String meaning(int code) {
    return switch (code) {
      case INVALID_CONFIGURATION -> "invalid configuration";
      case FUNCTION_NOT_FOUND -> "function not found";
      case START_FAILED -> "start-up failed";
      default -> "";
    };
  }
}
