package dev.skyless.controller.function;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.api.v1alpha1.Trigger;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether the cluster has what a Function needs: Knative Serving always, the Kafka source and sink
 * for Kafka triggers and dead letters, Knative Eventing for Broker triggers. Answers are cached a
 * minute, so installing Knative later is noticed without a restart.
 */
public class Prerequisites {

  /** A missing CRD: the condition reason and what to install. */
  public record Missing(String reason, String message) {}

  static final String SERVING = "services.serving.knative.dev";
  static final String KAFKA_SOURCE = "kafkasources.sources.knative.dev";
  static final String KAFKA_SINK = "kafkasinks.eventing.knative.dev";
  static final String TRIGGER = "triggers.eventing.knative.dev";
  static final String PING_SOURCE = "pingsources.sources.knative.dev";
  static final String HTTP_ROUTE = "httproutes.gateway.networking.k8s.io";
  private static final Duration TTL = Duration.ofMinutes(1);

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<String, Instant> presentSince = new ConcurrentHashMap<>();

  public Prerequisites(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public Optional<Missing> missingFor(Function function) {
    if (!installed(SERVING)) {
      return Optional.of(
          new Missing(
              "KnativeServingMissing",
              "Knative Serving is not installed (no CRD "
                  + SERVING
                  + "): install Knative Serving"));
    }
    boolean kafka = function.getSpec().getAsync() != null;
    boolean broker = false;
    boolean schedule = false;
    for (Trigger trigger : function.getSpec().getTriggers()) {
      kafka |= trigger.getKafka() != null || trigger.getSchedule() != null;
      broker |= trigger.getBroker() != null;
      schedule |= trigger.getSchedule() != null;
    }
    if (schedule && !installed(PING_SOURCE)) {
      return Optional.of(
          new Missing(
              "PingSourceMissing",
              "schedule triggers need Knative Eventing's PingSource (no CRD "
                  + PING_SOURCE
                  + "): install Knative Eventing"));
    }
    var http = function.getSpec().getHttp();
    if (http != null && !http.getRoutes().isEmpty() && !installed(HTTP_ROUTE)) {
      return Optional.of(
          new Missing(
              "GatewayApiMissing",
              "routes need the Gateway API (no CRD "
                  + HTTP_ROUTE
                  + "): install its standard channel and a Gateway"));
    }
    if (kafka && !installed(KAFKA_SOURCE)) {
      return Optional.of(
          new Missing(
              "KafkaSourceMissing",
              "Kafka triggers need the Knative Kafka source (no CRD "
                  + KAFKA_SOURCE
                  + "): install eventing-kafka-broker's source"));
    }
    if (broker && !installed(TRIGGER)) {
      return Optional.of(
          new Missing(
              "KnativeEventingMissing",
              "Broker triggers need Knative Eventing (no CRD "
                  + TRIGGER
                  + "): install Knative Eventing"));
    }
    if ((kafka || broker) && !installed(KAFKA_SINK)) {
      return Optional.of(
          new Missing(
              "KafkaSinkMissing",
              "dead-letter topics need the Knative KafkaSink (no CRD "
                  + KAFKA_SINK
                  + "): install eventing-kafka-broker's sink"));
    }
    return Optional.empty();
  }

  private boolean installed(String crd) {
    Instant checked = presentSince.get(crd);
    if (checked != null && checked.plus(TTL).isAfter(clock.instant())) {
      return true;
    }
    boolean present =
        client.apiextensions().v1().customResourceDefinitions().withName(crd).get() != null;
    if (present) {
      presentSince.put(crd, clock.instant());
    }
    return present;
  }
}
