package dev.skyless.cli.build;

/**
 * A built image.
 *
 * @param image the name it was built as
 * @param digest its manifest digest ({@code sha256:...})
 * @param withAotCache whether the AOT cache made it in
 */
public record BuildResult(String image, String digest, boolean withAotCache) {

  /** {@code name@digest}: what a Function should run, immune to tag moves. */
  public String pinned() {
    String name = image;
    int at = name.indexOf('@');
    if (at >= 0) {
      name = name.substring(0, at);
    }
    int slash = name.lastIndexOf('/');
    int colon = name.lastIndexOf(':');
    if (colon > slash) {
      name = name.substring(0, colon);
    }
    return name + "@" + digest;
  }
}
