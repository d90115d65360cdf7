package dev.skyless.cli.container;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The CLI distribution as a user runs it: {@code target/skyless-<version>/bin/skyless}. */
final class Skyless {

  static final Path CLI = Path.of(System.getProperty("skyless.cli", "missing"));
  static final Path REPOSITORY = Path.of(System.getProperty("skyless.repository", "../.."));

  private final Path home;

  Skyless(Path home) {
    this.home = home;
  }

  static boolean installed() {
    return Files.isExecutable(CLI);
  }

  Commands.Result run(Duration timeout, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(CLI.toString());
    command.addAll(List.of(args));
    return Commands.run(
        command,
        Map.of(
            "JAVA_HOME", System.getProperty("java.home"),
            "SKYLESS_HOME", home.toString(),
            "HOME", home.toString()),
        null,
        timeout);
  }

  /** A function project of this repository ({@code functions/<name>}), built by the reactor. */
  static Path project(String name) {
    return REPOSITORY.resolve("functions").resolve(name).toAbsolutePath().normalize();
  }
}
