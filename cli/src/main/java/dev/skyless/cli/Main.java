package dev.skyless.cli;

/** The {@code skyless} executable. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(SkylessCommand.commandLine(CliContext.fromEnvironment()).execute(args));
  }
}
