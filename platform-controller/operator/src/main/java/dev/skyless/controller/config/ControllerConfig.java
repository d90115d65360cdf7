package dev.skyless.controller.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The controller's configuration, read once from the environment; each variable's default beside
 * it. A bad value stops start-up with a message naming the variable.
 *
 * @param namespace where the controller runs: its ConfigMap and Lease live there
 * @param watchNamespaces namespaces whose Functions it reconciles; empty means all
 */
public record ControllerConfig(
    String namespace,
    Set<String> watchNamespaces,
    String configMap,
    boolean leaderElection,
    String leaseName,
    int port,
    int reconcileThreads,
    Duration recheck,
    String logLevel) {

  public static final String NAMESPACE = "SKYLESS_NAMESPACE"; // POD_NAMESPACE, else skyless-system
  public static final String WATCH_NAMESPACES = "SKYLESS_WATCH_NAMESPACES"; // all
  public static final String CONFIG_MAP = "SKYLESS_CONFIGMAP"; // skyless-config
  public static final String LEADER_ELECTION = "SKYLESS_LEADER_ELECTION"; // true
  public static final String LEASE_NAME = "SKYLESS_LEASE_NAME"; // skyless-controller
  public static final String PORT = "SKYLESS_HTTP_PORT"; // 8081: /health/*, /metrics
  public static final String RECONCILE_THREADS = "SKYLESS_RECONCILE_THREADS"; // 20
  public static final String RECHECK = "SKYLESS_RECHECK_SECONDS"; // 60
  public static final String LOG_LEVEL = "SKYLESS_LOG_LEVEL"; // info

  /** Reads the variables {@code env} returns (null for unset). */
  public static ControllerConfig parse(Function<String, String> env) {
    String namespace = value(env, NAMESPACE, value(env, "POD_NAMESPACE", "skyless-system"));
    String watch = value(env, WATCH_NAMESPACES, "");
    Set<String> watched =
        Set.copyOf(
            Arrays.stream(watch.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    String leader = value(env, LEADER_ELECTION, "true").toLowerCase(Locale.ROOT);
    if (!List.of("true", "false").contains(leader)) {
      throw new IllegalArgumentException(
          LEADER_ELECTION + ": '" + leader + "' must be true or false");
    }
    String level = value(env, LOG_LEVEL, "info").toLowerCase(Locale.ROOT);
    if (!List.of("trace", "debug", "info", "warn", "error").contains(level)) {
      throw new IllegalArgumentException(
          LOG_LEVEL + ": '" + level + "' must be trace, debug, info, warn or error");
    }
    return new ControllerConfig(
        namespace,
        watched,
        value(env, CONFIG_MAP, "skyless-config"),
        leader.equals("true"),
        value(env, LEASE_NAME, "skyless-controller"),
        integer(env, PORT, 8081, 0, 65535),
        integer(env, RECONCILE_THREADS, 20, 1, 1000),
        Duration.ofSeconds(integer(env, RECHECK, 60, 1, 3600)),
        level);
  }

  private static String value(Function<String, String> env, String name, String fallback) {
    String value = env.apply(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private static int integer(
      Function<String, String> env, String name, int fallback, int min, int max) {
    String value = env.apply(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed < min || parsed > max) {
        throw new IllegalArgumentException(
            name + ": " + parsed + " is outside " + min + ".." + max);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": '" + value + "' is not a whole number");
    }
  }
}
