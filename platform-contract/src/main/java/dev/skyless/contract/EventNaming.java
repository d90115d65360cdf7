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
}
