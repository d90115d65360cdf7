package dev.skyless.controller.function.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyless.api.v1alpha1.Delivery;
import dev.skyless.api.v1alpha1.EventFilter;
import dev.skyless.api.v1alpha1.Function;
import dev.skyless.api.v1alpha1.FunctionSpec;
import dev.skyless.api.v1alpha1.HttpSettings;
import dev.skyless.api.v1alpha1.KafkaTrigger;
import dev.skyless.api.v1alpha1.Trigger;
import dev.skyless.contract.AsyncInvocations;
import dev.skyless.contract.CronSchedule;
import dev.skyless.contract.Durations;
import dev.skyless.contract.EventNaming;
import dev.skyless.contract.RoutePattern;
import dev.skyless.contract.TriggerFilter;
import dev.skyless.contract.TriggerPaths;
import dev.skyless.contract.TriggerToken;
import dev.skyless.controller.config.PlatformDefaults;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * @param triggers the spec's triggers, then those of {@code spec.async} ({@link AsyncInvocations})
 * @param routes {@code spec.http.routes}, parsed
 */
public record FunctionSettings(
    String namespace,
    String name,
    Duration timeout,
    Scale scale,
    boolean clusterLocal,
    String triggerToken,
    List<TriggerSettings> triggers,
    Optional<AsyncSettings> async,
    List<RoutePattern> routes,
    Optional<CorsSettings> cors) {

  /**
   * Async invocations, effective.
   *
   * @param topic where calls wait ({@link EventNaming#asyncTopic})
   */
  public record AsyncSettings(
      String topic, Optional<String> onSuccess, Optional<String> onFailure) {}

  /** CORS, effective: the Gateway's filter and {@code skyless dev}'s gateway answer from it. */
  public record CorsSettings(
      List<String> allowOrigins,
      List<String> allowMethods,
      List<String> allowHeaders,
      List<String> exposeHeaders,
      boolean allowCredentials,
      int maxAgeSeconds) {}

  /**
   * A schedule trigger, effective.
   *
   * @param topic where firings pass on their way to the function ({@link
   *     EventNaming#scheduleTopic})
   * @param data the JSON data as text; empty for none
   */
  public record ScheduleSettings(
      CronSchedule cron, ZoneId zone, Optional<String> type, Optional<String> data, String topic) {}

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
   * @param schedule present for a schedule trigger (which reads its {@code kafka} topic too)
   * @param deliveryUri path and query on the Service where its events arrive ({@link TriggerPaths})
   */
  public record TriggerSettings(
      String name,
      Optional<KafkaSettings> kafka,
      Optional<String> broker,
      Optional<ScheduleSettings> schedule,
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
      if (AsyncInvocations.RESERVED_TRIGGERS.contains(trigger.getName())) {
        throw new InvalidSpecException(
            "spec.triggers[" + trigger.getName() + "].name",
            "the trigger names async and async-failure are kept for spec.async");
      }
      triggers.add(trigger(namespace, name, trigger, timeout, defaults, token));
    }
    Optional<AsyncSettings> async = Optional.empty();
    if (spec.getAsync() != null) {
      async = Optional.of(async(namespace, name, spec.getAsync()));
      triggers.addAll(
          asyncTriggers(namespace, name, spec.getAsync(), async.get(), timeout, defaults, token));
    }
    List<RoutePattern> routes = routes(http);
    Optional<CorsSettings> cors = cors(http);
    if (!routes.isEmpty() && defaults.routing().gatewayName().isEmpty()) {
      throw new InvalidSpecException(
          "spec.http.routes",
          "needs the platform's Gateway, but the platform ConfigMap sets no "
              + PlatformDefaults.GATEWAY_NAME);
    }
    return new FunctionSettings(
        namespace,
        name,
        timeout,
        scale,
        clusterLocal,
        token,
        List.copyOf(triggers),
        async,
        routes,
        cors);
  }

  private static AsyncSettings async(
      String namespace, String function, dev.skyless.api.v1alpha1.AsyncSettings async) {
    String topic = EventNaming.asyncTopic(namespace, function);
    for (var destination :
        List.of(
            Map.entry("onSuccess", Optional.ofNullable(async.getOnSuccess())),
            Map.entry("onFailure", Optional.ofNullable(async.getOnFailure())))) {
      if (destination.getValue().filter(topic::equals).isPresent()) {
        throw new InvalidSpecException(
            "spec.async." + destination.getKey(),
            "'" + topic + "' is the topic async calls wait in, so results would be called again");
      }
    }
    return new AsyncSettings(
        topic,
        Optional.ofNullable(async.getOnSuccess()),
        Optional.ofNullable(async.getOnFailure()));
  }

  /**
   * The trigger that delivers async calls from their topic, and with {@code onFailure} the one that
   * reads their dead letters, so the runtime can write each failure to the destination.
   */
  private static List<TriggerSettings> asyncTriggers(
      String namespace,
      String function,
      dev.skyless.api.v1alpha1.AsyncSettings spec,
      AsyncSettings async,
      Duration functionTimeout,
      PlatformDefaults defaults,
      String token) {
    Trigger calls = new Trigger();
    calls.setName(AsyncInvocations.TRIGGER);
    calls.setDelivery(spec.getDelivery());
    KafkaTrigger kafka = new KafkaTrigger();
    kafka.setTopics(List.of(async.topic()));
    kafka.setOrdering(KafkaTrigger.Ordering.UNORDERED);
    calls.setKafka(kafka);
    TriggerSettings callTrigger =
        trigger(namespace, function, calls, "spec.async", functionTimeout, defaults, token);
    List<TriggerSettings> triggers = new ArrayList<>(List.of(callTrigger));
    if (async.onFailure().isPresent()) {
      Trigger failures = new Trigger();
      failures.setName(AsyncInvocations.FAILURE_TRIGGER);
      KafkaTrigger letters = new KafkaTrigger();
      letters.setTopics(List.of(callTrigger.deadLetterTopic()));
      failures.setKafka(letters);
      triggers.add(
          trigger(
              namespace,
              function,
              failures,
              "spec.async.onFailure",
              functionTimeout,
              defaults,
              token));
    }
    return triggers;
  }

  private static List<RoutePattern> routes(HttpSettings http) {
    List<RoutePattern> routes = new ArrayList<>();
    if (http == null) {
      return routes;
    }
    for (int i = 0; i < http.getRoutes().size(); i++) {
      var route = http.getRoutes().get(i);
      try {
        routes.add(RoutePattern.of(route.getMethod(), route.getPath()));
      } catch (IllegalArgumentException e) {
        throw new InvalidSpecException("spec.http.routes[" + i + "]", e.getMessage());
      }
    }
    for (int i = 0; i < routes.size(); i++) {
      for (int j = i + 1; j < routes.size(); j++) {
        if (routes.get(i).conflictsWith(routes.get(j))) {
          throw new InvalidSpecException(
              "spec.http.routes[" + j + "]",
              "'" + routes.get(j) + "' overlaps '" + routes.get(i) + "' of the same Function");
        }
      }
    }
    return List.copyOf(routes);
  }

  private static Optional<CorsSettings> cors(HttpSettings http) {
    if (http == null || http.getCors() == null) {
      return Optional.empty();
    }
    var cors = http.getCors();
    if (cors.getAllowOrigins().isEmpty()) {
      throw new InvalidSpecException("spec.http.cors.allowOrigins", "names no origin");
    }
    return Optional.of(
        new CorsSettings(
            List.copyOf(cors.getAllowOrigins()),
            cors.getAllowMethods().isEmpty()
                ? List.of("GET", "HEAD", "POST")
                : cors.getAllowMethods().stream()
                    .map(m -> m.toUpperCase(java.util.Locale.ROOT))
                    .toList(),
            List.copyOf(cors.getAllowHeaders()),
            List.copyOf(cors.getExposeHeaders()),
            Boolean.TRUE.equals(cors.getAllowCredentials()),
            cors.getMaxAge() == null ? 5 : cors.getMaxAge()));
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
    return trigger(
        namespace,
        function,
        trigger,
        "spec.triggers[" + trigger.getName() + "]",
        functionTimeout,
        defaults,
        token);
  }

  private static TriggerSettings trigger(
      String namespace,
      String function,
      Trigger trigger,
      String field,
      Duration functionTimeout,
      PlatformDefaults defaults,
      String token) {
    if (defaults.kafkaBootstrapServers().isEmpty()) {
      throw new InvalidSpecException(
          field,
          "needs Kafka (every trigger has a dead-letter topic), but the platform ConfigMap sets no "
              + PlatformDefaults.KAFKA_BOOTSTRAP_SERVERS);
    }
    Optional<KafkaSettings> kafka = Optional.empty();
    Optional<String> broker = Optional.empty();
    Optional<ScheduleSettings> schedule = Optional.empty();
    if (trigger.getSchedule() != null) {
      schedule = Optional.of(schedule(namespace, function, trigger, field));
      kafka =
          Optional.of(
              new KafkaSettings(
                  List.of(schedule.get().topic()),
                  EventNaming.consumerGroup(namespace, function, trigger.getName()),
                  false,
                  true));
    } else if (trigger.getKafka() != null) {
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
        schedule,
        filter(trigger.getFilter()),
        new DeliverySettings(
            delivery.getRetries() != null ? delivery.getRetries() : defaults.retries(),
            delivery.getBackoff() == Delivery.BackoffPolicy.LINEAR,
            backoffDelay,
            timeout),
        deadLetterTopic,
        TriggerPaths.uri(trigger.getName(), Optional.of(token)));
  }

  private static ScheduleSettings schedule(
      String namespace, String function, Trigger trigger, String field) {
    var spec = trigger.getSchedule();
    CronSchedule cron;
    try {
      cron = CronSchedule.parse(spec.getCron());
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException(field + ".schedule.cron", e.getMessage());
    }
    ZoneId zone = ZoneId.of("UTC");
    if (spec.getTimeZone() != null) {
      try {
        zone = CronSchedule.zone(spec.getTimeZone());
      } catch (IllegalArgumentException e) {
        throw new InvalidSpecException(field + ".schedule.timeZone", e.getMessage());
      }
    }
    return new ScheduleSettings(
        cron,
        zone,
        Optional.ofNullable(spec.getType()),
        Optional.ofNullable(spec.getData()).map(JsonNode::toString),
        EventNaming.scheduleTopic(namespace, function, trigger.getName()));
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
