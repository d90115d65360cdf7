package dev.skyless.cli.build.base;

import dev.skyless.cli.CliException;
import dev.skyless.cli.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The Debian packages installed on this machine, read with {@code dpkg-query}: which are there,
 * their versions, the shared libraries they need, and the files they installed. A base image is
 * made from these, so it holds exactly what this machine runs, at the versions its package manager
 * (and its security updates) put there.
 */
public final class DebianPackages {

  /**
   * One installed package.
   *
   * @param name its name, as given ({@code libc6})
   * @param version its installed version
   * @param stanza its {@code dpkg -s} text, which scanners read from {@code /var/lib/dpkg/status.d}
   */
  public record Package(String name, String version, String stanza) {}

  private final Map<String, Package> cache = new LinkedHashMap<>();

  /**
   * {@code names} and, transitively, the library packages ({@code lib*}) they depend on: a
   * program's shared libraries, without the tools a package manager needs (debconf, perl).
   *
   * @throws CliException naming a package that is not installed
   */
  public List<Package> withLibraries(List<String> names) throws IOException, InterruptedException {
    Map<String, Package> found = new TreeMap<>();
    Deque<String> todo = new ArrayDeque<>(names);
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (found.containsKey(name)) {
        continue;
      }
      Package pkg = installed(name, names.contains(name));
      if (pkg == null) {
        continue; // an alternative or a virtual package that is not needed here
      }
      found.put(name, pkg);
      for (String dependency : dependencies(pkg.stanza())) {
        if (dependency.startsWith("lib") && !found.containsKey(dependency)) {
          todo.add(dependency);
        }
      }
    }
    return List.copyOf(found.values());
  }

  /** The paths the package installed, as {@code dpkg -L} lists them (folders included). */
  public List<String> files(Package pkg) throws IOException, InterruptedException {
    Result listed = run("dpkg-query", "-L", pkg.name());
    if (listed.exit() != 0) {
      throw new IOException("dpkg-query -L " + pkg.name() + " failed: " + listed.output().strip());
    }
    return listed.output().lines().filter(l -> l.startsWith("/")).toList();
  }

  private Package installed(String name, boolean required)
      throws IOException, InterruptedException {
    if (cache.containsKey(name)) {
      return cache.get(name);
    }
    Result status = run("dpkg-query", "-s", name);
    Package pkg = null;
    if (status.exit() == 0 && status.output().contains("Status: install ok installed")) {
      String version =
          status
              .output()
              .lines()
              .filter(l -> l.startsWith("Version: "))
              .map(l -> l.substring("Version: ".length()).strip())
              .findFirst()
              .orElse("");
      pkg = new Package(name, version, status.output().strip() + "\n");
    } else if (required) {
      throw new CliException(
          ExitCodes.NOT_FOUND,
          "the Debian package "
              + name
              + " is not installed on this machine, and a base is made from what is installed:"
              + " apt-get install "
              + name);
    }
    cache.put(name, pkg);
    return pkg;
  }

  /** The first alternative of each {@code Depends} and {@code Pre-Depends} entry, bare names. */
  static List<String> dependencies(String stanza) {
    List<String> names = new ArrayList<>();
    for (String line : stanza.lines().toList()) {
      if (!line.startsWith("Depends: ") && !line.startsWith("Pre-Depends: ")) {
        continue;
      }
      for (String entry : line.substring(line.indexOf(':') + 1).split(",")) {
        String first = entry.split("\\|")[0].strip();
        String bare = first.split("[\\s(:]")[0];
        if (!bare.isEmpty()) {
          names.add(bare);
        }
      }
    }
    return names;
  }

  private static Result run(String... command) throws IOException, InterruptedException {
    java.nio.file.Path output = java.nio.file.Files.createTempFile("skyless-dpkg-", ".out");
    try {
      Process process;
      try {
        // To a file, not a pipe: the deadline holds even if the command never ends.
        process =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
      } catch (IOException e) {
        throw new CliException(
            ExitCodes.ENVIRONMENT,
            "dpkg-query is not on this machine: a base image is made from a Debian or Ubuntu"
                + " system's installed packages",
            e);
      }
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish in 30 s");
      }
      return new Result(
          process.exitValue(), java.nio.file.Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      java.nio.file.Files.deleteIfExists(output);
    }
  }

  private record Result(int exit, String output) {}
}
