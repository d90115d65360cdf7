package dev.skyless.cli.build.impl;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import dev.skyless.cli.CliException;
import dev.skyless.cli.ExitCodes;
import dev.skyless.cli.build.oci.LocalImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The {@code --base} of a build: a registry reference ({@code eclipse-temurin:25-jre@sha256:...})
 * or an image on disk, named with a transport prefix as skopeo and podman name them ({@code
 * oci:<folder>}, {@code oci-archive:<tar>}, {@code docker-archive:<tar>}, {@code tar:<tar>}) or by
 * a path that exists. An image on disk needs no pull; a registry base is pulled (into Jib's cache)
 * only when its files are needed, to train the AOT cache with its Java.
 */
final class BaseImage {

  private static final List<String> PREFIXES =
      List.of("oci:", "oci-archive:", "docker-archive:", "tar:");

  private final String text;
  private final Path local;

  private BaseImage(String text, Path local) {
    this.text = text;
    this.local = local;
  }

  static BaseImage of(String base) {
    for (String prefix : PREFIXES) {
      if (base.startsWith(prefix)) {
        Path path = Path.of(base.substring(prefix.length()));
        if (!Files.exists(path)) {
          throw new CliException(ExitCodes.NOT_FOUND, "no base image at " + path);
        }
        return new BaseImage(base, path);
      }
    }
    Path path = Path.of(base);
    if (base.startsWith("/")
        || base.startsWith(".")
        || base.endsWith(".tar")
        || Files.exists(path)) {
      if (!Files.exists(path)) {
        throw new CliException(ExitCodes.NOT_FOUND, "no base image at " + path);
      }
      return new BaseImage(base, path);
    }
    return new BaseImage(base, null);
  }

  @Override
  public String toString() {
    return text;
  }

  boolean isLocal() {
    return local != null;
  }

  /**
   * The base's files: read from disk, or pulled from its registry into {@code scratch}.
   *
   * @throws CliException when the file is not an image, or the registry refuses
   */
  LocalImage files(Path scratch, boolean insecure, Path dockerConfig) throws Exception {
    Path image = local;
    if (image == null) {
      image = scratch.resolve("base-pulled.tar");
      ImageReference reference = ImageReference.parse(text);
      Jib.from(registry(reference, dockerConfig))
          .containerize(
              Containerizer.to(TarImage.at(image).named(reference))
                  .setAllowInsecureRegistries(insecure)
                  .setToolName("skyless"));
    }
    try {
      return LocalImage.read(image, scratch);
    } catch (IOException e) {
      throw new CliException(ExitCodes.NOT_FOUND, "the base " + text + ": " + e.getMessage(), e);
    }
  }

  /** Jib's starting point: the registry image, or {@code files} as a Docker archive. */
  JibContainerBuilder jib(Optional<LocalImage> files, Path scratch, Path dockerConfig)
      throws Exception {
    if (files.isPresent()) {
      return Jib.from(TarImage.at(files.get().toDockerArchive(scratch.resolve("base.tar"))));
    }
    return Jib.from(registry(ImageReference.parse(text), dockerConfig));
  }

  private static RegistryImage registry(ImageReference reference, Path dockerConfig) {
    RegistryImage image = RegistryImage.named(reference);
    image.addCredentialRetriever(
        CredentialRetrieverFactory.forImage(reference, event -> {}).dockerConfig(dockerConfig));
    return image;
  }
}
