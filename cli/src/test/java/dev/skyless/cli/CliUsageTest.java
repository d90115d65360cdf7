package dev.skyless.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliUsageTest {

  @TempDir Path home;

  private Cli.Run run(String... args) {
    return Cli.run(
        Cli.context(home, Map.of("KUBECONFIG", home.resolve("missing").toString())), args);
  }

  @Test
  void helpListsEveryVerbAndTheExitCodes() {
    Cli.Run run = run("--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains(
            "init",
            "build",
            "base",
            "deploy",
            "invoke",
            "list",
            "describe",
            "logs",
            "delete",
            "dev")
        .contains("generate-completion")
        .contains("Exit codes:", "5  the image registry refused");
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "skyless {0} {1}")
  @org.junit.jupiter.params.provider.CsvSource({
    "init, --help",
    "build, -h",
    "base, --help",
    "deploy, --help",
    "invoke, --help",
    "list, -h",
    "describe, --help",
    "logs, --help",
    "delete, --help",
    "dev, --help",
    "dev, -h"
  })
  void everyVerbPrintsItsHelp(String verb, String flag) {
    Cli.Run run = run(verb, flag);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Usage: skyless " + verb);
  }

  @Test
  void noVerbIsAUsageError() {
    Cli.Run run = run();
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("name a command", "Usage: skyless");
  }

  @Test
  void anUnknownFlagIsAUsageErrorWithTheCommandsUsage() {
    Cli.Run run = run("list", "--colour");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("Unknown option: '--colour'", "Usage: skyless list");
  }

  @Test
  void aBadDurationIsAUsageError() {
    Cli.Run run = run("dev", "--idle", "soon");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("'soon' is not a duration");
  }

  @Test
  void clusterCommandsWithoutAKubeconfigSaySo() {
    Cli.Run run = run("list");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
    assertThat(run.err()).contains("no kubeconfig found", "skyless dev");
  }

  @Test
  void everyCommandTakesVerboseForAStackTrace() {
    Cli.Run run = run("list", "-v");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
    assertThat(run.err()).contains("no kubeconfig found", "at dev.skyless.cli");
  }

  @Test
  void invokeWithNoDevRunningAndNoClusterSaysSo() {
    Cli.Run run = run("invoke", "hello", "--target", "dev");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
    assertThat(run.err()).contains("no `skyless dev` is running");
  }

  @Test
  void cloudEventWithoutTypeIsAUsageError() {
    Cli.Run run = run("invoke", "hello", "--cloudevent", "--target", "cluster");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--cloudevent needs --type");
  }

  @Test
  void bashCompletionIsGenerated() {
    Cli.Run run = run("generate-completion");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("complete -F", "skyless");
  }
}
