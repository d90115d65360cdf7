package dev.skyless.cli.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * podman as this machine runs it (root, vfs storage, runc: crun fails on these hybrid cgroups),
 * with a storage folder of the test's own, deleted afterwards, so nothing is left behind.
 */
final class Podman implements AutoCloseable {

  private final Path root;

  private Podman(Path root) {
    this.root = root;
  }

  /** Why podman cannot run containers here, if it cannot. */
  static Optional<String> unavailable() {
    try {
      Commands.Result version =
          Commands.run(List.of("podman", "--version"), Map.of(), null, Duration.ofSeconds(30));
      if (version.exit() != 0) {
        return Optional.of("podman does not answer: " + version.err().strip());
      }
      Commands.Result runc =
          Commands.run(List.of("runc", "--version"), Map.of(), null, Duration.ofSeconds(30));
      return runc.exit() == 0
          ? Optional.empty()
          : Optional.of("runc is missing (Debian package runc)");
    } catch (IOException | InterruptedException e) {
      return Optional.of("podman is not installed (Debian packages podman and runc): " + e);
    }
  }

  /** A storage of its own; in a short folder of /tmp, since podman refuses a long runroot. */
  static Podman open() throws IOException {
    return new Podman(Files.createTempDirectory(Path.of("/tmp"), "pm-"));
  }

  List<String> command(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "podman",
                "--root",
                root.resolve("storage").toString(),
                "--runroot",
                root.resolve("run").toString(),
                "--storage-driver=vfs",
                "--runtime",
                "runc",
                "--cgroup-manager=cgroupfs",
                "--events-backend=file"));
    command.addAll(List.of(args));
    return command;
  }

  Commands.Result run(Duration timeout, String... args) throws Exception {
    return Commands.run(command(args), Map.of(), null, timeout);
  }

  /** Pulls {@code image} from a registry on 127.0.0.1 (plain HTTP or a self-signed one). */
  void pull(String image) throws Exception {
    run(Duration.ofMinutes(5), "pull", "-q", "--tls-verify=false", image).orFail("podman pull");
  }

  /** The image's {@code USER}. */
  String user(String image) throws Exception {
    return run(Duration.ofSeconds(30), "image", "inspect", "--format", "{{.Config.User}}", image)
        .orFail("podman image inspect")
        .out()
        .strip();
  }

  /** Every layer of the image with its size, bottom first ({@code podman history}). */
  List<String> layers(String image) throws Exception {
    return run(
            Duration.ofSeconds(30),
            "history",
            "--no-trunc",
            "--format",
            "{{.Size}}\t{{.CreatedBy}}",
            image)
        .orFail("podman history")
        .out()
        .lines()
        .toList()
        .reversed();
  }

  @Override
  public void close() throws Exception {
    run(Duration.ofMinutes(2), "rm", "--all", "--force");
    run(Duration.ofMinutes(2), "rmi", "--all", "--force");
    // vfs storage is plain folders; the layers' files belong to root and 65532.
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a busy mount under runroot: the temp folder goes with the test run
    }
  }
}
