package dev.skyless.runtime.config;

import static dev.skyless.contract.RuntimeVariables.ASYNC_ON_FAILURE;
import static dev.skyless.contract.RuntimeVariables.ASYNC_ON_SUCCESS;
import static dev.skyless.contract.RuntimeVariables.EVENTS_TOPIC;
import static dev.skyless.contract.RuntimeVariables.EVENT_SOURCE;
import static dev.skyless.contract.RuntimeVariables.FUNCTION;
import static dev.skyless.contract.RuntimeVariables.HOST;
import static dev.skyless.contract.RuntimeVariables.HTTP_ROUTES;
import static dev.skyless.contract.RuntimeVariables.JWT_ALGORITHM;
import static dev.skyless.contract.RuntimeVariables.JWT_AUDIENCE;
import static dev.skyless.contract.RuntimeVariables.JWT_ISSUER;
import static dev.skyless.contract.RuntimeVariables.JWT_JWKS_REFRESH;
import static dev.skyless.contract.RuntimeVariables.JWT_JWKS_URI;
import static dev.skyless.contract.RuntimeVariables.JWT_PUBLIC_KEY_FILE;
import static dev.skyless.contract.RuntimeVariables.JWT_REQUIRED_SCOPES;
import static dev.skyless.contract.RuntimeVariables.JWT_SECRET_FILE;
import static dev.skyless.contract.RuntimeVariables.KAFKA_BACKOFF_DELAY;
import static dev.skyless.contract.RuntimeVariables.KAFKA_BACKOFF_POLICY;
import static dev.skyless.contract.RuntimeVariables.KAFKA_BOOTSTRAP_SERVERS;
import static dev.skyless.contract.RuntimeVariables.KAFKA_DEAD_LETTER_TOPIC;
import static dev.skyless.contract.RuntimeVariables.KAFKA_GROUP_ID;
import static dev.skyless.contract.RuntimeVariables.KAFKA_INITIAL_OFFSET;
import static dev.skyless.contract.RuntimeVariables.KAFKA_INSTANCE_ID;
import static dev.skyless.contract.RuntimeVariables.KAFKA_MAX_BACKOFF;
import static dev.skyless.contract.RuntimeVariables.KAFKA_MAX_IN_FLIGHT;
import static dev.skyless.contract.RuntimeVariables.KAFKA_MAX_POLL_RECORDS;
import static dev.skyless.contract.RuntimeVariables.KAFKA_ORDERING;
import static dev.skyless.contract.RuntimeVariables.KAFKA_PROPERTIES;
import static dev.skyless.contract.RuntimeVariables.KAFKA_RETRIES;
import static dev.skyless.contract.RuntimeVariables.KAFKA_STALL_AFTER;
import static dev.skyless.contract.RuntimeVariables.KAFKA_TOPICS;
import static dev.skyless.contract.RuntimeVariables.K_REVISION;
import static dev.skyless.contract.RuntimeVariables.K_SERVICE;
import static dev.skyless.contract.RuntimeVariables.K_SINK;
import static dev.skyless.contract.RuntimeVariables.LOG_LEVEL;
import static dev.skyless.contract.RuntimeVariables.MAX_BODY_SIZE;
import static dev.skyless.contract.RuntimeVariables.MAX_CONCURRENCY;
import static dev.skyless.contract.RuntimeVariables.NAMESPACE;
import static dev.skyless.contract.RuntimeVariables.PORT;
import static dev.skyless.contract.RuntimeVariables.RATE_LIMIT_BURST;
import static dev.skyless.contract.RuntimeVariables.RATE_LIMIT_RPS;
import static dev.skyless.contract.RuntimeVariables.RESPONSE_TYPE;
import static dev.skyless.contract.RuntimeVariables.SHUTDOWN_GRACE;
import static dev.skyless.contract.RuntimeVariables.TIMEOUT;
import static dev.skyless.contract.RuntimeVariables.TRIGGER_FILTERS;
import static dev.skyless.contract.RuntimeVariables.TRIGGER_TOKEN;

import dev.skyless.contract.Durations;
import dev.skyless.contract.EventNaming;
import dev.skyless.contract.TriggerFilters;
import dev.skyless.runtime.config.RuntimeConfig.BackoffPolicy;
import dev.skyless.runtime.config.RuntimeConfig.Ordering;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads {@link RuntimeConfig} from environment variables, in one place; the names and their
 * defaults are the contract's ({@link dev.skyless.contract.RuntimeVariables}). Takes a lookup
 * function so that tests pass a map instead of the process environment. A bad value throws {@link
 * ConfigException} naming the variable.
 */
