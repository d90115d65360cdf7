package dev.skyless.cli;

/** What {@code skyless} exits with; documented in docs/cli.md. */
public final class ExitCodes {

  /** It worked. */
  public static final int OK = 0;

  /** The work failed: a build, an invocation answered with an error, a deploy that is not Ready. */
  public static final int FAILED = 1;

  /** Bad flags or arguments: usage is printed. */
  public static final int USAGE = 2;

  /** The function (or project) named does not exist. */
  public static final int NOT_FOUND = 3;

  /**
   * What the command needs is not there: no kubeconfig, cluster unreachable, Skyless not installed,
   * no {@code skyless dev} running.
   */
  public static final int ENVIRONMENT = 4;

  /** The image registry refused: credentials, permissions. */
  public static final int REGISTRY = 5;

  /** Waited longer than {@code --timeout}. */
  public static final int TIMEOUT = 6;

  private ExitCodes() {}
}
