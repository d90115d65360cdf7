package dev.skyless.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skyless dev} as a developer runs it: a real process from the CLI's class path, on the
 * hello project; {@code invoke} and {@code logs} against it; Ctrl-C (SIGINT) stops it and every
 * process it started.
 */
class DevCommandIT {

  @TempDir Path home;

  @Test
  void devServesInvokeAndLogsThenCtrlCLeavesNothingBehind() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = "target/classes" + File.pathSeparator + "target/lib/*";
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-cp",
                classPath,
                "dev.skyless.cli.Main",
                "dev",
                "../functions/hello",
                "--port",
                "0",
                "--kafka-port",
                "0",
                "--idle",
                "60s",
                "--no-live")
            .redirectErrorStream(true);
    builder.environment().put("SKYLESS_HOME", home.toString());
    Process dev = builder.start();
    LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    StringBuilder output = new StringBuilder();
    CompletableFuture.runAsync(
        () -> {
          try (BufferedReader reader =
              new BufferedReader(
                  new InputStreamReader(dev.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
              lines.add(line);
              synchronized (output) {
                output.append(line).append('\n');
              }
            }
          } catch (java.io.IOException e) {
            // process ended
          }
        });
    try {
      String ready = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (ready == null && System.nanoTime() < deadline && dev.isAlive()) {
        String line = lines.poll(1, TimeUnit.SECONDS);
        if (line != null && line.contains("skyless dev: ready at")) {
          ready = line;
        }
      }
      assertThat(ready).as("skyless dev output:\n%s", output).isNotNull();

      CliContext context = Cli.context(home, Map.of());
      Cli.Run invoke = Cli.run(context, "invoke", "hello", "--data", "{\"name\":\"Ada\"}");
      assertThat(invoke.exitCode()).as(invoke.err()).isZero();
      assertThat(invoke.out()).contains("{\"message\":\"Hello, Ada!\"}");

      Cli.Run bad = Cli.run(context, "invoke", "hello", "--data", "{}");
      assertThat(bad.exitCode()).isEqualTo(ExitCodes.FAILED);
      assertThat(bad.err()).contains("hello answered 400", "'name' is required");

      Cli.Run event =
          Cli.run(
              context,
              "invoke",
              "hello",
              "--type",
              "dev.skyless.examples.greet",
              "--cloudevent",
              "--data",
              "{\"name\":\"Bo\"}");
      assertThat(event.exitCode()).as(event.err()).isZero();
      assertThat(event.err()).contains("CloudEvent dev.skyless.examples.greet.response");

      Cli.Run unknown = Cli.run(context, "invoke", "nope");
      assertThat(unknown.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
      assertThat(unknown.err()).contains("skyless dev has no function nope", "hello");

      Cli.Run logs = Cli.run(context, "logs", "hello");
      assertThat(logs.exitCode()).isZero();
      assertThat(logs.out()).contains("greeting Ada");

      List<ProcessHandle> children = dev.toHandle().descendants().toList();
      assertThat(children).as("the hello instance").isNotEmpty();

      new ProcessBuilder("kill", "-INT", Long.toString(dev.pid())).start().waitFor();
      assertThat(dev.waitFor(60, TimeUnit.SECONDS)).as("exited after Ctrl-C").isTrue();
      for (ProcessHandle child : children) {
        assertThat(child.onExit().get(30, TimeUnit.SECONDS).isAlive())
            .as("pid %d after Ctrl-C", child.pid())
            .isFalse();
      }
      synchronized (output) {
        assertThat(output.toString()).contains("skyless dev: stopped");
      }
      assertThat(home.resolve("dev/dev.json")).doesNotExist();
      assertThat(Files.readString(home.resolve("dev/logs/hello.log"))).contains("stopped");
    } finally {
      dev.destroyForcibly();
      dev.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void checkStartsEverythingShowsTheTableAndStopsWithExit0() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-cp",
                "target/classes" + File.pathSeparator + "target/lib/*",
                "dev.skyless.cli.Main",
                "dev",
                "../functions/hello",
                "--check",
                "--port",
                "0",
                "--kafka-port",
                "0")
            .redirectErrorStream(true);
    builder.environment().put("SKYLESS_HOME", home.toString());
    Process dev = builder.start();
    try {
      String output = new String(dev.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(dev.waitFor(90, TimeUnit.SECONDS)).isTrue();
      assertThat(dev.exitValue()).as(output).isZero();
      assertThat(output)
          .contains("skyless dev: ready at", "FUNCTION", "hello", "SERVICE", "kafka")
          .contains("skyless dev: check passed");
      assertThat(home.resolve("dev/dev.json")).doesNotExist();
    } finally {
      dev.destroyForcibly();
    }
  }
}
