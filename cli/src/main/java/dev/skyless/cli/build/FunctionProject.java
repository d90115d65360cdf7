package dev.skyless.cli.build;

import dev.skyless.cli.CliException;
import dev.skyless.cli.ExitCodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A built function project as images are made from it: {@code target/app} split into the function's
 * own jar (it registers a {@code dev.skyless.sdk.Function} service) and the jars it runs with (the
 * runtime and libraries), which change less often and so make their own layer.
 *
 * @param dir the project folder
 * @param name the function's name (from {@code k8s/function.yaml}, else the folder's name)
 * @param handler the handler class from {@code k8s/function.yaml}, if named
 * @param functionJars the function's own jars
 * @param libraryJars everything else on its class path
 */
public record FunctionProject(
    Path dir,
    String name,
    Optional<String> handler,
    List<Path> functionJars,
    List<Path> libraryJars) {

  private static final String SERVICE = "META-INF/services/dev.skyless.sdk.Function";

  /**
   * Reads the project at {@code dir}.
   *
   * @throws CliException when it is not a built function project
   */
  public static FunctionProject at(Path dir, String name, Optional<String> handler) {
    Path app = dir.resolve("target").resolve("app");
    if (!Files.isDirectory(app)) {
      throw new CliException(
          ExitCodes.NOT_FOUND,
          dir.toAbsolutePath().normalize()
              + " has no target/app: build the project first (mvn package)");
    }
    List<Path> function = new ArrayList<>();
    List<Path> libraries = new ArrayList<>();
    try (Stream<Path> jars = Files.list(app)) {
      for (Path jar : jars.filter(j -> j.toString().endsWith(".jar")).sorted().toList()) {
        (registersFunction(jar) ? function : libraries).add(jar);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (function.isEmpty()) {
      throw new CliException(
          ExitCodes.NOT_FOUND,
          app
              + " holds no function: no jar registers "
              + SERVICE
              + " (skyless init creates that file)");
    }
    return new FunctionProject(dir, name, handler, function, libraries);
  }

  private static boolean registersFunction(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.getEntry(SERVICE) != null
          && !file.getName().contains("skyless-runtime")
          && !file.getName().contains("skyless-sdk");
    }
  }
}
