package dev.skyless.contract;

import java.util.Optional;

/**
 * Where trigger deliveries arrive on a function: every KafkaSource and Broker Trigger delivers to
 * {@code /_skyless/triggers/<trigger>?skyless-token=<token>}. The path tells the runtime which
 * trigger an event came through (its filter, no reply event, the dead-letter URL names the
 * trigger); the token lets the cluster's dispatchers in without the user's JWT (see {@link
 * TriggerToken}).
 */
public final class TriggerPaths {

  public static final String PREFIX = "/_skyless/triggers/";
  public static final String TOKEN_PARAMETER = "skyless-token";

  private TriggerPaths() {}

  /** The path of {@code trigger}'s deliveries. */
  public static String path(String trigger) {
    return PREFIX + trigger;
  }

  /** The path and query of {@code trigger}'s deliveries, with the token when there is one. */
  public static String uri(String trigger, Optional<String> token) {
    return path(trigger) + token.map(t -> "?" + TOKEN_PARAMETER + "=" + t).orElse("");
  }

  /**
   * Whether a request addressed to {@code host} can only have come from inside the cluster (or this
   * machine): Knative's dispatchers call a Service at {@code <name>.<ns>.svc[.cluster.local]}; the
   * public ingress never routes those names. The trigger token is honoured only there, so a token
   * read from a dead letter's {@code knativeerrordest} is no key to the public URL.
   */
  public static boolean isInternalHost(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(java.util.Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    return h.endsWith(".svc")
        || h.endsWith(".svc.cluster.local")
        || h.equals("localhost")
        || h.equals("127.0.0.1")
        || h.equals("::1")
        || h.equals("[::1]");
  }

  /** The trigger a request path names; empty for any other path. */
  public static Optional<String> triggerOf(String path) {
    if (path == null || !path.startsWith(PREFIX) || path.length() == PREFIX.length()) {
      return Optional.empty();
    }
    String rest = path.substring(PREFIX.length());
    return rest.indexOf('/') >= 0 ? Optional.empty() : Optional.of(rest);
  }
}
