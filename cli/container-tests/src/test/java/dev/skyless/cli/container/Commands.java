package dev.skyless.cli.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to its end (or a deadline): its exit code, its output, how long it took. */
public final class Commands {

  private Commands() {}

  /**
   * A finished command.
   *
   * @param exit its exit code
   * @param out its standard output
   * @param err its standard error
   * @param took how long it ran
   */
  public record Result(int exit, String out, String err, Duration took) {
    public Result orFail(String what) {
      if (exit != 0) {
        throw new AssertionError(what + " failed (exit " + exit + "):\n" + out + "\n" + err);
      }
      return this;
    }
  }

  public static Result run(
      List<String> command, Map<String, String> env, Path dir, Duration timeout)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("cmd-", ".out");
    Path err = Files.createTempFile("cmd-", ".err");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      if (dir != null) {
        builder.directory(dir.toFile());
      }
      builder.environment().putAll(env);
      long start = System.nanoTime();
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
        throw new AssertionError(
            String.join(" ", command)
                + " did not finish in "
                + timeout
                + ":\n"
                + Files.readString(out)
                + "\n"
                + Files.readString(err));
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8),
          Duration.ofNanos(System.nanoTime() - start));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
