package dev.skyless.local.dlq;

import dev.skyless.controller.function.model.FunctionSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * One trigger's dead-letter topic and where its records came from.
 *
 * @param topics the topics the trigger reads (a redriven record goes back to the one it came from)
 * @param broker whether the trigger is a Broker's (its records cannot be redriven into Kafka)
 */
public record DeadLetterTopic(
    String function, String trigger, String topic, List<String> topics, boolean broker) {

  public DeadLetterTopic {
    topics = List.copyOf(topics);
  }

  /** The dead-letter topics of a function under {@code skyless dev} (its Kafka triggers). */
  public static List<DeadLetterTopic> of(dev.skyless.local.function.LocalFunction function) {
    List<DeadLetterTopic> topics = new ArrayList<>();
    for (var trigger : function.kafkaTriggers()) {
      var consumer = trigger.consumer();
      topics.add(
          new DeadLetterTopic(
              function.name(),
              trigger.name(),
              consumer.deadLetterTopicFor(consumer.topics().getFirst()),
              consumer.topics(),
              false));
    }
    return topics;
  }

  /** The dead-letter topics of every trigger of a Function. */
  public static List<DeadLetterTopic> of(String function, FunctionSettings settings) {
    List<DeadLetterTopic> topics = new ArrayList<>();
    for (FunctionSettings.TriggerSettings trigger : settings.triggers()) {
      List<String> reads =
          trigger
              .kafka()
              .map(FunctionSettings.KafkaSettings::topics)
              .or(() -> trigger.schedule().map(s -> List.of(s.topic())))
              .orElse(List.of());
      topics.add(
          new DeadLetterTopic(
              function,
              trigger.name(),
              trigger.deadLetterTopic(),
              reads,
              trigger.broker().isPresent()));
    }
    return topics;
  }
}
