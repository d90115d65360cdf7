package dev.skyless.cli.build;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What to build and where to put it.
 *
 * @param project the built function project
 * @param base the base image: a registry reference, or an image tarball ({@code tar:<path>} or a
 *     path ending in {@code .tar}) which needs no pull
 * @param image the image's name (pushed there unless {@code tarball} is set)
 * @param tarball write an OCI tarball here instead of pushing
 * @param aot make a Java AOT cache with a training run and start with it
 * @param insecureRegistry allow plain HTTP registries (a local registry)
 */
public record BuildRequest(
    FunctionProject project,
    String base,
    String image,
    Optional<Path> tarball,
    boolean aot,
    boolean insecureRegistry) {

  /** The base image instances run on by default: a Java 25 JRE. */
  public static final String DEFAULT_BASE = "eclipse-temurin:25-jre";
}
