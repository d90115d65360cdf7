package dev.skyless.controller.function.model;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.contract.Durations;
import dev.skyless.contract.ScheduleEvents;
import dev.skyless.contract.TriggerFilter;
import dev.skyless.controller.config.PlatformDefaults;
import dev.skyless.controller.function.model.FunctionSettings.TriggerSettings;
import io.fabric8.knative.duck.v1.DeliverySpec;
import io.fabric8.knative.duck.v1.DeliverySpecBuilder;
import io.fabric8.knative.duck.v1.Destination;
import io.fabric8.knative.duck.v1.DestinationBuilder;
import io.fabric8.knative.eventing.v1.SubscriptionsAPIFilter;
import io.fabric8.knative.eventing.v1.SubscriptionsAPIFilterBuilder;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.knative.eventing.v1alpha1.KafkaSinkBuilder;
import io.fabric8.knative.sources.v1.PingSource;
import io.fabric8.knative.sources.v1.PingSourceBuilder;
import io.fabric8.knative.sources.v1.PingSourceSpecBuilder;
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
 *
 * <p>Every source and trigger delivers to the trigger's own path with the trigger token ({@link
 * dev.skyless.contract.TriggerPaths}). The KafkaSinks leave {@code numPartitions} and {@code
 * replicationFactor} unset, so Knative treats their topic as external and never deletes it
 * (eventing-kafka-broker {@code control-plane/pkg/reconciler/sink/kafka_sink.go}): dead-letter
 * topics are shared between Functions and outlive each of them. The controller creates them.
 */
public final class EventWiringModel {

  static final String SERVING_V1 = "serving.knative.dev/v1";
  static final String KAFKA_SINK_API = "eventing.knative.dev/v1alpha1";

  private EventWiringModel() {}

  /** The KafkaSources, by name. */
  public static Map<String, KafkaSource> kafkaSources(
      Function function, FunctionSettings settings, PlatformDefaults defaults) {
    Map<String, KafkaSource> sources = new LinkedHashMap<>();
    for (TriggerSettings trigger : settings.triggers()) {
      if (trigger.kafka().isPresent()) {
        KafkaSource source = kafkaSource(function, trigger, defaults);
        sources.put(source.getMetadata().getName(), source);
      }
    }
    return sources;
  }

  /** The Broker Triggers, by name. */
  public static Map<String, io.fabric8.knative.eventing.v1.Trigger> brokerTriggers(
      Function function, FunctionSettings settings) {
    Map<String, io.fabric8.knative.eventing.v1.Trigger> triggers = new LinkedHashMap<>();
    for (TriggerSettings trigger : settings.triggers()) {
      if (trigger.broker().isPresent()) {
        var built = brokerTrigger(function, trigger);
        triggers.put(built.getMetadata().getName(), built);
      }
    }
    return triggers;
  }

  /**
   * Every KafkaSink: per trigger its dead-letter sink, and per schedule trigger and for {@code
   * spec.async} the intake sink that writes into the trigger's topic ({@link #intakeSinks}).
   */
  public static Map<String, KafkaSink> kafkaSinks(
      Function function, FunctionSettings settings, PlatformDefaults defaults) {
    Map<String, KafkaSink> sinks =
        new LinkedHashMap<>(deadLetterSinks(function, settings, defaults));
    sinks.putAll(intakeSinks(function, settings, defaults));
    return sinks;
  }

  /**
   * The KafkaSinks that events enter through: a schedule trigger's PingSource sends to one (its
   * KafkaSource then delivers with retries and a dead-letter topic, which PingSource alone cannot),
   * and async calls are POSTed to one ({@code status.asyncUrl}; eventing-kafka-broker's receiver
   * answers 202 once Kafka has the event). Always on: no pod of the function is needed to accept.
   */
  public static Map<String, KafkaSink> intakeSinks(
      Function function, FunctionSettings settings, PlatformDefaults defaults) {
    Map<String, KafkaSink> sinks = new LinkedHashMap<>();
    for (TriggerSettings trigger : settings.triggers()) {
      if (trigger.schedule().isPresent()) {
        KafkaSink sink =
            intakeSink(function, trigger.name(), trigger.schedule().get().topic(), defaults);
        sinks.put(sink.getMetadata().getName(), sink);
      }
    }
    settings
        .async()
        .ifPresent(
            async -> {
              KafkaSink sink =
                  intakeSink(
                      function,
                      dev.skyless.contract.AsyncInvocations.TRIGGER,
                      async.topic(),
                      defaults);
              sinks.put(sink.getMetadata().getName(), sink);
            });
    return sinks;
  }

  /** The name of the KafkaSink that {@code trigger}'s events enter through. */
  public static String intakeSinkName(Function function, String trigger) {
    return FunctionChildren.childName(function, trigger, "-in");
  }

  /** The PingSources, one per schedule trigger, by name; each sends to its intake sink. */
  public static Map<String, PingSource> pingSources(Function function, FunctionSettings settings) {
    Map<String, PingSource> sources = new LinkedHashMap<>();
    for (TriggerSettings trigger : settings.triggers()) {
      if (trigger.schedule().isEmpty()) {
        continue;
      }
      var schedule = trigger.schedule().get();
      var spec =
          new PingSourceSpecBuilder()
              .withSchedule(schedule.cron().expression())
              .withTimezone(schedule.zone().getId())
              .withSink(
                  new DestinationBuilder()
                      .withNewRef()
                      .withApiVersion(KAFKA_SINK_API)
                      .withKind("KafkaSink")
                      .withName(intakeSinkName(function, trigger.name()))
                      .endRef()
                      .build());
      schedule.data().ifPresent(data -> spec.withContentType("application/json").withData(data));
      schedule
          .type()
          .ifPresent(
              type ->
                  spec.withNewCeOverrides()
                      .withExtensions(Map.of(ScheduleEvents.TYPE_EXTENSION, type))
                      .endCeOverrides());
      PingSource source =
          new PingSourceBuilder()
              .withMetadata(FunctionChildren.triggerChild(function, trigger.name(), ""))
              .withSpec(spec.build())
              .build();
      sources.put(source.getMetadata().getName(), source);
    }
    return sources;
  }

