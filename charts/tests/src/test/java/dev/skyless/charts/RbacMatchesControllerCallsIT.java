package dev.skyless.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.controller.config.ControllerConfig;
import dev.skyless.controller.main.ControllerMain;
import dev.skyless.controller.testing.ControllerHarness;
import dev.skyless.controller.testing.FakeGarbageCollector;
import dev.skyless.controller.testing.FakeKnative;
import dev.skyless.controller.testing.Functions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The chart's RBAC is exactly what the controller uses: the real controller (ControllerMain, with
 * leader election and the platform ConfigMap) runs against the mock API server through its own
 * client, tagged by User-Agent, while a Function is created, changed (a trigger removed) and
 * deleted. Every call it made must be allowed by the rendered roles, and every rule the roles grant
 * must have been used.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class RbacMatchesControllerCallsIT {

  private static final String AGENT = "skyless-controller-under-test";

  KubernetesMockServer server;
  KubernetesClient client;

  /** One permission: API group, resource (with subresource), verb. */
  record Permission(String group, String resource, String verb) implements Comparable<Permission> {
    @Override
    public int compareTo(Permission o) {
      return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
      return (group.isEmpty() ? "core" : group) + "/" + resource + ":" + verb;
    }
  }

  @Test
  void theRenderedRolesGrantExactlyTheCallsTheControllerMakes() throws Exception {
    Set<Permission> used = recordControllerCalls();
    Set<Permission> granted = granted(Chart.resources(Chart.template(Map.of())));

    assertThat(used).as("calls the controller made").isNotEmpty();
    assertThat(granted).as("allowed by the chart: every call").containsAll(used);
    Set<Permission> explained = new TreeSet<>(used);
    explained.addAll(TIMING_DEPENDENT.keySet());
    assertThat(explained)
        .as("used by the controller (or explained): every grant")
        .containsAll(granted);
    assertThat(granted).as("no stale explanation").containsAll(TIMING_DEPENDENT.keySet());
  }

  /**
   * Grants the controller needs on paths whose timing decides whether a given run takes them; each
   * was seen in some runs of this test and not in others.
   */
  static final Map<Permission, String> TIMING_DEPENDENT =
      Map.ofEntries(
          Map.entry(
              new Permission("coordination.k8s.io", "leases", "update"),
              "fabric8's leader elector replaces (PUT) the Lease when taking it over"),
          Map.entry(
              new Permission("serving.knative.dev", "services", "delete"),
              "JOSDK deletes a dependent Service when reconciling a Function being deleted"),
          Map.entry(
              new Permission("serving.knative.dev", "services", "get"),
              "JOSDK reads a child directly when its informer has not seen it yet"),
          Map.entry(
              new Permission("sources.knative.dev", "kafkasources", "get"), "as services:get"),
          Map.entry(new Permission("eventing.knative.dev", "kafkasinks", "get"), "as services:get"),
          Map.entry(new Permission("eventing.knative.dev", "triggers", "get"), "as services:get"),
          Map.entry(
              new Permission("serving.knative.dev", "services", "patch"),
              "seen in earlier runs (JOSDK patched each child once; it updates with PUT otherwise)"),
          Map.entry(
              new Permission("sources.knative.dev", "kafkasources", "patch"), "as services:patch"),
          Map.entry(
              new Permission("eventing.knative.dev", "kafkasinks", "patch"), "as services:patch"),
          Map.entry(
              new Permission("eventing.knative.dev", "triggers", "patch"), "as services:patch"),
          Map.entry(
              new Permission("eventing.knative.dev", "kafkasinks", "update"),
              "a sink whose topic changes is replaced (delete, create); PUT only when its labels or"
                  + " bootstrap servers change"),
          Map.entry(new Permission("", "serviceaccounts", "patch"), "as services:patch"),
          Map.entry(
              new Permission("sources.knative.dev", "pingsources", "patch"), "as services:patch"),
          Map.entry(
              new Permission("sources.knative.dev", "pingsources", "get"),
              "read directly only when a child is replaced (delete, create), which a PingSource never"
                  + " is; granted as for every child kind"),
          Map.entry(
              new Permission("gateway.networking.k8s.io", "httproutes", "get"),
              "as pingsources:get"),
          Map.entry(
              new Permission("gateway.networking.k8s.io", "httproutes", "patch"),
              "as services:patch"),
          Map.entry(
              new Permission("gateway.networking.k8s.io", "referencegrants", "update"),
              "only when someone changed the grant the controller made: it is put back"),
          Map.entry(
              new Permission("", "events", "create"),
              "only when a reconcile fails: a Warning Event on the Function says why"),
          Map.entry(
              new Permission("skyless.dev", "functions", "get"),
              "JOSDK reads the Function directly before patching its status after a conflict"));

  private Set<Permission> recordControllerCalls() throws Exception {
    ControllerHarness.installCrds(client, true);
    ControllerHarness.allowLeaseRules(server);
    ControllerHarness.platformConfigMap(
        client,
        Map.of(
            "kafka.bootstrapServers",
            "kafka:9092",
            "deadLetter.createTopics",
            "false",
            "gateway.name",
            "skyless"));
    ControllerConfig config =
        ControllerConfig.parse(
            Map.of("SKYLESS_HTTP_PORT", "0", "SKYLESS_RECHECK_SECONDS", "1")::get);
    KubernetesClient controllerClient =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder(client.getConfiguration()).withUserAgent(AGENT).build())
            .build();
    drain(); // what the test itself did so far
    Set<Permission> used = new TreeSet<>();
    try (var knative = new FakeKnative(client);
        var gc = new FakeGarbageCollector(client);
        var running =
            ControllerMain.start(
                config, controllerClient, LoggerFactory.getLogger("rbac"), false)) {
      Function created =
          client
              .resource(
                  Functions.withSpec(
                      "orders",
                      """
                      triggers:
                        - {name: placed, kafka: {topics: [shop.orders]}}
                        - {name: audit, broker: {}, filter: {type: com.example.placed}}
                        - {name: nightly, schedule: {cron: '@daily'}}
                      http: {routes: [{method: POST, path: /orders}]}
                      """))
              .create();
      awaitReady(created.getMetadata().getNamespace(), "orders");
      String ns = created.getMetadata().getNamespace();
      var functions = client.resources(Function.class).inNamespace(ns).withName("orders");
      // Change what each child is built from: every kind gets patched.
      var changed =
          Functions.withSpec(
                  "orders",
                  """
                  scale: {max: 3}
                  triggers:
                    - name: placed
                      kafka: {topics: [shop.orders, shop.orders.v2]}
                      delivery: {deadLetterTopic: shop.orders.dead}
                    - {name: audit, broker: {}, filter: {type: com.example.audited}}
                    - {name: nightly, schedule: {cron: '@hourly'}}
                  http: {routes: [{method: POST, path: /orders}, {method: GET, path: '/orders/{id}'}]}
                  """)
              .getSpec();
      edit(
          functions,
          f -> {
            f.setSpec(changed);
            return f;
          });
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                var trigger =
                    client
                        .resources(io.fabric8.knative.eventing.v1.Trigger.class)
                        .inNamespace(ns)
                        .withName("orders-audit")
                        .get();
                var source =
                    client
                        .resources(io.fabric8.knative.sources.v1beta1.KafkaSource.class)
                        .inNamespace(ns)
                        .withName("orders-placed")
                        .get();
                var ping =
                    client
                        .resources(io.fabric8.knative.sources.v1.PingSource.class)
                        .inNamespace(ns)
                        .withName("orders-nightly")
                        .get();
                var route =
                    client
                        .resources(io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class)
                        .inNamespace(ns)
                        .withName("orders")
                        .get();
                return trigger != null
                    && trigger.getSpec().getFilters().toString().contains("com.example.audited")
                    && ping != null
                    && ping.getSpec().getSchedule().equals("@hourly")
                    && route != null
                    // POST /orders, GET /orders/{id} and its HEAD
                    && route.getSpec().getRules().getFirst().getMatches().size() == 3
                    && source != null
                    && source.getSpec().getTopics().size() == 2;
              });
      // Remove every trigger and the routes: each child kind but the Service gets deleted.
      edit(
          functions,
          f -> {
            f.getSpec().setTriggers(List.of());
            f.getSpec().setHttp(null);
            return f;
          });
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  client
                          .resources(io.fabric8.knative.sources.v1beta1.KafkaSource.class)
                          .inNamespace(ns)
                          .list()
                          .getItems()
                          .isEmpty()
                      && client
                          .resources(io.fabric8.knative.eventing.v1.Trigger.class)
                          .inNamespace(ns)
                          .list()
                          .getItems()
                          .isEmpty()
                      && client
                          .resources(io.fabric8.knative.sources.v1.PingSource.class)
                          .inNamespace(ns)
                          .list()
                          .getItems()
                          .isEmpty()
                      && client
                          .resources(io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class)
                          .inNamespace(ns)
                          .list()
                          .getItems()
                          .isEmpty());
      // Ask for an API token (the made ServiceAccount is updated), then name another
      // ServiceAccount (the made one is read and deleted).
      edit(
          functions,
          f -> {
            f.getSpec().setAutomountServiceAccountToken(true);
            return f;
          });
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  Boolean.TRUE.equals(
                      client
                          .serviceAccounts()
                          .inNamespace(ns)
                          .withName("orders")
                          .get()
                          .getAutomountServiceAccountToken()));
      edit(
          functions,
          f -> {
            f.getSpec().setServiceAccountName("orders-team");
            return f;
          });
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> client.serviceAccounts().inNamespace(ns).withName("orders").get() == null);
      Thread.sleep(4_000); // a Lease renewal or two
      client.resource(created).delete();
      Thread.sleep(2_000); // let the controller see the deletion
      used.addAll(drain());
    }
    return used;
  }

  /** Edits, again on a conflict with the controller's status patch. */
  private static void edit(
      io.fabric8.kubernetes.client.dsl.Resource<Function> function,
      java.util.function.UnaryOperator<Function> change)
      throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        function.edit(change);
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  private void awaitReady(String namespace, String name) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Function f =
                  client.resources(Function.class).inNamespace(namespace).withName(name).get();
              return f != null
                  && f.getStatus() != null
                  && f.getStatus().getConditions().stream()
                      .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
            });
  }

  /** The controller's requests recorded since the last drain, as permissions. */
  private Set<Permission> drain() throws InterruptedException {
    Set<Permission> permissions = new TreeSet<>();
    RecordedRequest request;
    while ((request = server.takeRequest(200, TimeUnit.MILLISECONDS)) != null) {
      String agent = request.getHeader("User-Agent");
      if (agent != null && agent.contains(AGENT)) {
        permissions.add(permission(request.getMethod(), request.getPath()));
        if (Boolean.getBoolean("rbac.trace")) {
          System.out.println("RBAC " + request.getMethod() + " " + request.getPath());
        }
      }
    }
    return permissions;
  }

  /** Maps an API request to what RBAC checks (group, resource[/subresource], verb). */
  static Permission permission(String method, String fullPath) {
    String path = fullPath;
    String query = "";
    int q = path.indexOf('?');
    if (q >= 0) {
      query = path.substring(q + 1);
      path = path.substring(0, q);
    }
    String[] parts = path.replaceFirst("^/", "").split("/");
    int i;
    String group;
    if (parts[0].equals("api")) {
      group = "";
      i = 2;
    } else {
      group = parts[1];
      i = 3;
    }
    if (i < parts.length && parts[i].equals("namespaces") && i + 2 < parts.length) {
      i += 2; // namespaces/<ns>/<resource>...
    }
    String resource = parts[i];
    boolean named = i + 1 < parts.length;
    if (i + 2 < parts.length) {
      resource = resource + "/" + parts[i + 2];
    }
    String verb =
        switch (method) {
          case "GET" -> query.contains("watch=true") ? "watch" : named ? "get" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> named ? "delete" : "deletecollection";
          default -> method.toLowerCase(java.util.Locale.ROOT);
        };
    return new Permission(group, resource, verb);
  }

  private static Set<Permission> granted(List<HasMetadata> resources) {
    Set<Permission> granted = new TreeSet<>();
    for (HasMetadata r : resources) {
      List<PolicyRule> rules =
          r instanceof ClusterRole c
              ? c.getRules()
              : r instanceof Role role ? role.getRules() : null;
      if (rules == null) {
        continue;
      }
      for (PolicyRule rule : rules) {
        assertThat(rule.getVerbs()).doesNotContain("*");
        assertThat(rule.getResources()).doesNotContain("*");
        assertThat(rule.getApiGroups()).doesNotContain("*");
        for (String g : rule.getApiGroups()) {
          for (String res : rule.getResources()) {
            for (String verb : rule.getVerbs()) {
              granted.add(new Permission(g, res, verb));
            }
          }
        }
      }
    }
    return granted;
  }
}
