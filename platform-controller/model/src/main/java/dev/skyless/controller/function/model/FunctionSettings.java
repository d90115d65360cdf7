package dev.skyless.controller.function.model;

import dev.skyless.api.v1alpha1.Delivery;
import dev.skyless.api.v1alpha1.EventFilter;
import dev.skyless.api.v1alpha1.Function;
import dev.skyless.api.v1alpha1.FunctionSpec;
import dev.skyless.api.v1alpha1.HttpSettings;
import dev.skyless.api.v1alpha1.KafkaTrigger;
import dev.skyless.api.v1alpha1.Trigger;
import dev.skyless.contract.Durations;
import dev.skyless.contract.EventNaming;
import dev.skyless.contract.TriggerFilter;
import dev.skyless.contract.TriggerPaths;
import dev.skyless.contract.TriggerToken;
import dev.skyless.controller.config.PlatformDefaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A Function's effective settings: its spec with the platform defaults filled in, typed, and
 * checked against the rules Knative and the runtime apply to them ({@link KnativeRules}). Every
 * builder renders from this record, and {@code skyless dev} takes its scale and trigger settings
 * from it, so what runs locally is what a cluster would run.
 *
 * @param triggerToken the token of this Function's trigger deliveries ({@link TriggerToken})
 */
public record FunctionSettings(
    String namespace,
    String name,
    Duration timeout,
    Scale scale,
    boolean clusterLocal,
    String triggerToken,
    List<TriggerSettings> triggers) {

  /**
   * Autoscaling, effective.
   *
   * @param max 0: no limit
   * @param containerConcurrency 0: no limit
   */
  public record Scale(
      int min,
      int max,
      int target,
      OptionalInt initial,
      int containerConcurrency,
      Optional<Duration> scaleDownDelay,
      Optional<Duration> retention) {}

  /**
   * One trigger, effective.
   *
   * @param kafka present for a Kafka trigger
   * @param broker the Broker's name, present for a Broker trigger
   * @param deliveryUri path and query on the Service where its events arrive ({@link TriggerPaths})
   */
  public record TriggerSettings(
      String name,
      Optional<KafkaSettings> kafka,
      Optional<String> broker,
      Optional<TriggerFilter> filter,
      DeliverySettings delivery,
      String deadLetterTopic,
      String deliveryUri) {}

  /** What a Kafka trigger reads. */
  public record KafkaSettings(
      List<String> topics, String consumerGroup, boolean fromLatest, boolean ordered) {}

  /** Retries and the timeout of one attempt. */
  public record DeliverySettings(
      int retries, boolean linear, Duration backoffDelay, Duration timeout) {}

  /**
   * Resolves and checks {@code function}'s settings.
   *
   * @param triggerKey the controller's key for trigger tokens (may be empty)
   * @throws InvalidSpecException naming the field and the rule, in one sentence
   */
  public static FunctionSettings of(
      Function function, PlatformDefaults defaults, byte[] triggerKey) {
    FunctionSpec spec = function.getSpec();
    String namespace = Objects.requireNonNullElse(function.getMetadata().getNamespace(), "default");
    String name = function.getMetadata().getName();
    KnativeRules.checkName(name);
    Duration timeout =
        spec.getTimeout() == null
            ? defaults.timeout()
            : duration("spec.timeout", spec.getTimeout());
    KnativeRules.checkTimeout("spec.timeout", timeout, defaults);
    Scale scale = scale(spec.getScale(), defaults);
    KnativeRules.checkScale(scale, defaults);
    KnativeRules.checkTraffic(name, spec.getTraffic());
    KnativeRules.checkEnv(spec.getEnv());
    KnativeRules.checkResources(spec.getResources());
    HttpSettings http = spec.getHttp();
    boolean clusterLocal =
        http != null && http.getVisibility() == HttpSettings.Visibility.CLUSTER_LOCAL;
    String token =
        TriggerToken.derive(
            triggerKey,
            namespace,
            name,
            Objects.requireNonNullElse(function.getMetadata().getUid(), ""));
    List<TriggerSettings> triggers = new ArrayList<>();
    for (Trigger trigger : spec.getTriggers()) {
      triggers.add(trigger(namespace, name, trigger, timeout, defaults, token));
    }
    return new FunctionSettings(
        namespace, name, timeout, scale, clusterLocal, token, List.copyOf(triggers));
  }

  private static Scale scale(dev.skyless.api.v1alpha1.Scale given, PlatformDefaults defaults) {
    var scale = given == null ? new dev.skyless.api.v1alpha1.Scale() : given;
    return new Scale(
        or(scale.getMin(), defaults.minScale()),
        or(scale.getMax(), defaults.maxScale()),
        or(scale.getTarget(), defaults.target()),
        scale.getInitial() == null ? OptionalInt.empty() : OptionalInt.of(scale.getInitial()),
        or(scale.getContainerConcurrency(), 0),
        Optional.ofNullable(scale.getScaleDownDelay())
            .map(d -> duration("spec.scale.scaleDownDelay", d)),
        Optional.ofNullable(scale.getRetention()).map(d -> duration("spec.scale.retention", d)));
  }

  private static TriggerSettings trigger(
      String namespace,
      String function,
      Trigger trigger,
      Duration functionTimeout,
      PlatformDefaults defaults,
      String token) {
    String field = "spec.triggers[" + trigger.getName() + "]";
    if (defaults.kafkaBootstrapServers().isEmpty()) {
      throw new InvalidSpecException(
          field,
          "needs Kafka (every trigger has a dead-letter topic), but the platform ConfigMap sets no "
              + PlatformDefaults.KAFKA_BOOTSTRAP_SERVERS);
    }
    Optional<KafkaSettings> kafka = Optional.empty();
    Optional<String> broker = Optional.empty();
    if (trigger.getKafka() != null) {
      KafkaTrigger k = trigger.getKafka();
      kafka =
          Optional.of(
              new KafkaSettings(
                  List.copyOf(k.getTopics()),
                  k.getConsumerGroup() != null
                      ? k.getConsumerGroup()
                      : EventNaming.consumerGroup(namespace, function, trigger.getName()),
                  k.getInitialOffset() == KafkaTrigger.InitialOffset.LATEST,
                  k.getOrdering() != KafkaTrigger.Ordering.UNORDERED));
    } else {
      broker =
          Optional.of(
              trigger.getBroker().getName() != null
                  ? trigger.getBroker().getName()
                  : defaults.defaultBroker());
    }
    Delivery delivery = trigger.getDelivery() == null ? new Delivery() : trigger.getDelivery();
    Duration timeout =
        delivery.getTimeout() == null
            ? functionTimeout
            : duration(field + ".delivery.timeout", delivery.getTimeout());
    KnativeRules.checkPositive(field + ".delivery.timeout", timeout);
    Duration backoffDelay =
        delivery.getBackoffDelay() == null
            ? defaults.backoffDelay()
            : duration(field + ".delivery.backoffDelay", delivery.getBackoffDelay());
    String deadLetterTopic =
        delivery.getDeadLetterTopic() != null
            ? delivery.getDeadLetterTopic()
            : EventNaming.deadLetterTopic(
                namespace,
                function,
                trigger.getName(),
                kafka.map(KafkaSettings::topics).orElse(List.of()),
                defaults.deadLetterSuffix());
    if (kafka.isPresent() && kafka.get().topics().contains(deadLetterTopic)) {
      throw new InvalidSpecException(
          field + ".delivery.deadLetterTopic",
          "'"
              + deadLetterTopic
              + "' is also a topic the trigger reads, so dead letters would loop");
    }
    return new TriggerSettings(
        trigger.getName(),
        kafka,
        broker,
        filter(trigger.getFilter()),
        new DeliverySettings(
            delivery.getRetries() != null ? delivery.getRetries() : defaults.retries(),
            delivery.getBackoff() == Delivery.BackoffPolicy.LINEAR,
            backoffDelay,
            timeout),
        deadLetterTopic,
        TriggerPaths.uri(trigger.getName(), Optional.of(token)));
  }

  private static Optional<TriggerFilter> filter(EventFilter filter) {
    if (filter == null) {
      return Optional.empty();
    }
    TriggerFilter f =
        new TriggerFilter(filter.getType(), filter.getSource(), filter.getTypePrefix());
    return f.isEmpty() ? Optional.empty() : Optional.of(f);
  }

  static Duration duration(String field, String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException(field, e.getMessage());
    }
  }

  private static int or(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
