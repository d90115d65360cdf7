package dev.skyless.cli.build.oci;

/** This machine's platform in OCI's words. */
public final class Platform {

  private Platform() {}

  /** {@code amd64}, {@code arm64}, ...: the architecture images for this machine carry. */
  public static String architecture() {
    String arch = System.getProperty("os.arch");
    return switch (arch) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> arch;
    };
  }
}
