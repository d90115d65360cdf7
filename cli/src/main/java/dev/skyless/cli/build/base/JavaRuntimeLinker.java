package dev.skyless.cli.build.base;

import dev.skyless.cli.CliException;
import dev.skyless.cli.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Links a Java runtime with only the modules functions need, with the JDK's {@code jlink}: no debug
 * symbols, man pages or headers, and a CDS archive for the JDK's own classes (what a start without
 * an AOT cache maps). {@code jlink} writes the same files from the same JDK and modules.
 */
public final class JavaRuntimeLinker {

  /**
   * What the runtime and its libraries use: the Java SE modules (HTTP client, JDBC, ImageIO, XML,
   * management), {@code sun.misc.Unsafe} (Netty), zip file systems, the JDK's management beans
   * (process metrics) and socket options (Netty), and the EC provider.
   */
  public static final List<String> DEFAULT_MODULES =
      List.of(
          "java.se", "jdk.unsupported", "jdk.zipfs", "jdk.management", "jdk.net", "jdk.crypto.ec");

  private final Path jdk;

  /**
   * @param jdk the JDK to link from (it must have {@code bin/jlink})
   */
  public JavaRuntimeLinker(Path jdk) {
    this.jdk = jdk;
  }

  /** The JDK's version ({@code JAVA_RUNTIME_VERSION} in its {@code release} file). */
  public String version() throws IOException {
    Path release = jdk.resolve("release");
    if (Files.isRegularFile(release)) {
      for (String line : Files.readAllLines(release)) {
        if (line.startsWith("JAVA_RUNTIME_VERSION=")) {
          return line.substring(line.indexOf('=') + 1).replace("\"", "");
        }
      }
    }
    return System.getProperty("java.runtime.version");
  }

  /** Links the runtime into {@code target} (which must not exist). */
  public void link(List<String> modules, Path target) throws IOException, InterruptedException {
    Path jlink = jdk.resolve("bin").resolve("jlink");
    if (!Files.isExecutable(jlink)) {
      throw new CliException(
          ExitCodes.ENVIRONMENT,
          "no jlink in "
              + jdk
              + ": a base's Java runtime is linked from a JDK (a JRE cannot link); pass --jdk"
              + " with a JDK 25");
    }
    List<String> command = new ArrayList<>();
    command.add(jlink.toString());
    command.add("--add-modules");
    command.add(String.join(",", modules));
    command.addAll(
        List.of(
            "--strip-debug",
            "--no-man-pages",
            "--no-header-files",
            "--generate-cds-archive",
            "--output",
            target.toString()));
    Path log = Files.createTempFile("skyless-jlink-", ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished = process.waitFor(10, TimeUnit.MINUTES);
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.deleteIfExists(log);
    if (!finished || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new CliException(
          ExitCodes.FAILED,
          "jlink failed: " + output.strip().lines().reduce((a, b) -> b).orElse("no output"));
    }
    // The archive for heaps over 32 GB (no compressed pointers) is not what functions run with.
    Files.deleteIfExists(target.resolve("lib/server/classes_nocoops.jsa"));
  }
}
