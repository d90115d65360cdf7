package dev.skyless.controller.testing;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.controller.config.PlatformConfigMap;
import dev.skyless.controller.config.PlatformDefaults;
import dev.skyless.controller.function.DeadLetterTopics;
import dev.skyless.controller.function.FunctionEvents;
import dev.skyless.controller.function.FunctionReconciler;
import dev.skyless.controller.function.Prerequisites;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The controller against the mock API server: server-side apply off (the mock does not do it), the
 * client kept open across restarts, short re-check interval.
 */
public final class ControllerHarness implements AutoCloseable {

  public static final PlatformDefaults DEFAULTS =
      PlatformDefaults.fromConfigMap(Map.of("kafka.bootstrapServers", "kafka:9092"));

  private final Operator operator;

  private ControllerHarness(Operator operator) {
    this.operator = operator;
  }

  /** The controller with the platform ConfigMap {@code skyless-system/skyless-config}. */
  public static ControllerHarness start(KubernetesClient client) {
    return start(client, new FakeDeadLetterTopics());
  }

  /** The same, making dead-letter topics with {@code topics}. */
  public static ControllerHarness start(KubernetesClient client, DeadLetterTopics topics) {
    if (client.configMaps().inNamespace("skyless-system").withName("skyless-config").get()
        == null) {
      platformConfigMap(client, Map.of("kafka.bootstrapServers", "kafka:9092"));
    }
    Operator operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withParseResourceVersions(true)
                    .withStopOnInformerErrorDuringStartup(true)
                    .withCacheSyncTimeout(Duration.ofSeconds(30)));
    operator.register(
        new FunctionReconciler(
            new PlatformConfigMap(client, "skyless-system", "skyless-config"),
            new Prerequisites(client, Clock.systemUTC()),
            topics,
            new FunctionEvents(client, Clock.systemUTC()),
            Desired.KEY,
            Clock.systemUTC(),
            Duration.ofMillis(500)),
        c ->
            c.withRetry(
                new GenericRetry()
                    .withoutMaxAttempts()
                    .setInitialInterval(200)
                    .setIntervalMultiplier(2)
                    .setMaxInterval(2_000)));
    operator.start();
    return new ControllerHarness(operator);
  }

  /**
   * Edits a Function as a user would, again on a conflict with the controller's status write (a
   * user's kubectl retries the same way).
   */
  public static Function edit(
      KubernetesClient client,
      String namespace,
      String name,
      java.util.function.UnaryOperator<Function> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        return client.resources(Function.class).inNamespace(namespace).withName(name).edit(change);
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
  }

  /** Registers the Function CRD, and the Knative CRDs unless {@code withKnative} is false. */
  public static void installCrds(KubernetesClient client, boolean withKnative) throws IOException {
    try (InputStream in =
        Function.class
            .getClassLoader()
            .getResourceAsStream("META-INF/fabric8/functions.skyless.dev-v1.yml")) {
      client.apiextensions().v1().customResourceDefinitions().load(in).create();
    }
    if (withKnative) {
      installKnative(client);
    }
  }

  public static void installKnative(KubernetesClient client) throws IOException {
    KnativeCrds.assumePresent();
    for (String file :
        List.of(
            "serving-service.yaml",
            "kafka-source.yaml",
            "kafka-sink.yaml",
            "eventing-trigger.yaml",
            "eventing-pingsource.yaml")) {
      try (InputStream in = Files.newInputStream(KnativeCrds.DIR.resolve(file))) {
        CustomResourceDefinition crd =
            client.apiextensions().v1().customResourceDefinitions().load(in).item();
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
      }
    }
    if (java.nio.file.Files.isDirectory(dev.skyless.controller.testing.GatewayApiCrds.DIR)) {
      for (String file : List.of("httproutes.yaml", "referencegrants.yaml")) {
        try (InputStream in =
            Files.newInputStream(dev.skyless.controller.testing.GatewayApiCrds.DIR.resolve(file))) {
          CustomResourceDefinition crd =
              client.apiextensions().v1().customResourceDefinitions().load(in).item();
          client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
      }
    }
  }

  /**
   * JOSDK checks its Lease permissions (a SelfSubjectRulesReview) before electing a leader: answer
   * as an API server would for the chart's Role (the CRUD mock cannot evaluate RBAC).
   */
  public static void allowLeaseRules(
      io.fabric8.kubernetes.client.server.mock.KubernetesMockServer server) {
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectRulesReview\","
                + "\"status\":{\"incomplete\":false,\"nonResourceRules\":[],\"resourceRules\":"
                + "[{\"apiGroups\":[\"coordination.k8s.io\"],\"resources\":[\"leases\"],"
                + "\"verbs\":[\"get\",\"create\",\"update\"]}]}}")
        .always();
  }

  /** Creates the platform ConfigMap {@code skyless-config} in {@code skyless-system}. */
  public static void platformConfigMap(KubernetesClient client, Map<String, String> data) {
    var existing = client.configMaps().inNamespace("skyless-system").withName("skyless-config");
    if (existing.get() != null) {
      existing.edit(
          c -> {
            c.setData(data);
            return c;
          });
      return;
    }
    if (client.namespaces().withName("skyless-system").get() == null) {
      client
          .resource(
              new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                  .withNewMetadata()
                  .withName("skyless-system")
                  .endMetadata()
                  .build())
          .create();
    }
    client
        .resource(
            new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata()
                .withName("skyless-config")
                .withNamespace("skyless-system")
                .endMetadata()
                .withData(data)
                .build())
        .create();
  }

  @Override
  public void close() {
    operator.stop();
  }
}
