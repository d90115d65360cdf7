package dev.skyless.controller.function.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyless.api.admission.CrdValidator;
import dev.skyless.api.v1alpha1.Function;
import dev.skyless.controller.config.PlatformDefaults;
import dev.skyless.controller.testing.Desired;
import dev.skyless.controller.testing.Functions;
import dev.skyless.controller.testing.KnativeCrds;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every resource the builders generate passes the real Knative CRD schemas (strictly: a field the
 * schema does not know is a failure, except where Knative preserves unknown fields).
 */
class GeneratedResourcesMatchKnativeCrdsTest {

  static final PlatformDefaults DEFAULTS =
      PlatformDefaults.fromConfigMap(
          Map.of("kafka.bootstrapServers", "kafka-0:9092,kafka-1:9092", "gateway.name", "skyless"));

  private static CrdValidator service;
  private static CrdValidator kafkaSource;
  private static CrdValidator kafkaSink;
  private static CrdValidator trigger;

  @BeforeAll
  static void crds() throws Exception {
    KnativeCrds.assumePresent();
    service = KnativeCrds.service();
    kafkaSource = KnativeCrds.kafkaSource();
    kafkaSink = KnativeCrds.kafkaSink();
    trigger = KnativeCrds.trigger();
  }

  static Stream<Function> functions() {
    List<Function> all = new ArrayList<>(Functions.samples());
    all.add(
        Functions.withSpec(
            "everything",
            """
            handler: com.example.Everything
            env: [{name: A, value: b}, {name: PASSWORD, valueFrom: {secretKeyRef: {name: s, key: k}}}]
            envFrom: [{configMapRef: {name: settings}}]
            scale: {min: 1, max: 5, target: 20, containerConcurrency: 4, initial: 2, scaleDownDelay: 1m30s, retention: PT10S}
            timeout: 2m
            http: {visibility: cluster-local, rateLimit: {rps: 10}}
            triggers:
              - {name: orders, kafka: {topics: [a, b], ordering: unordered, initialOffset: latest}, filter: {type: t}, delivery: {retries: 2, backoff: linear, backoffDelay: 500ms}}
              - {name: placed, broker: {}, filter: {type: t, source: /s, typePrefix: com.}}
            events: {sink: 'http://broker-ingress.knative-eventing.svc/shop/default'}
            traffic: [{revision: everything-00001, percent: 50}, {latest: true, percent: 50, tag: next}]
            serviceAccountName: orders-reader
            automountServiceAccountToken: true
            imagePullSecrets: [{name: registry-shop}]
            """));
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void everyGeneratedResourcePassesItsKnativeSchema(Function function) throws Exception {
    List<String> problems = new ArrayList<>();
    check(service, Desired.service(function, DEFAULTS), problems);
    for (var source : Desired.kafkaSources(function, DEFAULTS).values()) {
      check(kafkaSource, source, problems);
    }
    for (var sink : Desired.deadLetterSinks(function, DEFAULTS).values()) {
      check(kafkaSink, sink, problems);
    }
    for (var brokerTrigger : Desired.brokerTriggers(function, DEFAULTS).values()) {
      check(trigger, brokerTrigger, problems);
    }

    assertThat(problems).isEmpty();
  }

  @org.junit.jupiter.api.Test
  @SuppressWarnings("unchecked")
  void theSchemaCheckRefusesWhatTheApiServerWouldRefuse() throws Exception {
    Function function =
        Functions.samples().stream()
            .filter(f -> f.getMetadata().getName().equals("inventory"))
            .findFirst()
            .orElseThrow();
    Map<String, Object> source =
        Serialization.jsonMapper()
            .convertValue(
                Desired.kafkaSources(function, DEFAULTS).values().iterator().next(), Map.class);
    ((Map<String, Object>) source.get("spec")).put("consumerGroupp", "typo");
    Map<String, Object> ksvc =
        Serialization.jsonMapper().convertValue(Desired.service(function, DEFAULTS), Map.class);
    Map<String, Object> template =
        (Map<String, Object>) ((Map<String, Object>) ksvc.get("spec")).get("template");
    ((Map<String, Object>) template.get("spec")).put("containerConcurrency", "lots");

    assertThat(kafkaSource.check(source)).anyMatch(p -> p.contains("consumerGroupp"));
    assertThat(service.check(ksvc)).anyMatch(p -> p.contains("containerConcurrency"));
  }

  @SuppressWarnings("unchecked")
  private static void check(CrdValidator crd, HasMetadata resource, List<String> problems)
      throws Exception {
    Map<String, Object> asMap = Serialization.jsonMapper().convertValue(resource, Map.class);
    for (String problem : crd.check(asMap)) {
      problems.add(resource.getKind() + " " + resource.getMetadata().getName() + ": " + problem);
    }
  }
}
