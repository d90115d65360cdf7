package dev.skyless.controller.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.controller.function.model.KnativeServiceModel;
import dev.skyless.controller.testing.ControllerHarness;
import dev.skyless.controller.testing.FakeKnative;
import dev.skyless.controller.testing.Functions;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.eventing.v1alpha1.KafkaSink;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1beta1.KafkaSource;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The controller end to end on fabric8's mock API server (CRUD mode), with a fake Knative. */
@EnableKubernetesMockClient(crud = true, https = false)
class FunctionReconcilerIT {

  KubernetesMockServer server;
  KubernetesClient client;

  private static final String NS = "shop";

  private Function create(String name, String spec) {
    return client.resource(Functions.withSpec(name, spec)).create();
  }

  private Function get(String name) {
    return client.resources(Function.class).inNamespace(NS).withName(name).get();
  }

  private static Optional<Condition> condition(Function function, String type) {
    if (function == null || function.getStatus() == null) {
      return Optional.empty();
    }
    return function.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst();
  }

  private void awaitReady(String name, String status, String reason) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(condition(get(name), "Ready"))
                    .hasValueSatisfying(
                        c -> {
                          assertThat(c.getStatus()).isEqualTo(status);
                          if (reason != null) {
                            assertThat(c.getReason()).isEqualTo(reason);
                          }
                        }));
  }

  private <R extends io.fabric8.kubernetes.api.model.HasMetadata> List<R> list(Class<R> type) {
    return client.resources(type).inNamespace(NS).list().getItems();
  }

  @Test
  void createsTheServiceAndWiringThenReportsReadyWithTheUrl() throws Exception {
    ControllerHarness.installCrds(client, true);
    try (var knative = new FakeKnative(client);
        var controller = ControllerHarness.start(client)) {
      create(
          "inventory",
          """
          scale: {min: 1, max: 4}
          triggers:
            - {name: orders, kafka: {topics: [shop.orders]}}
            - {name: placed, broker: {}, filter: {type: com.example.placed}}
          """);

      awaitReady("inventory", "True", "Ready");
      Function ready = get("inventory");
      assertThat(ready.getStatus().getUrl()).isEqualTo("http://inventory.shop.example.com");
      assertThat(ready.getStatus().getLatestReadyRevision()).isEqualTo("inventory-00001");
      assertThat(ready.getStatus().getObservedGeneration())
          .isEqualTo(ready.getMetadata().getGeneration());
      assertThat(condition(ready, "ServiceReady"))
          .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
      assertThat(condition(ready, "TriggersReady"))
          .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));

      Service service = client.resources(Service.class).inNamespace(NS).withName("inventory").get();
      assertThat(service.getSpec().getTemplate().getMetadata().getAnnotations())
          .containsEntry(KnativeServiceModel.AUTOSCALING + "min-scale", "1")
          .containsEntry(KnativeServiceModel.AUTOSCALING + "max-scale", "4");
      assertThat(service.getMetadata().getOwnerReferences())
          .anySatisfy(o -> assertThat(o.getUid()).isEqualTo(ready.getMetadata().getUid()));
      assertThat(list(KafkaSource.class))
          .extracting(s -> s.getMetadata().getName())
          .containsExactly("inventory-orders");
      assertThat(list(Trigger.class))
          .extracting(t -> t.getMetadata().getName())
          .containsExactly("inventory-placed");
      assertThat(list(KafkaSink.class))
          .extracting(k -> k.getMetadata().getName())
          .containsExactlyInAnyOrder("inventory-orders-dlq", "inventory-placed-dlq");
    }
  }

  @Test
  void aSpecChangeUpdatesChildrenInPlaceAndRemovedTriggersLoseTheirSources() throws Exception {
    ControllerHarness.installCrds(client, true);
    try (var knative = new FakeKnative(client);
        var controller = ControllerHarness.start(client)) {
      create("orders", "scale: {max: 3}\ntriggers: [{name: a, kafka: {topics: [t1]}}]");
      awaitReady("orders", "True", null);

      var added =
          Functions.withSpec("x", "triggers: [{name: b, kafka: {topics: [t2]}}]")
              .getSpec()
              .getTriggers();
      // edit() patches the latest version; a plain update could race the controller's status patch.
      ControllerHarness.edit(
          client,
          NS,
          "orders",
          f -> {
            f.getSpec().getScale().setMax(9);
            f.getSpec().getTriggers().addAll(added);
            return f;
          });

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                Service service =
                    client.resources(Service.class).inNamespace(NS).withName("orders").get();
                assertThat(service.getSpec().getTemplate().getMetadata().getAnnotations())
                    .containsEntry(KnativeServiceModel.AUTOSCALING + "max-scale", "9");
                assertThat(list(KafkaSource.class))
                    .extracting(s -> s.getMetadata().getName())
                    .containsExactlyInAnyOrder("orders-a", "orders-b");
              });

      ControllerHarness.edit(
          client,
          NS,
          "orders",
          f -> {
            f.getSpec().getTriggers().removeIf(t -> t.getName().equals("a"));
            return f;
          });

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(list(KafkaSource.class))
                      .extracting(s -> s.getMetadata().getName())
                      .containsExactly("orders-b"));
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(get("orders").getStatus().getObservedGeneration())
                      .isEqualTo(get("orders").getMetadata().getGeneration()));
      assertThat(list(Service.class)).hasSize(1);
    }
  }

  @Test
  void eachFunctionRunsAsItsOwnServiceAccountUntilItNamesOne() throws Exception {
    ControllerHarness.installCrds(client, true);
    try (var knative = new FakeKnative(client);
        var controller = ControllerHarness.start(client)) {
      create("payments", "imagePullSecrets: [{name: registry-payments}]");
      awaitReady("payments", "True", null);

      ServiceAccount own =
          client.resources(ServiceAccount.class).inNamespace(NS).withName("payments").get();
      assertThat(own.getAutomountServiceAccountToken()).isFalse();
      assertThat(own.getMetadata().getOwnerReferences())
          .anySatisfy(
              o -> assertThat(o.getUid()).isEqualTo(get("payments").getMetadata().getUid()));
      var pod =
          client
              .resources(Service.class)
              .inNamespace(NS)
              .withName("payments")
              .get()
              .getSpec()
              .getTemplate()
              .getSpec();
      assertThat(pod.getServiceAccountName()).isEqualTo("payments");
      assertThat(pod.getAutomountServiceAccountToken()).isFalse();
      assertThat(pod.getImagePullSecrets())
          .extracting(r -> r.getName())
          .containsExactly("registry-payments");

      // Naming one of its own: the pods switch to it and the made one goes.
      ControllerHarness.edit(
          client,
          NS,
          "payments",
          f -> {
            f.getSpec().setServiceAccountName("payments-team");
            f.getSpec().setAutomountServiceAccountToken(true);
            f.getSpec().getImagePullSecrets().clear();
            return f;
          });
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                var spec =
                    client
                        .resources(Service.class)
                        .inNamespace(NS)
                        .withName("payments")
                        .get()
                        .getSpec()
                        .getTemplate()
                        .getSpec();
                assertThat(spec.getServiceAccountName()).isEqualTo("payments-team");
                assertThat(spec.getAutomountServiceAccountToken()).isTrue();
                assertThat(spec.getImagePullSecrets()).isEmpty();
                assertThat(list(ServiceAccount.class)).isEmpty();
              });
    }
  }

  @Test
  void deletingTheFunctionLeavesNothingBehindAndNothingIsRecreated() throws Exception {
    ControllerHarness.installCrds(client, true);
    try (var knative = new FakeKnative(client);
        var gc = new dev.skyless.controller.testing.FakeGarbageCollector(client);
        var controller = ControllerHarness.start(client)) {
      create("gone", "triggers: [{name: a, kafka: {topics: [t]}}, {name: b, broker: {}}]");
      awaitReady("gone", "True", null);

      client.resources(Function.class).inNamespace(NS).withName("gone").delete();

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                assertThat(list(Service.class)).isEmpty();
                assertThat(list(KafkaSource.class)).isEmpty();
                assertThat(list(KafkaSink.class)).isEmpty();
                assertThat(list(Trigger.class)).isEmpty();
                assertThat(list(ServiceAccount.class)).isEmpty();
              });
      Thread.sleep(2000);
      assertThat(list(Service.class)).as("not recreated").isEmpty();
      assertThat(list(KafkaSource.class)).as("not recreated").isEmpty();
    }
  }

  @Test
  void aSpecThatCannotBeBuiltIsReportedAsInvalidSpec() throws Exception {
    ControllerHarness.installCrds(client, true);
    try (var knative = new FakeKnative(client);
        var controller = ControllerHarness.start(client)) {
      create("f".repeat(40), "triggers: [{name: " + "t".repeat(30) + ", broker: {}}]");

      awaitReady("f".repeat(40), "False", "InvalidSpec");
      assertThat(condition(get("f".repeat(40)), "Ready").orElseThrow().getMessage())
          .contains("shorten the trigger name");
      assertThat(list(Service.class)).isEmpty();
    }
  }

  @Test
  void missingKnativeIsAConditionThatClearsOnceItIsInstalled() throws Exception {
    ControllerHarness.installCrds(client, false);
    try (var knative = new FakeKnative(client);
        var controller = ControllerHarness.start(client)) {
      create("early", "");

      awaitReady("early", "False", "KnativeServingMissing");
      assertThat(condition(get("early"), "Ready").orElseThrow().getMessage())
          .contains("install Knative Serving");

      ControllerHarness.installKnative(client);
      awaitReady("early", "True", "Ready");
    }
  }

  @Test
  void aRestartedControllerConvergesWithoutDuplicates() throws Exception {
    ControllerHarness.installCrds(client, true);
    try (var knative = new FakeKnative(client)) {
      try (var first = ControllerHarness.start(client)) {
        create("one", "triggers: [{name: a, kafka: {topics: [t1]}}]");
        awaitReady("one", "True", null);
      }
      create("two", "triggers: [{name: b, broker: {}}]");
      try (var second = ControllerHarness.start(client)) {
        awaitReady("two", "True", null);
        awaitReady("one", "True", null);
      }
    }
    assertThat(list(Service.class))
        .extracting(s -> s.getMetadata().getName())
        .containsExactlyInAnyOrder("one", "two");
    assertThat(list(KafkaSource.class)).hasSize(1);
    assertThat(list(Trigger.class)).hasSize(1);
    assertThat(list(KafkaSink.class)).hasSize(2);
  }

  /**
   * The fabric8 client already retries 5xx answers itself; with that turned off, the controller's
   * own layer shows: the error is reported in status and the reconcile is retried with backoff.
   */
  @Test
  void apiErrorsAreReportedThenRetriedWithBackoff() throws Exception {
    KubernetesClient noClientRetries =
        new io.fabric8.kubernetes.client.KubernetesClientBuilder()
            .withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration())
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build();
    ControllerHarness.installCrds(client, true);
    server
        .expect()
        .post()
        .withPath("/apis/serving.knative.dev/v1/namespaces/shop/services")
        .andReturn(
            500, "{\"kind\":\"Status\",\"code\":500,\"message\":\"etcd is having a bad day\"}")
        .times(2);
    List<String> reasons = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (var watch =
            client
                .resources(Function.class)
                .inNamespace(NS)
                .inform(
                    new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
                      @Override
                      public void onAdd(Function f) {}

                      @Override
                      public void onUpdate(Function old, Function f) {
                        condition(f, "Ready")
                            .ifPresent(
                                c -> {
                                  reasons.add(c.getReason());
                                  messages.add(c.getMessage());
                                });
                      }

                      @Override
                      public void onDelete(Function f, boolean unknown) {}
                    });
        var knative = new FakeKnative(client);
        var controller = ControllerHarness.start(noClientRetries)) {
      create("retry", "");

      awaitReady("retry", "True", "Ready");
      assertThat(reasons).as("reported, then retried to success").contains("ReconcileError");
      assertThat(messages)
          .as(messages.toString())
          .filteredOn(m -> m.contains("etcd"))
          .isNotEmpty()
          .allSatisfy(
              m ->
                  assertThat(m)
                      .as("one readable sentence")
                      .doesNotContain("\n")
                      .doesNotContain("\tat ")
                      .hasSizeLessThanOrEqualTo(300));
      assertThat(
              client.v1().events().inNamespace(NS).list().getItems().stream()
                  .filter(e -> "retry".equals(e.getInvolvedObject().getName()))
                  .map(io.fabric8.kubernetes.api.model.Event::getReason))
          .as("a Warning Event on the Function")
          .contains("ReconcileError");
      assertThat(reasons.getLast()).isEqualTo("Ready");
      assertThat(list(Service.class)).hasSize(1);
    } finally {
      noClientRetries.close();
    }
  }

  /**
   * A Broker-only Function on a platform without Kafka servers is InvalidSpec; setting them in the
   * platform ConfigMap reconciles it at once, with no edit of the Function.
   */
  @Test
  void schedulesAndAsyncCallsGetTheirSourcesSinksAndAnAsyncUrl() throws Exception {
    ControllerHarness.installCrds(client, true);
    var topics = new dev.skyless.controller.testing.FakeDeadLetterTopics();
    try (var knative = new FakeKnative(client);
        var controller = ControllerHarness.start(client, topics)) {
      create(
          "report",
          """
          triggers: [{name: nightly, schedule: {cron: '30 2 * * *', timeZone: Europe/Berlin, data: {kind: sales}}}]
          async: {onSuccess: report.done, onFailure: report.failed}
          """);

      awaitReady("report", "True", "Ready");
      Function ready = get("report");
      assertThat(ready.getStatus().getAsyncUrl())
          .isEqualTo(
              "http://kafka-sink-ingress.knative-eventing.svc.cluster.local/shop/report-async-in");
      var ping =
          client
              .resources(io.fabric8.knative.sources.v1.PingSource.class)
              .inNamespace(NS)
              .withName("report-nightly")
              .get();
      assertThat(ping.getSpec().getTimezone()).isEqualTo("Europe/Berlin");
      assertThat(ping.getSpec().getSink().getRef().getName()).isEqualTo("report-nightly-in");
      assertThat(list(KafkaSource.class))
          .extracting(s -> s.getMetadata().getName())
          .containsExactlyInAnyOrder("report-nightly", "report-async", "report-async-failure");
      assertThat(list(KafkaSink.class))
          .extracting(k -> k.getMetadata().getName())
          .contains("report-nightly-in", "report-async-in", "report-async-dlq");
      assertThat(topics.topics())
          .contains("shop.report.nightly.schedule", "shop.report.async", "shop.report.async.dlq");

      // The schedule removed: its PingSource, intake sink and KafkaSource go.
      client
          .resources(Function.class)
          .inNamespace(NS)
          .withName("report")
          .edit(
              f -> {
                f.getSpec().setTriggers(new java.util.ArrayList<>());
                return f;
              });
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(list(io.fabric8.knative.sources.v1.PingSource.class)).isEmpty();
                assertThat(list(KafkaSource.class))
                    .extracting(s -> s.getMetadata().getName())
                    .containsExactlyInAnyOrder("report-async", "report-async-failure");
              });
    }
  }

  @Test
  void routesBecomeAnHttpRouteAndTwoClaimsOfOneRouteAreAConditionOnBoth() throws Exception {
    ControllerHarness.installCrds(client, true);
    dev.skyless.controller.testing.GatewayApiCrds.assumePresent();
    ControllerHarness.platformConfigMap(
        client,
        java.util.Map.of("kafka.bootstrapServers", "kafka:9092", "gateway.name", "skyless"));
    try (var knative = new FakeKnative(client);
        var controller = ControllerHarness.start(client)) {
      create(
          "orders",
          "http: {routes: [{method: POST, path: /orders}, {method: GET, path: '/orders/{id}'}]}");
      awaitReady("orders", "True", "Ready");
      var route =
          client
              .resources(io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class)
              .inNamespace(NS)
              .withName("orders")
              .get();
      assertThat(route.getSpec().getParentRefs().getFirst().getName()).isEqualTo("skyless");
      assertThat(condition(get("orders"), "RoutesReady").orElseThrow().getMessage())
          .isEqualTo("2 route(s) on Gateway skyless-system/skyless");
      var grant =
          client
              .resources(io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant.class)
              .inNamespace("kourier-system")
              .withName("skyless-routes-shop")
              .get();
      assertThat(grant.getSpec().getFrom().getFirst().getNamespace()).isEqualTo(NS);

      create("lookup", "http: {routes: [{method: GET, path: '/orders/{orderId}'}]}");

      awaitReady("lookup", "False", "RouteConflict");
      awaitReady("orders", "False", "RouteConflict");
      assertThat(condition(get("lookup"), "RoutesReady").orElseThrow().getMessage())
          .contains(
              "GET /orders/{orderId} is also claimed by Function shop/orders (GET /orders/{id})");
      assertThat(condition(get("orders"), "RoutesReady").orElseThrow().getMessage())
          .contains("GET /orders/{id} is also claimed by Function shop/lookup");

      // The second one moves to its own path: both conditions clear.
      client
          .resources(Function.class)
          .inNamespace(NS)
          .withName("lookup")
          .edit(
              f -> {
                f.getSpec().getHttp().getRoutes().getFirst().setPath("/lookup/{orderId}");
                return f;
              });
      awaitReady("lookup", "True", "Ready");
      awaitReady("orders", "True", "Ready");
    }
  }

  @Test
  void fixingThePlatformConfigMapReconcilesBlockedFunctions() throws Exception {
    ControllerHarness.installCrds(client, true);
    ControllerHarness.platformConfigMap(client, java.util.Map.of("scale.max", "5"));
    try (var knative = new FakeKnative(client);
        var controller = ControllerHarness.start(client)) {
      create("broker-only", "triggers: [{name: b, broker: {}}]");
      awaitReady("broker-only", "False", "InvalidSpec");
      assertThat(condition(get("broker-only"), "Ready").orElseThrow().getMessage())
          .contains("kafka.bootstrapServers");

      ControllerHarness.platformConfigMap(
          client, java.util.Map.of("scale.max", "5", "kafka.bootstrapServers", "kafka:9092"));

      awaitReady("broker-only", "True", "Ready");
      assertThat(list(Trigger.class)).hasSize(1);
    }
  }

  /** Right after a change the Function is not Ready on the old revision. */
  @Test
  void aChildKnativeHasNotSeenYetIsUnknownNotReady() throws Exception {
    ControllerHarness.installCrds(client, true);
    try (var controller = ControllerHarness.start(client)) {
      create("stale", "");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  client.resources(Service.class).inNamespace(NS).withName("stale").get() != null);
      // Knative reported Ready on generation 1; the controller has since written generation 2.
      var service = client.resources(Service.class).inNamespace(NS).withName("stale").get();
      service.setStatus(
          new io.fabric8.knative.serving.v1.ServiceStatusBuilder()
              .withObservedGeneration(service.getMetadata().getGeneration() - 1)
              .withConditions(
                  new io.fabric8.knative.pkg.apis.ConditionBuilder()
                      .withType("Ready")
                      .withStatus("True")
                      .build())
              .build());
      client.resource(service).updateStatus();

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(condition(get("stale"), "ServiceReady"))
                      .hasValueSatisfying(
                          c -> {
                            assertThat(c.getStatus()).isEqualTo("Unknown");
                            assertThat(c.getReason()).isEqualTo("Updating");
                          }));
      assertThat(condition(get("stale"), "Ready").orElseThrow().getStatus()).isEqualTo("Unknown");
    }
  }
}
