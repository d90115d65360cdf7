package dev.skyless.local;

/** The words of a failure's root cause, for one-line messages to the developer. */
public final class Causes {

  private Causes() {}

  /** The innermost cause's message, else its class and nothing more. */
  public static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
