package dev.skyless.cli.build;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What to build and where to put it.
 *
 * @param project the built function project
 * @param base the base image: a registry reference, or an image on disk ({@code oci:<folder>},
 *     {@code oci-archive:<tar>}, {@code docker-archive:<tar>}, {@code tar:<tar>}, or a path that
 *     exists), which needs no pull
 * @param image the image's name (pushed there unless {@code tarball} is set)
 * @param tarball write an OCI tarball here
 * @param push push to the registry too when a tarball is written (without one, it always pushes)
 * @param aot make a Java AOT cache with a training run and start with it
 * @param insecureRegistry allow plain HTTP registries (a local registry)
 */
public record BuildRequest(
    FunctionProject project,
    String base,
    String image,
    Optional<Path> tarball,
    boolean push,
    boolean aot,
    boolean insecureRegistry) {

  /** Whether the image goes to its registry. */
  public boolean pushes() {
    return tarball.isEmpty() || push;
  }

  /**
   * The base image instances run on by default: Eclipse Temurin's Java 25 JRE (Ubuntu), pinned by
   * digest so that a build does not change when the tag moves. {@code skyless base} makes one from
   * this machine instead (docs/images.md weighs the two).
   */
  public static final String DEFAULT_BASE =
      "eclipse-temurin:25-jre@sha256:681c543d6f36c50f45e9b5226930a46203dcfa351d3670e9d0bdf0dabae53539";
}
