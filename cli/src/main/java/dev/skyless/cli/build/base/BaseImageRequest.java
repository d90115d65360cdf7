package dev.skyless.cli.build.base;

import java.nio.file.Path;
import java.util.List;

/**
 * What base image to make.
 *
 * @param output an OCI layout folder, or an OCI archive when the name ends in {@code .tar}
 * @param tag the name recorded in the layout ({@code org.opencontainers.image.ref.name})
 * @param jdk the JDK whose {@code jlink} links the Java runtime
 * @param modules the Java modules to link
 * @param packages the Debian packages to take (with the libraries they need)
 */
public record BaseImageRequest(
    Path output, String tag, Path jdk, List<String> modules, List<String> packages) {

  /**
   * glibc and the C/C++ runtime the JVM links against, zlib, time zones, service names (netbase),
   * CA certificates: what a JVM and common native libraries expect of a system.
   */
  public static final List<String> DEFAULT_PACKAGES =
      List.of("libc6", "libgcc-s1", "libstdc++6", "zlib1g", "tzdata", "netbase", "ca-certificates");

  /** The default modules and packages, linked from the JDK running this process. */
  public static BaseImageRequest defaults(Path output, String tag) {
    return new BaseImageRequest(
        output,
        tag,
        Path.of(System.getProperty("java.home")),
        JavaRuntimeLinker.DEFAULT_MODULES,
        DEFAULT_PACKAGES);
  }
}
