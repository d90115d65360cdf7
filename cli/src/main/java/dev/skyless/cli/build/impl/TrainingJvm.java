package dev.skyless.cli.build.impl;

import dev.skyless.cli.CliException;
import dev.skyless.cli.ExitCodes;
import dev.skyless.cli.build.oci.LocalImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The base image's own Java, taken out of its layers to run the AOT training on this machine. An
 * AOT cache maps only into the JVM that made it (same {@code lib/modules}, same {@code libjvm}); a
 * cache trained with any other JVM is refused when the container starts, so when the base's JVM
 * cannot run here the build goes on without a cache and says why.
 */
final class TrainingJvm {

  /** Where well-known bases keep Java when {@code JAVA_HOME} is not set. */
  private static final List<String> USUAL_HOMES = List.of("/opt/java/openjdk", "/opt/java");

  private TrainingJvm() {}

  /**
   * The base's Java home in the image ({@code JAVA_HOME}, a {@code PATH} folder holding {@code
   * java}, or a usual place), extracted under {@code scratch}.
   *
   * @throws CliException when the base has no Java at all: an image on it could not start
   */
  static Path extract(LocalImage base, String name, Path scratch) throws IOException {
    Set<String> homes = new LinkedHashSet<>();
    base.env("JAVA_HOME").ifPresent(homes::add);
    for (String dir : base.env("PATH").orElse("").split(":")) {
      if (dir.endsWith("/bin")) {
        homes.add(dir.substring(0, dir.length() - "/bin".length()));
      }
    }
    homes.addAll(USUAL_HOMES);
    List<String> looked = new ArrayList<>();
    for (String home : homes) {
      if (home.isBlank()) {
        continue;
      }
      Path target = scratch.resolve("base-java" + looked.size());
      looked.add(home);
      if (base.extract(home, target) && Files.isRegularFile(target.resolve("bin/java"))) {
        return target;
      }
    }
    throw new CliException(
        ExitCodes.FAILED,
        "the base "
            + name
            + " has no Java runtime (no bin/java under "
            + String.join(", ", looked)
            + "): an image on it could not start; use a JRE base or make one with `skyless base`");
  }

  /**
   * The extracted home's {@code java} if it runs on this machine (other libc or architecture: not),
   * with the reason on {@code progress} otherwise.
   */
  static Optional<Path> runnable(Path home, Consumer<String> progress) throws InterruptedException {
    Path java = home.resolve("bin/java");
    try {
      Path log = Files.createTempFile("skyless-java-version-", ".log");
      Process process =
          new ProcessBuilder(java.toString(), "-version")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      boolean finished = process.waitFor(30, TimeUnit.SECONDS);
      String output = Files.readString(log, StandardCharsets.UTF_8);
      Files.deleteIfExists(log);
      if (finished && process.exitValue() == 0) {
        return Optional.of(java);
      }
      process.destroyForcibly();
      progress.accept(
          "no AOT cache: the base's Java does not run on this machine ("
              + output
                  .strip()
                  .lines()
                  .findFirst()
                  .orElse(finished ? "no output" : "no answer in 30 s")
              + "), and a cache made by another JVM would not map in the image");
    } catch (IOException e) {
      progress.accept(
          "no AOT cache: the base's Java does not run on this machine ("
              + e.getMessage()
              + "), and a cache made by another JVM would not map in the image");
    }
    return Optional.empty();
  }
}
