package dev.skyless.controller.function.model;

import dev.skyless.api.v1alpha1.Delivery;
import dev.skyless.api.v1alpha1.EventFilter;
import dev.skyless.api.v1alpha1.Function;
import dev.skyless.api.v1alpha1.KafkaTrigger;
import dev.skyless.api.v1alpha1.Trigger;
import dev.skyless.controller.config.PlatformDefaults;
import io.fabric8.knative.duck.v1.DeliverySpec;
import io.fabric8.knative.duck.v1.DeliverySpecBuilder;
import io.fabric8.knative.duck.v1.Destination;
import io.fabric8.knative.duck.v1.DestinationBuilder;
import io.fabric8.knative.eventing.v1.SubscriptionsAPIFilter;
import io.fabric8.knative.eventing.v1.SubscriptionsAPIFilterBuilder;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.knative.eventing.v1alpha1.KafkaSinkBuilder;
import io.fabric8.knative.sources.v1beta1.KafkaSource;
import io.fabric8.knative.sources.v1beta1.KafkaSourceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event wiring of a Function: per Kafka trigger a KafkaSource (explicit consumer group,
 * ordering, delivery), per Broker trigger a Trigger (with {@code filters}), and per trigger a
 * KafkaSink for its dead-letter topic. A KafkaSource commits once retries are exhausted, so it is
 * never built without its dead-letter sink.
 */
public final class EventWiringModel {

  static final String SERVING_V1 = "serving.knative.dev/v1";
  static final String KAFKA_SINK_API = "eventing.knative.dev/v1alpha1";

  private EventWiringModel() {}

  /** The KafkaSources, by name. */
  public static Map<String, KafkaSource> kafkaSources(
      Function function, PlatformDefaults defaults) {
    Map<String, KafkaSource> sources = new LinkedHashMap<>();
    for (Trigger trigger : function.getSpec().getTriggers()) {
      if (trigger.getKafka() != null) {
        KafkaSource source = kafkaSource(function, trigger, defaults);
        sources.put(source.getMetadata().getName(), source);
      }
    }
    return sources;
  }

  /** The Broker Triggers, by name. */
  public static Map<String, io.fabric8.knative.eventing.v1.Trigger> brokerTriggers(
      Function function, PlatformDefaults defaults) {
    Map<String, io.fabric8.knative.eventing.v1.Trigger> triggers = new LinkedHashMap<>();
    for (Trigger trigger : function.getSpec().getTriggers()) {
      if (trigger.getBroker() != null) {
        var built = brokerTrigger(function, trigger, defaults);
        triggers.put(built.getMetadata().getName(), built);
      }
    }
    return triggers;
  }

  /** The dead-letter KafkaSinks, one per trigger, by name. */
  public static Map<String, KafkaSink> deadLetterSinks(
      Function function, PlatformDefaults defaults) {
    Map<String, KafkaSink> sinks = new LinkedHashMap<>();
    for (Trigger trigger : function.getSpec().getTriggers()) {
      KafkaSink sink = deadLetterSink(function, trigger, defaults);
      sinks.put(sink.getMetadata().getName(), sink);
    }
    return sinks;
  }

  static KafkaSource kafkaSource(Function function, Trigger trigger, PlatformDefaults defaults) {
    KafkaTrigger kafka = trigger.getKafka();
    String field = "spec.triggers[" + trigger.getName() + "].kafka";
    return new KafkaSourceBuilder()
        .withMetadata(FunctionChildren.triggerChild(function, trigger.getName(), ""))
        .withNewSpec()
        .withBootstrapServers(bootstrapServers(defaults, field))
        .withTopics(kafka.getTopics())
        .withConsumerGroup(
            kafka.getConsumerGroup() != null
                ? kafka.getConsumerGroup()
                : consumerGroup(function, trigger))
        .withInitialOffset(
            kafka.getInitialOffset() == KafkaTrigger.InitialOffset.LATEST ? "latest" : "earliest")
        .withOrdering(
            kafka.getOrdering() == KafkaTrigger.Ordering.UNORDERED ? "unordered" : "ordered")
        .withDelivery(delivery(function, trigger, defaults))
        .withSink(kafkaSink(function, trigger))
        .endSpec()
        .build();
  }

  /** The path on the Service where a filtered Kafka trigger's events arrive. */
  public static final String TRIGGER_PATH = "/_skyless/triggers/";

  /**
   * A KafkaSource cannot filter: a Kafka trigger with a filter delivers to its own path on the
   * Service, where the runtime applies the filter ({@link KnativeServiceModel} passes it on).
   */
  private static Destination kafkaSink(Function function, Trigger trigger) {
    Destination destination = serviceDestination(function);
    if (trigger.getFilter() != null) {
      destination.setUri(TRIGGER_PATH + trigger.getName());
    }
    return destination;
  }

  static io.fabric8.knative.eventing.v1.Trigger brokerTrigger(
      Function function, Trigger trigger, PlatformDefaults defaults) {
    String broker =
        trigger.getBroker().getName() != null
            ? trigger.getBroker().getName()
            : defaults.defaultBroker();
    return new io.fabric8.knative.eventing.v1.TriggerBuilder()
        .withMetadata(FunctionChildren.triggerChild(function, trigger.getName(), ""))
        .withNewSpec()
        .withBroker(broker)
        .withFilters(filters(trigger.getFilter()))
        .withSubscriber(serviceDestination(function))
        .withDelivery(delivery(function, trigger, defaults))
        .endSpec()
        .build();
  }

