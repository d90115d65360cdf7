package dev.skyless.controller.config;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Defaults that a Function does not have to spell out, read from the platform ConfigMap ({@code
 * skyless-config} in the controller's namespace; every key optional, default beside it). A bad
 * value is reported with the key's name.
 */
public record PlatformDefaults(
    List<String> kafkaBootstrapServers,
    int minScale,
    int maxScale,
    int target,
    String timeout,
    int retries,
    String backoffDelay,
    String deadLetterSuffix,
    int deadLetterPartitions,
    short deadLetterReplicationFactor,
    String defaultBroker,
    String cpuRequest,
    String memoryRequest,
    String memoryLimit) {

  public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrapServers"; // none
  public static final String SCALE_MIN = "scale.min"; // 0: scale to zero
  public static final String SCALE_MAX = "scale.max"; // 10
  public static final String SCALE_TARGET = "scale.target"; // 100
  public static final String TIMEOUT = "timeout"; // 30s
  public static final String DELIVERY_RETRIES = "delivery.retries"; // 5
  public static final String DELIVERY_BACKOFF_DELAY = "delivery.backoffDelay"; // PT0.2S
  public static final String DEAD_LETTER_SUFFIX = "deadLetter.suffix"; // .dlq
  public static final String DEAD_LETTER_PARTITIONS = "deadLetter.partitions"; // 1
  public static final String DEAD_LETTER_REPLICATION = "deadLetter.replicationFactor"; // 1
  public static final String DEFAULT_BROKER = "broker.default"; // default
  public static final String CPU_REQUEST = "resources.cpuRequest"; // 100m
  public static final String MEMORY_REQUEST = "resources.memoryRequest"; // 192Mi
  public static final String MEMORY_LIMIT = "resources.memoryLimit"; // 256Mi

  /** The defaults with no ConfigMap at all. */
  public static PlatformDefaults builtIn() {
    return fromConfigMap(Map.of());
  }

  /**
   * Reads the ConfigMap's data.
   *
   * @throws IllegalArgumentException naming the key at fault
   */
  public static PlatformDefaults fromConfigMap(Map<String, String> data) {
    return new PlatformDefaults(
        Optional.ofNullable(data.get(KAFKA_BOOTSTRAP_SERVERS))
            .map(
                s ->
                    Arrays.stream(s.split(","))
                        .map(String::trim)
                        .filter(x -> !x.isEmpty())
                        .toList())
            .orElse(List.of()),
        integer(data, SCALE_MIN, 0),
        integer(data, SCALE_MAX, 10),
        integer(data, SCALE_TARGET, 100),
        data.getOrDefault(TIMEOUT, "30s"),
        integer(data, DELIVERY_RETRIES, 5),
        data.getOrDefault(DELIVERY_BACKOFF_DELAY, "PT0.2S"),
        data.getOrDefault(DEAD_LETTER_SUFFIX, ".dlq"),
        integer(data, DEAD_LETTER_PARTITIONS, 1),
        (short) integer(data, DEAD_LETTER_REPLICATION, 1),
        data.getOrDefault(DEFAULT_BROKER, "default"),
        data.getOrDefault(CPU_REQUEST, "100m"),
        data.getOrDefault(MEMORY_REQUEST, "192Mi"),
        data.getOrDefault(MEMORY_LIMIT, "256Mi"));
  }

  private static int integer(Map<String, String> data, String key, int fallback) {
    String value = data.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed < 0) {
        throw new IllegalArgumentException(key + ": must not be negative, was " + value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": '" + value + "' is not a whole number");
    }
  }
}
