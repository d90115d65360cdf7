package dev.skyless.cli;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import picocli.CommandLine;

/**
 * Turns any failure into one line on stderr and an exit code ({@link ExitCodes}); a stack trace
 * only with {@code --verbose}.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    var err = commandLine.getErr();
    CliException failure = translate(e);
    err.println(commandLine.getColorScheme().errorText("error: " + failure.getMessage()));
    if (parseResult.originalArgs().contains("--verbose")
        || parseResult.originalArgs().contains("-v")) {
      e.printStackTrace(err);
    }
    err.flush();
    return failure.exitCode();
  }

  static CliException translate(Throwable e) {
    if (e instanceof CliException cli) {
      return cli;
    }
    if (e instanceof KubernetesClientException k) {
      return kubernetes(k);
    }
    if (e instanceof IllegalArgumentException) {
      return new CliException(ExitCodes.USAGE, e.getMessage(), e);
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      if (root.getCause() instanceof KubernetesClientException k) {
        return kubernetes(k);
      }
      root = root.getCause();
    }
    if (root instanceof ConnectException) {
      return new CliException(ExitCodes.ENVIRONMENT, "cannot connect: " + root.getMessage(), e);
    }
    return new CliException(
        ExitCodes.FAILED, e.getMessage() == null ? e.toString() : e.getMessage(), e);
  }

  private static CliException kubernetes(KubernetesClientException e) {
    int code = e.getCode();
    if (code == 401 || code == 403) {
      return new CliException(
          ExitCodes.ENVIRONMENT,
          "the cluster refused the request ("
              + code
              + "): check your kubeconfig user's permissions on functions.skyless.dev",
          e);
    }
    if (code == 0) {
      return new CliException(
          ExitCodes.ENVIRONMENT,
          "cannot reach the cluster: " + rootMessage(e) + " (check your kubeconfig and --context)",
          e);
    }
    return new CliException(
        ExitCodes.FAILED, "the cluster answered " + code + ": " + rootMessage(e), e);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
