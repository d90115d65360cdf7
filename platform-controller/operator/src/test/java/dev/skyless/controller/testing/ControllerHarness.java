package dev.skyless.controller.testing;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.controller.config.PlatformDefaults;
import dev.skyless.controller.function.FunctionReconciler;
import dev.skyless.controller.function.Prerequisites;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
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

  public static ControllerHarness start(KubernetesClient client) {
    Operator operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withStopOnInformerErrorDuringStartup(true)
                    .withCacheSyncTimeout(Duration.ofSeconds(30)));
    operator.register(
        new FunctionReconciler(
            () -> DEFAULTS,
            new Prerequisites(client, Clock.systemUTC()),
            Clock.systemUTC(),
            Duration.ofMillis(500)));
    operator.start();
    return new ControllerHarness(operator);
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
            "eventing-trigger.yaml")) {
      try (InputStream in = Files.newInputStream(KnativeCrds.DIR.resolve(file))) {
        CustomResourceDefinition crd =
            client.apiextensions().v1().customResourceDefinitions().load(in).item();
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
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
