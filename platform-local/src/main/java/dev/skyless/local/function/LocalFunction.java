package dev.skyless.local.function;

import dev.skyless.controller.function.model.FunctionSettings;
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
 * @param schedules the schedule triggers, fired by the local scheduler into their topics
 * @param asyncTopic where async calls wait ({@code spec.async}); empty without it
 * @param routes {@code spec.http.routes}, served at the gateway's root
 * @param cors {@code spec.http.cors}, applied by the gateway to those routes
 */
public record LocalFunction(
    String name,
    Path source,
    List<Path> classPath,
    Map<String, String> env,
    ScaleSettings scale,
    List<KafkaTrigger> kafkaTriggers,
    List<String> warnings,
    List<Schedule> schedules,
    java.util.Optional<String> asyncTopic,
    List<dev.skyless.contract.RoutePattern> routes,
    java.util.Optional<FunctionSettings.CorsSettings> cors) {

  /** One schedule trigger: its name and what the controller would give its PingSource. */
  public record Schedule(
      String function,
      String trigger,
      String namespace,
      FunctionSettings.ScheduleSettings settings) {}

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
