package dev.skyless.cli.options;

import picocli.CommandLine.Option;

/** {@code -o/--output}: how results are printed. */
public final class OutputOptions {

  /** The formats. */
  public enum Format {
    table,
    json,
    yaml
  }

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  public Format format = Format.table;
}
