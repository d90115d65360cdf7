package dev.skyless.controller.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyless.api.v1alpha1.Function;
import dev.skyless.controller.config.PlatformDefaults;
import dev.skyless.controller.function.dependent.ChildHash;
import dev.skyless.controller.testing.ControllerHarness;
import dev.skyless.controller.testing.Desired;
import dev.skyless.controller.testing.FakeGarbageCollector;
import dev.skyless.controller.testing.FakeKnative;
import dev.skyless.controller.testing.Functions;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1beta1.KafkaSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every spec field, added, changed and removed: after each reconcile every child equals the pure
 * builders' output (names, specs, labels, annotations), on the mock API server with the real
 * reconciler. Removals are where matchers lie, so each row ends with the field gone.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ChangePropagationIT {

  KubernetesClient client;

  private static final String NS = "shop";
  private static final Map<String, String> PLATFORM =
      Map.of("kafka.bootstrapServers", "kafka:9092");

  /** A field: the spec lines with it, with it changed, and without it. */
  record Row(String field, String with, String changed, String without) {}

  static List<Row> rows() {
    String kafka = "triggers: [{name: t, kafka: {topics: [t1]}}]";
    return List.of(
        new Row("image", "image: r/a:1", "image: r/a:2", "image: r/a:1"),
        new Row("handler", "handler: a.B", "handler: a.C", ""),
        new Row(
            "env",
            "env: [{name: A, value: '1'}, {name: B, value: '2'}]",
            "env: [{name: A, value: '3'}]",
            ""),
        new Row(
            "env from a secret",
            "env: [{name: S, valueFrom: {secretKeyRef: {name: s, key: k}}}]",
            "env: [{name: S, valueFrom: {secretKeyRef: {name: s2, key: k}}}]",
            ""),
        new Row(
            "envFrom",
            "envFrom: [{secretRef: {name: s}}]",
            "envFrom: [{configMapRef: {name: c}}]",
            ""),
        new Row(
            "resources",
            "resources: {limits: {memory: 512Mi}}",
            "resources: {limits: {memory: 1Gi}, requests: {cpu: 200m}}",
            ""),
        new Row("scale.min", "scale: {min: 1}", "scale: {min: 2}", ""),
        new Row("scale.max", "scale: {max: 4}", "scale: {max: 0}", ""),
        new Row("scale.target", "scale: {target: 10}", "scale: {target: 20}", ""),
        new Row(
            "scale.containerConcurrency",
            "scale: {containerConcurrency: 4}",
            "scale: {containerConcurrency: 8}",
            ""),
        new Row("scale.initial", "scale: {initial: 2}", "scale: {initial: 3}", ""),
        new Row(
            "scale.scaleDownDelay",
            "scale: {scaleDownDelay: 1m}",
            "scale: {scaleDownDelay: 2m}",
            ""),
        new Row("scale.retention", "scale: {retention: 30s}", "scale: {retention: 1m}", ""),
        new Row("timeout", "timeout: 10s", "timeout: 1m30s", ""),
        new Row(
            "http.visibility",
            "http: {visibility: cluster-local}",
            "http: {visibility: public}",
            ""),
        new Row(
            "http.auth.jwt",
            "http: {auth: {jwt: {jwksUri: 'https://id/jwks', issuer: i}}}",
            "http: {auth: {jwt: {jwksUri: 'https://id/jwks'}}}",
            ""),
        new Row(
            "http.rateLimit",
            "http: {rateLimit: {rps: 5, burst: 10}}",
            "http: {rateLimit: {rps: 7}}",
            ""),
        new Row("events.topic", "events: {topic: out}", "events: {topic: out2}", ""),
        new Row(
            "events.sink",
            "events: {sink: 'http://b.example'}",
            "events: {sink: 'http://c.example'}",
            ""),
        new Row(
            "traffic",
            "traffic: [{latest: true, percent: 100, tag: now}]",
            "traffic: [{latest: true, percent: 90}, {revision: fn-00001, percent: 10, tag: old}]",
            ""),
        new Row("a Kafka trigger", kafka, "triggers: [{name: t, kafka: {topics: [t1, t2]}}]", ""),
        new Row(
            "a Kafka trigger's topics",
            "triggers: [{name: t, kafka: {topics: [t1, t2]}}]",
            "triggers: [{name: t, kafka: {topics: [t3, t2]}}]",
            kafka),
        new Row(
            "a Kafka trigger's filter",
            "triggers: [{name: t, kafka: {topics: [t1]}, filter: {type: a}}]",
            "triggers: [{name: t, kafka: {topics: [t1]}, filter: {typePrefix: b}}]",
            kafka),
        new Row(
            "a Kafka trigger's ordering and offset",
            "triggers: [{name: t, kafka: {topics: [t1], ordering: unordered, initialOffset: latest}}]",
            "triggers: [{name: t, kafka: {topics: [t1], ordering: ordered}}]",
            kafka),
        new Row(
            "a Kafka trigger's consumer group (immutable)",
            "triggers: [{name: t, kafka: {topics: [t1], consumerGroup: g1}}]",
            "triggers: [{name: t, kafka: {topics: [t1], consumerGroup: g2}}]",
            kafka),
        new Row(
            "a trigger's delivery",
            "triggers: [{name: t, kafka: {topics: [t1]}, delivery: {retries: 2, backoff: linear, backoffDelay: 1s, timeout: 5s}}]",
            "triggers: [{name: t, kafka: {topics: [t1]}, delivery: {retries: 3}}]",
            kafka),
        new Row(
            "a dead-letter topic (immutable)",
            "triggers: [{name: t, kafka: {topics: [t1]}, delivery: {deadLetterTopic: d1}}]",
            "triggers: [{name: t, kafka: {topics: [t1]}, delivery: {deadLetterTopic: d2}}]",
            kafka),
        new Row(
            "a Broker trigger",
            "triggers: [{name: b, broker: {}}]",
            "triggers: [{name: b, broker: {}, filter: {type: x, source: /y}}]",
            ""),
        new Row(
            "a Broker trigger's broker (immutable)",
            "triggers: [{name: b, broker: {name: one}}]",
            "triggers: [{name: b, broker: {name: two}}]",
            "triggers: [{name: b, broker: {}}]"));
  }

  @Test
  void everyFieldAddedChangedAndRemovedReachesEveryChild() throws Exception {
    ControllerHarness.installCrds(client, true);
    ControllerHarness.platformConfigMap(client, PLATFORM);
    List<String> checked = new ArrayList<>();
    try (var knative = new FakeKnative(client);
        var gc = new FakeGarbageCollector(client);
        var controller = ControllerHarness.start(client)) {
      int n = 0;
      for (Row row : rows()) {
        String name = "fn" + n++;
        client.resource(function(name, row.with())).create();
        converges(name, row.field() + ", added");
        for (String step : List.of(row.changed(), row.without())) {
          Function next = function(name, step);
          ControllerHarness.edit(
              client,
              NS,
              name,
              f -> {
                f.setSpec(next.getSpec());
                return f;
              });
          converges(name, row.field() + (step == row.changed() ? ", changed" : ", removed"));
        }
        checked.add(row.field());
      }
    }
    assertThat(checked).hasSize(rows().size());
  }

  /** A Function with the row's spec lines ({@code image: x} sets the required image). */
  private static Function function(String name, String lines) {
    if (lines.startsWith("image:")) {
      Function function = Functions.withSpec(name, "");
      function.getSpec().setImage(lines.substring("image:".length()).trim());
      return function;
    }
    return Functions.withSpec(name, lines.replace("fn-00001", name + "-00001"));
  }

  private void converges(String name, String step) {
    await()
        .alias(step)
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Function live = client.resources(Function.class).inNamespace(NS).withName(name).get();
              PlatformDefaults defaults = PlatformDefaults.fromConfigMap(PLATFORM);
              assertThat(children(Service.class, name))
                  .as(step + ": Service")
                  .isEqualTo(expected(Map.of(name, Desired.service(live, defaults))));
              assertThat(children(KafkaSource.class, name))
                  .as(step + ": KafkaSources")
                  .isEqualTo(expected(Desired.kafkaSources(live, defaults)));
              assertThat(children(KafkaSink.class, name))
                  .as(step + ": KafkaSinks")
                  .isEqualTo(expected(Desired.deadLetterSinks(live, defaults)));
              assertThat(children(Trigger.class, name))
                  .as(step + ": Triggers")
                  .isEqualTo(expected(Desired.brokerTriggers(live, defaults)));
              assertThat(live.getStatus().getObservedGeneration())
                  .as(step + ": observed")
                  .isEqualTo(live.getMetadata().getGeneration());
              assertThat(live.getStatus().getConditions())
                  .as(
                      step
                          + ": Ready; Service generation "
                          + client
                              .resources(Service.class)
                              .inNamespace(NS)
                              .withName(name)
                              .get()
                              .getMetadata()
                              .getGeneration()
                          + " status "
                          + Serialization.asJson(
                              client
                                  .resources(Service.class)
                                  .inNamespace(NS)
                                  .withName(name)
                                  .get()
                                  .getStatus()))
                  .anySatisfy(
                      c -> {
                        assertThat(c.getType()).isEqualTo("Ready");
                        assertThat(c.getStatus()).isEqualTo("True");
                      });
            });
  }

  /**
   * What a child is compared on: spec, labels, annotations; set aside are the hash and the
   * annotation JOSDK itself adds to recognise its own updates.
   */
  private static Map<String, JsonNode> expected(Map<String, ? extends HasMetadata> desired) {
    return desired.values().stream()
        .collect(
            Collectors.toMap(
                r -> r.getMetadata().getName(),
                ChangePropagationIT::compared,
                (a, b) -> a,
                TreeMap::new));
  }

  private <R extends HasMetadata> Map<String, JsonNode> children(Class<R> type, String function) {
    return client.resources(type).inNamespace(NS).list().getItems().stream()
        .filter(
            r ->
                function.equals(
                    r.getMetadata().getLabels() == null
                        ? null
                        : r.getMetadata().getLabels().get("skyless.dev/function")))
        .filter(r -> r.getMetadata().getDeletionTimestamp() == null)
        .collect(
            Collectors.toMap(
                r -> r.getMetadata().getName(),
                ChangePropagationIT::compared,
                (a, b) -> a,
                TreeMap::new));
  }

  private static JsonNode compared(HasMetadata resource) {
    var tree = Serialization.jsonMapper().createObjectNode();
    JsonNode whole = Serialization.jsonMapper().valueToTree(resource);
    tree.set("spec", whole.path("spec"));
    tree.set("labels", whole.path("metadata").path("labels"));
    var annotations = whole.path("metadata").path("annotations").deepCopy();
    if (annotations instanceof com.fasterxml.jackson.databind.node.ObjectNode a) {
      a.remove(ChildHash.ANNOTATION);
      a.remove("javaoperatorsdk.io/previous");
      if (a.isEmpty()) {
        annotations = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
      }
    }
    tree.set("annotations", annotations);
    return tree;
  }
}