  private static KafkaSink intakeSink(
      Function function, String trigger, String topic, PlatformDefaults defaults) {
    return new KafkaSinkBuilder()
        .withMetadata(FunctionChildren.triggerChild(function, trigger, "-in"))
        .withNewSpec()
        .withTopic(topic)
        .withBootstrapServers(defaults.kafkaBootstrapServers())
        .withContentMode("binary")
        .endSpec()
        .build();
  }

  /** The dead-letter KafkaSinks, one per trigger, by name. */
  public static Map<String, KafkaSink> deadLetterSinks(
      Function function, FunctionSettings settings, PlatformDefaults defaults) {
    Map<String, KafkaSink> sinks = new LinkedHashMap<>();
    for (TriggerSettings trigger : settings.triggers()) {
      KafkaSink sink = deadLetterSink(function, trigger, defaults);
      sinks.put(sink.getMetadata().getName(), sink);
    }
    return sinks;
  }

  static KafkaSource kafkaSource(
      Function function, TriggerSettings trigger, PlatformDefaults defaults) {
    var kafka = trigger.kafka().orElseThrow();
    return new KafkaSourceBuilder()
        .withMetadata(FunctionChildren.triggerChild(function, trigger.name(), ""))
        .withNewSpec()
        .withBootstrapServers(defaults.kafkaBootstrapServers())
        .withTopics(kafka.topics())
        .withConsumerGroup(kafka.consumerGroup())
        .withInitialOffset(kafka.fromLatest() ? "latest" : "earliest")
        .withOrdering(kafka.ordered() ? "ordered" : "unordered")
        .withDelivery(delivery(function, trigger))
        .withSink(subscriber(function, trigger))
        .endSpec()
        .build();
  }

  static io.fabric8.knative.eventing.v1.Trigger brokerTrigger(
      Function function, TriggerSettings trigger) {
    return new io.fabric8.knative.eventing.v1.TriggerBuilder()
        .withMetadata(FunctionChildren.triggerChild(function, trigger.name(), ""))
        .withNewSpec()
        .withBroker(trigger.broker().orElseThrow())
        .withFilters(filters(trigger.filter().orElse(null)))
        .withSubscriber(subscriber(function, trigger))
        .withDelivery(delivery(function, trigger))
        .endSpec()
        .build();
  }

  static KafkaSink deadLetterSink(
      Function function, TriggerSettings trigger, PlatformDefaults defaults) {
    return new KafkaSinkBuilder()
        .withMetadata(FunctionChildren.triggerChild(function, trigger.name(), "-dlq"))
        .withNewSpec()
        .withTopic(trigger.deadLetterTopic())
        .withBootstrapServers(defaults.kafkaBootstrapServers())
        .withContentMode("binary")
        .endSpec()
        .build();
  }

  static String deadLetterSinkName(Function function, String trigger) {
    return FunctionChildren.childName(function, trigger, "-dlq");
  }

  private static DeliverySpec delivery(Function function, TriggerSettings trigger) {
    var delivery = trigger.delivery();
    return new DeliverySpecBuilder()
        .withRetry(delivery.retries())
        .withBackoffPolicy(delivery.linear() ? "linear" : "exponential")
        .withBackoffDelay(Durations.iso(delivery.backoffDelay()))
        .withTimeout(Durations.iso(delivery.timeout()))
        .withDeadLetterSink(
            new DestinationBuilder()
                .withNewRef()
                .withApiVersion(KAFKA_SINK_API)
                .withKind("KafkaSink")
                .withName(deadLetterSinkName(function, trigger.name()))
                .endRef()
                .build())
        .build();
  }

  /**
   * One filter per attribute: knative/eventing {@code trigger_validation.go} ({@code
   * ValidateSingleAttributeMap}) allows exactly one key in an {@code exact} or {@code prefix}
   * filter; the filters of a list must all match.
   */
  private static List<SubscriptionsAPIFilter> filters(TriggerFilter filter) {
    List<SubscriptionsAPIFilter> filters = new ArrayList<>();
    if (filter == null) {
      return filters;
    }
    if (filter.type() != null) {
      filters.add(
          new SubscriptionsAPIFilterBuilder().withExact(Map.of("type", filter.type())).build());
    }
    if (filter.source() != null) {
      filters.add(
          new SubscriptionsAPIFilterBuilder().withExact(Map.of("source", filter.source())).build());
    }
    if (filter.typePrefix() != null) {
      filters.add(
          new SubscriptionsAPIFilterBuilder()
              .withPrefix(Map.of("type", filter.typePrefix()))
              .build());
    }
    return filters;
  }

  /** The Service, at the trigger's own path (with its token). */
  private static Destination subscriber(Function function, TriggerSettings trigger) {
    return new DestinationBuilder()
        .withNewRef()
        .withApiVersion(SERVING_V1)
        .withKind("Service")
        .withName(FunctionChildren.serviceName(function))
        .endRef()
        .withUri(trigger.deliveryUri())
        .build();
  }
}
