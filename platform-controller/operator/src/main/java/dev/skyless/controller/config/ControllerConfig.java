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
    String logLevel,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration leaseRetryPeriod,
    Duration retryInitial,
    Duration retryMax,
    Duration resync,
    byte[] triggerKey) {

  public ControllerConfig {
    if (renewDeadline.compareTo(leaseDuration) >= 0) {
      throw new IllegalArgumentException(
          RENEW_DEADLINE + ": must be shorter than " + LEASE_DURATION + " (" + leaseDuration + ")");
    }
    if (leaseRetryPeriod.compareTo(renewDeadline) >= 0) {
      throw new IllegalArgumentException(
          LEASE_RETRY_PERIOD + ": must be shorter than " + RENEW_DEADLINE);
    }
  }

  public static final String NAMESPACE = "SKYLESS_NAMESPACE"; // POD_NAMESPACE, else skyless-system
  public static final String WATCH_NAMESPACES = "SKYLESS_WATCH_NAMESPACES"; // all
  public static final String CONFIG_MAP = "SKYLESS_CONFIGMAP"; // skyless-config
  public static final String LEADER_ELECTION = "SKYLESS_LEADER_ELECTION"; // true
  public static final String LEASE_NAME = "SKYLESS_LEASE_NAME"; // skyless-controller
  public static final String PORT = "SKYLESS_HTTP_PORT"; // 8081: /health/*, /metrics
  public static final String RECONCILE_THREADS = "SKYLESS_RECONCILE_THREADS"; // 20
  public static final String RECHECK = "SKYLESS_RECHECK_SECONDS"; // 60
  public static final String LOG_LEVEL = "SKYLESS_LOG_LEVEL"; // info
  // Leader election (client-go's defaults): a crashed leader is replaced within LEASE_DURATION.
  public static final String LEASE_DURATION = "SKYLESS_LEASE_DURATION"; // 15s
  public static final String RENEW_DEADLINE = "SKYLESS_LEASE_RENEW_DEADLINE"; // 10s
  public static final String LEASE_RETRY_PERIOD = "SKYLESS_LEASE_RETRY_PERIOD"; // 2s
  // A failed reconcile is retried with exponential backoff from RETRY_INITIAL, capped at
  // RETRY_MAX, for ever; every Function is reconciled at least every RESYNC.
  public static final String RETRY_INITIAL = "SKYLESS_RETRY_INITIAL"; // 2s
  public static final String RETRY_MAX = "SKYLESS_RETRY_MAX"; // 5m
  public static final String RESYNC = "SKYLESS_RESYNC_INTERVAL"; // 10m
  // Key of the trigger tokens (a mounted Secret); absent: the controller keeps one in the Secret
  // <lease name>-trigger-key in its namespace, made on first start.
  public static final String TRIGGER_KEY_FILE = "SKYLESS_TRIGGER_KEY_FILE"; // none

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
        level,
        duration(env, LEASE_DURATION, Duration.ofSeconds(15)),
        duration(env, RENEW_DEADLINE, Duration.ofSeconds(10)),
        duration(env, LEASE_RETRY_PERIOD, Duration.ofSeconds(2)),
        duration(env, RETRY_INITIAL, Duration.ofSeconds(2)),
        duration(env, RETRY_MAX, Duration.ofMinutes(5)),
        duration(env, RESYNC, Duration.ofMinutes(10)),
        key(env));
  }

  private static Duration duration(Function<String, String> env, String name, Duration fallback) {
    String value = env.apply(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      Duration parsed = dev.skyless.contract.Durations.parse(value.trim());
      if (parsed.isZero()) {
        throw new IllegalArgumentException(name + ": must be longer than zero");
      }
      return parsed;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage().startsWith(name) ? e.getMessage() : name + ": " + e.getMessage());
    }
  }

  private static byte[] key(Function<String, String> env) {
    String file = env.apply(TRIGGER_KEY_FILE);
    if (file == null || file.isBlank()) {
      return new byte[0];
    }
    try {
      return java.nio.file.Files.readAllBytes(java.nio.file.Path.of(file.trim()));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(TRIGGER_KEY_FILE + ": cannot read " + file.trim());
    }
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
