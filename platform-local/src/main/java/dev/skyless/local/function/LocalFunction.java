package dev.skyless.local.function;

import dev.skyless.runtime.config.RuntimeConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A Function as {@code skyless dev} runs it: the class path its process starts from, the same
 * environment and scale settings the controller would give its Knative Service, and its Kafka
 * triggers as the KafkaSources the controller would create.
 *
 * @param name the function's name, also its path on the gateway ({@code /<name>/...})
 * @param source the YAML file it was read from
 * @param classPath the entries of the process's class path
 * @param env the runtime's environment, without {@code PORT} (the platform picks one)
 * @param scale instances to keep, to allow, and requests in flight per instance
 * @param kafkaTriggers the Kafka triggers
 * @param warnings what the local platform does not do for this function (secret references, broker
 *     triggers), told to the user once at start
 */
public record LocalFunction(
    String name,
    Path source,
    List<Path> classPath,
    Map<String, String> env,
    ScaleSettings scale,
    List<KafkaTrigger> kafkaTriggers,
    List<String> warnings) {

  /** Instances kept warm, the most allowed, and the in-flight requests per instance. */
  public record ScaleSettings(int min, int max, int target) {}

  /**
   * One Kafka trigger as its KafkaSource: what to read, and where and how to deliver.
   *
   * @param name the trigger's name
   * @param path the path and query on the function events are POSTed to (the trigger's path and
   *     token, as the controller gives it to the KafkaSource)
   * @param consumer topics, group, ordering, retries, backoff and dead-letter topic
   * @param timeout how long one delivery may take
   */
  public record KafkaTrigger(
      String name, String path, RuntimeConfig.Consumer consumer, java.time.Duration timeout) {}
}
