package dev.skyless.cli.options;

import picocli.CommandLine.Option;

/** {@code -v/--verbose}: stack traces with errors, and more detail while working. */
public final class VerboseOption {

  @Option(
      names = {"-v", "--verbose"},
      description = "Print more: stack traces with errors.")
  public boolean verbose;
}
