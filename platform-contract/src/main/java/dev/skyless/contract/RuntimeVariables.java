package dev.skyless.contract;

/**
 * The environment variables the runtime reads, with their defaults beside them. The controller's
 * builders and {@code skyless dev} write these names; the runtime's {@code RuntimeEnv} reads them.
 */
public final class RuntimeVariables {

  // Set by Knative.
  public static final String PORT = "PORT"; // 8080
  public static final String K_SERVICE = "K_SERVICE"; // "function"
  public static final String K_REVISION = "K_REVISION"; // "local"
  public static final String K_SINK = "K_SINK"; // none: emit goes to SKYLESS_EVENTS_TOPIC

  // Who we are.
  public static final String FUNCTION = "SKYLESS_FUNCTION"; // none: found through ServiceLoader
  public static final String NAMESPACE = "SKYLESS_NAMESPACE"; // "default"
  public static final String HOST = "SKYLESS_HOST"; // 0.0.0.0

  // HTTP limits.
  public static final String MAX_BODY_SIZE = "SKYLESS_MAX_BODY_SIZE"; // 10MiB
  public static final String TIMEOUT = "SKYLESS_TIMEOUT"; // 30s, in the grammar of Durations
  public static final String MAX_CONCURRENCY = "SKYLESS_MAX_CONCURRENCY"; // 1000

  // Rate limit: off unless RPS is set.
  public static final String RATE_LIMIT_RPS = "SKYLESS_RATE_LIMIT_RPS";
  public static final String RATE_LIMIT_BURST = "SKYLESS_RATE_LIMIT_BURST"; // = rps, at least 1

  // JWT: off unless one key source is set.
  public static final String JWT_JWKS_URI = "SKYLESS_JWT_JWKS_URI";
  public static final String JWT_PUBLIC_KEY_FILE = "SKYLESS_JWT_PUBLIC_KEY_FILE";
  public static final String JWT_SECRET_FILE = "SKYLESS_JWT_SECRET_FILE";
  public static final String JWT_ALGORITHM = "SKYLESS_JWT_ALGORITHM"; // RS256 (HS256 for a secret)
  public static final String JWT_ISSUER = "SKYLESS_JWT_ISSUER"; // not checked
  public static final String JWT_AUDIENCE = "SKYLESS_JWT_AUDIENCE"; // not checked
  public static final String JWT_REQUIRED_SCOPES = "SKYLESS_JWT_REQUIRED_SCOPES"; // none
  public static final String JWT_JWKS_REFRESH = "SKYLESS_JWT_JWKS_REFRESH"; // 5m

  // Events out.
  public static final String EVENTS_TOPIC = "SKYLESS_EVENTS_TOPIC"; // none
  public static final String EVENT_SOURCE = "SKYLESS_EVENT_SOURCE"; // /skyless/<ns>/<service>
  public static final String RESPONSE_TYPE = "SKYLESS_RESPONSE_TYPE"; // <input type>.response

  // Triggers delivered over HTTP (KafkaSource, Broker): see TriggerPaths.
  public static final String TRIGGER_FILTERS = "SKYLESS_TRIGGER_FILTERS"; // none; TriggerFilters
  public static final String HTTP_ROUTES = "SKYLESS_HTTP_ROUTES"; // none; RoutePattern.format
  public static final String ASYNC_ON_SUCCESS = "SKYLESS_ASYNC_ON_SUCCESS"; // none: no destination
  public static final String ASYNC_ON_FAILURE = "SKYLESS_ASYNC_ON_FAILURE"; // none: no destination
  public static final String TRIGGER_TOKEN = "SKYLESS_TRIGGER_TOKEN"; // none: trigger paths use JWT

  // Kafka.
  public static final String KAFKA_BOOTSTRAP_SERVERS = "SKYLESS_KAFKA_BOOTSTRAP_SERVERS";
  // Extra Kafka client settings, one key=value per line (security.protocol=SSL, sasl.*, ...).
  public static final String KAFKA_PROPERTIES = "SKYLESS_KAFKA_PROPERTIES";
  public static final String KAFKA_TOPICS = "SKYLESS_KAFKA_TOPICS"; // none: direct mode off
  public static final String KAFKA_GROUP_ID = "SKYLESS_KAFKA_GROUP_ID"; // skyless.<ns>.<svc>
  public static final String KAFKA_INITIAL_OFFSET = "SKYLESS_KAFKA_INITIAL_OFFSET"; // earliest
  public static final String KAFKA_ORDERING = "SKYLESS_KAFKA_ORDERING"; // ordered
  public static final String KAFKA_MAX_IN_FLIGHT = "SKYLESS_KAFKA_MAX_IN_FLIGHT"; // 64
  public static final String KAFKA_MAX_POLL_RECORDS = "SKYLESS_KAFKA_MAX_POLL_RECORDS"; // 500
  public static final String KAFKA_RETRIES = "SKYLESS_KAFKA_RETRIES"; // 5
  public static final String KAFKA_BACKOFF_POLICY = "SKYLESS_KAFKA_BACKOFF_POLICY"; // exponential
  public static final String KAFKA_BACKOFF_DELAY = "SKYLESS_KAFKA_BACKOFF_DELAY"; // PT0.2S
  public static final String KAFKA_MAX_BACKOFF = "SKYLESS_KAFKA_MAX_BACKOFF"; // 30s
  public static final String KAFKA_DEAD_LETTER_TOPIC = "SKYLESS_KAFKA_DEAD_LETTER_TOPIC"; // <t>.dlq
  // Static group membership: a restarted member takes its partitions back at once. Default: the
  // pod name (HOSTNAME) on Kubernetes, none elsewhere; "-" turns it off.
  public static final String KAFKA_INSTANCE_ID = "SKYLESS_KAFKA_INSTANCE_ID";
  // How long the consumer may fail to reach the group before readiness goes down.
  public static final String KAFKA_STALL_AFTER = "SKYLESS_KAFKA_STALL_AFTER"; // 15s

  // Process.
  public static final String SHUTDOWN_GRACE = "SKYLESS_SHUTDOWN_GRACE"; // 25s
  public static final String LOG_LEVEL = "SKYLESS_LOG_LEVEL"; // info

  /**
   * Names Knative sets or refuses in a container's env (knative/serving {@code
   * pkg/apis/serving/k8s_validation.go}, {@code reservedEnvVars}); a Function may not set them.
   */
  public static final java.util.Set<String> RESERVED_BY_KNATIVE =
      java.util.Set.of(PORT, K_SERVICE, "K_CONFIGURATION", K_REVISION);

  private RuntimeVariables() {}
}
