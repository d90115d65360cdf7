package dev.skyless.local.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An app file ({@code skyless.yaml}): the app's name, the Function YAML files that make it up, and
 * the backing services {@code skyless dev} starts for it. On a cluster the same services come from
 * the platform (a CloudNativePG cluster, an S3 store, Kafka); the file names what the functions'
 * Secret and ConfigMap references mean here.
 *
 * @param file where it was read from
 * @param name the app's name
 * @param functionPaths Function YAML files or folders (relative entries resolved against the file's
 *     folder; none given: the file's folder)
 * @param services the services, in the order written
 */
public record AppFile(
    Path file, String name, List<Path> functionPaths, List<ServiceSpec> services) {

  /** The file name {@code skyless dev} and {@code skyless deploy} look for in a folder. */
  public static final String FILE_NAME = "skyless.yaml";

  public AppFile {
    functionPaths = List.copyOf(functionPaths);
    services = List.copyOf(services);
  }

  /** The services of one kind. */
  public <T extends ServiceSpec> List<T> services(Class<T> kind) {
    return services.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  /** The app file a path names: the file itself, or {@code skyless.yaml} in the folder. */
  public static Optional<Path> locate(Path path) {
    if (java.nio.file.Files.isRegularFile(path)
        && path.getFileName().toString().equals(FILE_NAME)) {
      return Optional.of(path);
    }
    Path inFolder = path.resolve(FILE_NAME);
    return java.nio.file.Files.isRegularFile(inFolder) ? Optional.of(inFolder) : Optional.empty();
  }
}
