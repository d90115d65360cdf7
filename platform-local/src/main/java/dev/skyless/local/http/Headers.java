package dev.skyless.local.http;

import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the local platform's proxies (the gateway, the S3 store's front) pass on of a message's
 * headers: all but those that belong to one hop (RFC 9110, section 7.6.1) and those the caller sets
 * itself.
 */
public final class Headers {

  private static final Set<String> HOP_BY_HOP = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

  static {
    HOP_BY_HOP.addAll(
        List.of(
            "connection",
            "keep-alive",
            "proxy-authenticate",
            "proxy-authorization",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade"));
  }

  private Headers() {}

  /**
   * Copies {@code from} into {@code to}, leaving out hop-by-hop headers and {@code also}
   * (case-insensitive).
   */
  public static void forward(MultiMap from, MultiMap to, String... also) {
    from.forEach(
        (name, value) -> {
          if (!HOP_BY_HOP.contains(name) && !named(name, also)) {
            to.add(name, value);
          }
        });
  }

  /** On the gateway's path for every request: a loop over one or two names, no set built. */
  private static boolean named(String name, String[] names) {
    for (String candidate : names) {
      if (candidate.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }
}