public final class RuntimeEnv {

  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib)");

  private final Function<String, String> env;
  private final java.util.Set<String> names;

  private RuntimeEnv(Function<String, String> env, java.util.Set<String> names) {
    this.env = env;
    this.names = names;
  }

  /** Parses the process environment. */
  public static RuntimeConfig fromSystem() {
    return parse(System.getenv());
  }

  /**
   * Parses the variables {@code env} returns (null for unset); the OTEL_* ones cannot be listed
   * from a function, so tracing is off.
   */
  public static RuntimeConfig parse(Function<String, String> env) {
    return new RuntimeEnv(env, java.util.Set.of()).read();
  }

  /** Parses a map of variables (the process environment, or a test's). */
  public static RuntimeConfig parse(Map<String, String> env) {
    return new RuntimeEnv(env::get, env.keySet()).read();
  }

  private RuntimeConfig.Telemetry telemetry() {
    Map<String, String> otel = new LinkedHashMap<>();
    for (String name : names) {
      String value = env.apply(name);
      if (name.startsWith("OTEL_") && value != null && !value.isBlank()) {
        otel.put(name, value.trim());
      }
    }
    return new RuntimeConfig.Telemetry(otel);
  }

  private RuntimeConfig read() {
    String namespace = string(NAMESPACE).orElse("default");
    String service = string(K_SERVICE).orElse("function");
    var svc =
        new RuntimeConfig.Service(
            service, string(K_REVISION).orElse("local"), namespace, string(FUNCTION));
    var http =
        new RuntimeConfig.Http(
            string(HOST).orElse("0.0.0.0"),
            integer(PORT, 8080, 0, 65535),
            size(MAX_BODY_SIZE, 10L * 1024 * 1024),
            positiveDuration(TIMEOUT, Duration.ofSeconds(30)),
            integer(MAX_CONCURRENCY, 1000, 1, 1_000_000),
            routes());
    var events =
        new RuntimeConfig.Events(
            topic(EVENTS_TOPIC),
            uri(K_SINK, true),
            uri(EVENT_SOURCE, false).orElse(URI.create("/skyless/" + namespace + "/" + service)),
            string(RESPONSE_TYPE));
    Optional<RuntimeConfig.Consumer> consumer = consumer(namespace, service);
    RuntimeConfig.Triggers triggers = triggers();
    Optional<RuntimeConfig.Kafka> kafka = kafka(events, consumer, triggers);
    return new RuntimeConfig(
        svc,
        http,
        jwt(),
        rateLimit(),
        events,
        triggers,
        kafka,
        consumer,
        duration(SHUTDOWN_GRACE, Duration.ofSeconds(25)),
        logLevel(),
        telemetry());
  }

  private Optional<RuntimeConfig.Kafka> kafka(
      RuntimeConfig.Events events,
      Optional<RuntimeConfig.Consumer> consumer,
      RuntimeConfig.Triggers triggers) {
    Optional<String> servers = string(KAFKA_BOOTSTRAP_SERVERS);
    boolean needed =
        consumer.isPresent()
            || (events.topic().isPresent() && events.sink().isEmpty())
            || triggers.hasDestinations();
    if (servers.isEmpty()) {
      if (needed) {
        String why =
            consumer.isPresent()
                ? KAFKA_TOPICS
                : triggers.hasDestinations()
                    ? (triggers.onSuccess().isPresent() ? ASYNC_ON_SUCCESS : ASYNC_ON_FAILURE)
                    : EVENTS_TOPIC;
        throw new ConfigException(
            KAFKA_BOOTSTRAP_SERVERS, "must be set (host:port,...) because " + why + " is set");
      }
      return Optional.empty();
    }
    Map<String, String> props = new LinkedHashMap<>();
    Optional<String> extra = string(KAFKA_PROPERTIES);
    if (extra.isPresent()) {
      Properties parsed = new Properties();
      try {
        parsed.load(new StringReader(extra.get()));
      } catch (IOException | IllegalArgumentException e) {
        throw new ConfigException(
            KAFKA_PROPERTIES, "is not in properties format: " + e.getMessage());
      }
      parsed.stringPropertyNames().forEach(k -> props.put(k, parsed.getProperty(k)));
    }
    return Optional.of(new RuntimeConfig.Kafka(servers.get(), Map.copyOf(props)));
  }

  private Optional<RuntimeConfig.Consumer> consumer(String namespace, String service) {
    Optional<String> topics = string(KAFKA_TOPICS);
    if (topics.isEmpty()) {
      return Optional.empty();
    }
    List<String> names =
        Arrays.stream(topics.get().split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
    if (names.isEmpty()) {
      throw new ConfigException(KAFKA_TOPICS, "lists no topic");
    }
    for (String name : names) {
      if (!TOPIC.matcher(name).matches()) {
        throw new ConfigException(
            KAFKA_TOPICS, "'" + name + "' is not a valid topic name ([a-zA-Z0-9._-], 1-249 chars)");
      }
    }
    String initialOffset = string(KAFKA_INITIAL_OFFSET).orElse("earliest").toLowerCase(Locale.ROOT);
    if (!initialOffset.equals("earliest") && !initialOffset.equals("latest")) {
      throw new ConfigException(
          KAFKA_INITIAL_OFFSET, "'" + initialOffset + "' must be earliest or latest");
    }
    Duration delay = positiveDuration(KAFKA_BACKOFF_DELAY, Duration.ofMillis(200));
    return Optional.of(
        new RuntimeConfig.Consumer(
            names,
            string(KAFKA_GROUP_ID).orElse(EventNaming.directConsumerGroup(namespace, service)),
            initialOffset,
            choice(KAFKA_ORDERING, Ordering.class, Ordering.ORDERED),
            integer(KAFKA_MAX_IN_FLIGHT, 64, 1, 10_000),
            integer(KAFKA_MAX_POLL_RECORDS, 500, 1, 100_000),
            integer(KAFKA_RETRIES, 5, 0, 100),
            choice(KAFKA_BACKOFF_POLICY, BackoffPolicy.class, BackoffPolicy.EXPONENTIAL),
            delay,
            positiveDuration(KAFKA_MAX_BACKOFF, Duration.ofSeconds(30)),
            topic(KAFKA_DEAD_LETTER_TOPIC),
            instanceId(),
            positiveDuration(KAFKA_STALL_AFTER, Duration.ofSeconds(15))));
  }

  /**
   * The static member id: given, or the pod name on Kubernetes (unique in its namespace, and kept
   * when the container restarts, which is when static membership pays off).
   */
  private Optional<String> instanceId() {
    Optional<String> given = string(KAFKA_INSTANCE_ID);
    if (given.isPresent()) {
      return given.get().equals("-") ? Optional.empty() : given;
    }
    return string("KUBERNETES_SERVICE_HOST").isPresent() ? string("HOSTNAME") : Optional.empty();
  }

  private Optional<RuntimeConfig.Jwt> jwt() {
    Optional<URI> jwks = uri(JWT_JWKS_URI, true);
    Optional<Path> publicKey = file(JWT_PUBLIC_KEY_FILE);
    Optional<Path> secret = file(JWT_SECRET_FILE);
    int sources = (jwks.isPresent() ? 1 : 0) + (publicKey.isPresent() ? 1 : 0);
    sources += secret.isPresent() ? 1 : 0;
    if (sources == 0) {
      for (String dependent : List.of(JWT_ISSUER, JWT_AUDIENCE, JWT_REQUIRED_SCOPES)) {
        if (string(dependent).isPresent()) {
          throw new ConfigException(
              dependent,
              "is set but JWT checks are off: also set "
                  + JWT_JWKS_URI
                  + ", "
                  + JWT_PUBLIC_KEY_FILE
                  + " or "
                  + JWT_SECRET_FILE);
        }
      }
      return Optional.empty();
    }
    if (sources > 1) {
      throw new ConfigException(
          JWT_JWKS_URI,
          "set only one of " + JWT_JWKS_URI + ", " + JWT_PUBLIC_KEY_FILE + ", " + JWT_SECRET_FILE);
    }
    String algorithm = string(JWT_ALGORITHM).orElse(secret.isPresent() ? "HS256" : "RS256");
    if (!algorithm.matches("(RS|PS|ES|HS)(256|384|512)")) {
      throw new ConfigException(JWT_ALGORITHM, "'" + algorithm + "' is not a JWS algorithm");
    }
    List<String> scopes =
        string(JWT_REQUIRED_SCOPES)
            .map(s -> Arrays.stream(s.split("[ ,]+")).filter(x -> !x.isEmpty()).toList())
            .orElse(List.of());
    return Optional.of(
        new RuntimeConfig.Jwt(
            jwks,
            publicKey,
            secret,
            algorithm,
            string(JWT_ISSUER),
            string(JWT_AUDIENCE),
            scopes,
            positiveDuration(JWT_JWKS_REFRESH, Duration.ofMinutes(5))));
  }

  private Optional<RuntimeConfig.RateLimit> rateLimit() {
    Optional<String> rps = string(RATE_LIMIT_RPS);
    if (rps.isEmpty()) {
      if (string(RATE_LIMIT_BURST).isPresent()) {
        throw new ConfigException(RATE_LIMIT_BURST, "is set but " + RATE_LIMIT_RPS + " is not");
      }
      return Optional.empty();
    }
    double perSecond;
    try {
      perSecond = Double.parseDouble(rps.get());
    } catch (NumberFormatException e) {
      throw new ConfigException(RATE_LIMIT_RPS, "'" + rps.get() + "' is not a number");
    }
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new ConfigException(RATE_LIMIT_RPS, "must be a positive number, was " + rps.get());
    }
    int burst = integer(RATE_LIMIT_BURST, (int) Math.max(1, Math.ceil(perSecond)), 1, 10_000_000);
    return Optional.of(new RuntimeConfig.RateLimit(perSecond, burst));
  }

  private RuntimeConfig.Triggers triggers() {
    TriggerFilters filters;
    try {
      filters = TriggerFilters.decode(string(TRIGGER_FILTERS).orElse(""));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(TRIGGER_FILTERS, e.getMessage());
    }
    return new RuntimeConfig.Triggers(
        filters, string(TRIGGER_TOKEN), topic(ASYNC_ON_SUCCESS), topic(ASYNC_ON_FAILURE));
  }

  private java.util.List<dev.skyless.contract.RoutePattern> routes() {
    try {
      return java.util.List.copyOf(
          dev.skyless.contract.RoutePattern.parseAll(string(HTTP_ROUTES).orElse("")));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(HTTP_ROUTES, e.getMessage());
    }
  }

  private String logLevel() {
    String level = string(LOG_LEVEL).orElse("info").toLowerCase(Locale.ROOT);
    if (!List.of("trace", "debug", "info", "warn", "error").contains(level)) {
      throw new ConfigException(
          LOG_LEVEL, "'" + level + "' must be one of trace, debug, info, warn, error");
    }
    return level;
  }

  // ---- value parsers: each names the variable when it fails ----

  private Optional<String> string(String name) {
    String value = env.apply(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private int integer(String name, int fallback, int min, int max) {
    Optional<String> value = string(name);
    if (value.isEmpty()) {
      return fallback;
    }
    int parsed;
    try {
      parsed = Integer.parseInt(value.get());
    } catch (NumberFormatException e) {
      throw new ConfigException(name, "'" + value.get() + "' is not a whole number");
    }
    if (parsed < min || parsed > max) {
      throw new ConfigException(name, parsed + " is outside " + min + ".." + max);
    }
    return parsed;
  }

  private Duration duration(String name, Duration fallback) {
    Optional<String> value = string(name);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      return Durations.parse(value.get());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name, e.getMessage());
    }
  }

  private Duration positiveDuration(String name, Duration fallback) {
    Duration parsed = duration(name, fallback);
    if (parsed.isZero()) {
      throw new ConfigException(name, "must be longer than zero");
    }
    return parsed;
  }

  private long size(String name, long fallback) {
    Optional<String> value = string(name);
    if (value.isEmpty()) {
      return fallback;
    }
    var m = SIZE.matcher(value.get().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new ConfigException(
          name, "'" + value.get() + "' is not a size (write bytes, or 512KiB, 10MiB, 1GiB)");
    }
    long amount = Long.parseLong(m.group(1));
    long unit =
        switch (m.group(2)) {
          case "k", "kb", "kib" -> 1024L;
          case "m", "mb", "mib" -> 1024L * 1024;
          case "g", "gb", "gib" -> 1024L * 1024 * 1024;
          default -> 1L;
        };
    long bytes = amount * unit;
    if (bytes <= 0 || bytes > Integer.MAX_VALUE) {
      throw new ConfigException(name, "must be between 1 byte and 2GiB");
    }
    return bytes;
  }

  private Optional<URI> uri(String name, boolean absolute) {
    Optional<String> value = string(name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(value.get());
      if (absolute && (uri.getScheme() == null || uri.getHost() == null)) {
        throw new ConfigException(name, "'" + value.get() + "' must be an absolute http(s) URL");
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      throw new ConfigException(name, "'" + value.get() + "' is not a URI: " + e.getReason());
    }
  }

  private Optional<Path> file(String name) {
    Optional<String> value = string(name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    Path path = Path.of(value.get());
    if (!Files.isReadable(path)) {
      throw new ConfigException(name, "cannot read file " + path);
    }
    return Optional.of(path);
  }

  private Optional<String> topic(String name) {
    Optional<String> value = string(name);
    if (value.isPresent() && !TOPIC.matcher(value.get()).matches()) {
      throw new ConfigException(
          name, "'" + value.get() + "' is not a valid topic name ([a-zA-Z0-9._-], 1-249 chars)");
    }
    return value;
  }

  private <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
    Optional<String> value = string(name);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, value.get().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> allowed =
          Arrays.stream(type.getEnumConstants())
              .map(c -> c.name().toLowerCase(Locale.ROOT))
              .toList();
      throw new ConfigException(name, "'" + value.get() + "' must be one of " + allowed);
    }
  }
}
