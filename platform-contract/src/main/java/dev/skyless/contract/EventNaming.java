package dev.skyless.contract;

import java.util.List;

/** How consumer groups and dead-letter topics are named when a Function does not name them. */
public final class EventNaming {

  /** The dead-letter suffix when the platform ConfigMap names none. */
  public static final String DEFAULT_DEAD_LETTER_SUFFIX = ".dlq";

  private EventNaming() {}

  /** A trigger's consumer group: {@code skyless.<namespace>.<function>.<trigger>}. */
  public static String consumerGroup(String namespace, String function, String trigger) {
    return "skyless." + namespace + "." + function + "." + trigger;
  }

  /** The runtime's consumer group in direct mode: {@code skyless.<namespace>.<service>}. */
  public static String directConsumerGroup(String namespace, String service) {
    return "skyless." + namespace + "." + service;
  }

  /**
   * A trigger's dead-letter topic: {@code <topic><suffix>} for a Kafka trigger on one topic, else
   * {@code <namespace>.<function>.<trigger><suffix>}.
   *
   * @param topics the Kafka trigger's topics; empty for a Broker trigger
   */
  public static String deadLetterTopic(
      String namespace, String function, String trigger, List<String> topics, String suffix) {
    if (topics.size() == 1) {
      return topics.getFirst() + suffix;
    }
    return namespace + "." + function + "." + trigger + suffix;
  }

  /** The topic a Function's async invocations wait in: {@code <namespace>.<function>.async}. */
  public static String asyncTopic(String namespace, String function) {
    return namespace + "." + function + ".async";
  }

  /**
   * The topic a schedule trigger's firings pass through, so they are retried and dead-lettered as
   * any other trigger's events: {@code <namespace>.<function>.<trigger>.schedule}.
   */
  public static String scheduleTopic(String namespace, String function, String trigger) {
    return namespace + "." + function + "." + trigger + ".schedule";
  }
}