  static KafkaSink deadLetterSink(Function function, Trigger trigger, PlatformDefaults defaults) {
    String field = "spec.triggers[" + trigger.getName() + "].delivery.deadLetterTopic";
    return new KafkaSinkBuilder()
        .withMetadata(FunctionChildren.triggerChild(function, trigger.getName(), "-dlq"))
        .withNewSpec()
        .withTopic(deadLetterTopic(function, trigger, defaults))
        .withBootstrapServers(bootstrapServers(defaults, field))
        .withNumPartitions(defaults.deadLetterPartitions())
        .withReplicationFactor((int) defaults.deadLetterReplicationFactor())
        .withContentMode("binary")
        .endSpec()
        .build();
  }

  /**
   * {@code skyless.<namespace>.<function>.<trigger>}: explicit, so it never changes by accident.
   */
  public static String consumerGroup(Function function, Trigger trigger) {
    return "skyless."
        + function.getMetadata().getNamespace()
        + "."
        + function.getMetadata().getName()
        + "."
        + trigger.getName();
  }

  /**
   * The trigger's dead-letter topic: as given; else {@code <topic><suffix>} for a Kafka trigger on
   * one topic; else {@code <namespace>.<function>.<trigger><suffix>}.
   */
  public static String deadLetterTopic(
      Function function, Trigger trigger, PlatformDefaults defaults) {
    Delivery delivery = trigger.getDelivery();
    if (delivery != null && delivery.getDeadLetterTopic() != null) {
      return delivery.getDeadLetterTopic();
    }
    if (trigger.getKafka() != null && trigger.getKafka().getTopics().size() == 1) {
      return trigger.getKafka().getTopics().getFirst() + defaults.deadLetterSuffix();
    }
    return function.getMetadata().getNamespace()
        + "."
        + function.getMetadata().getName()
        + "."
        + trigger.getName()
        + defaults.deadLetterSuffix();
  }

  static String deadLetterSinkName(Function function, Trigger trigger) {
    return FunctionChildren.childName(function, trigger.getName(), "-dlq");
  }

  private static DeliverySpec delivery(
      Function function, Trigger trigger, PlatformDefaults defaults) {
    Delivery delivery = trigger.getDelivery() == null ? new Delivery() : trigger.getDelivery();
    String field = "spec.triggers[" + trigger.getName() + "].delivery";
    String timeout =
        delivery.getTimeout() != null
            ? delivery.getTimeout()
            : function.getSpec().getTimeout() != null
                ? function.getSpec().getTimeout()
                : defaults.timeout();
    return new DeliverySpecBuilder()
        .withRetry(delivery.getRetries() != null ? delivery.getRetries() : defaults.retries())
        .withBackoffPolicy(
            delivery.getBackoff() == Delivery.BackoffPolicy.LINEAR ? "linear" : "exponential")
        .withBackoffDelay(
            DurationText.iso(
                field + ".backoffDelay",
                delivery.getBackoffDelay() != null
                    ? delivery.getBackoffDelay()
                    : defaults.backoffDelay()))
        .withTimeout(DurationText.iso(field + ".timeout", timeout))
        .withDeadLetterSink(
            new DestinationBuilder()
                .withNewRef()
                .withApiVersion(KAFKA_SINK_API)
                .withKind("KafkaSink")
                .withName(deadLetterSinkName(function, trigger))
                .endRef()
                .build())
        .build();
  }

  private static List<SubscriptionsAPIFilter> filters(EventFilter filter) {
    List<SubscriptionsAPIFilter> filters = new ArrayList<>();
    if (filter == null) {
      return filters;
    }
    Map<String, String> exact = new LinkedHashMap<>();
    if (filter.getType() != null) {
      exact.put("type", filter.getType());
    }
    if (filter.getSource() != null) {
      exact.put("source", filter.getSource());
    }
    if (!exact.isEmpty()) {
      filters.add(new SubscriptionsAPIFilterBuilder().withExact(exact).build());
    }
    if (filter.getTypePrefix() != null) {
      filters.add(
          new SubscriptionsAPIFilterBuilder()
              .withPrefix(Map.of("type", filter.getTypePrefix()))
              .build());
    }
    return filters;
  }

  private static Destination serviceDestination(Function function) {
    return new DestinationBuilder()
        .withNewRef()
        .withApiVersion(SERVING_V1)
        .withKind("Service")
        .withName(FunctionChildren.serviceName(function))
        .endRef()
        .build();
  }

  private static List<String> bootstrapServers(PlatformDefaults defaults, String field) {
    if (defaults.kafkaBootstrapServers().isEmpty()) {
      throw new InvalidSpecException(
          field,
          "needs Kafka: set "
              + PlatformDefaults.KAFKA_BOOTSTRAP_SERVERS
              + " in the platform ConfigMap");
    }
    return defaults.kafkaBootstrapServers();
  }
}
