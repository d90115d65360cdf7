package dev.skyless.cli.options;

import picocli.CommandLine.Option;

/** {@code --target}: a running {@code skyless dev}, or the cluster. */
public final class TargetOption {

  /** Where the function runs. */
  public enum Target {
    /** {@code dev} when a {@code skyless dev} is running, else {@code cluster}. */
    auto,
    dev,
    cluster
  }

  @Option(
      names = "--target",
      defaultValue = "auto",
      description =
          "${COMPLETION-CANDIDATES}: auto means the running `skyless dev` if there is one, else"
              + " the cluster (default: ${DEFAULT-VALUE}).")
  public Target target = Target.auto;
}
