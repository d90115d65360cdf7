package dev.skyless.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code helm template} with several value sets: typed, no unknown fields, secure, as asked. */
class ChartTemplateTest {

  static Stream<Arguments> valueSets() {
    return Stream.of(
        Arguments.of("defaults", Map.of()),
        Arguments.of(
            "namespaced", Map.of("watchNamespaces[0]", "shop", "watchNamespaces[1]", "billing")),
        Arguments.of("single replica", Map.of("replicaCount", "1")),
        Arguments.of("service monitor", Map.of("metrics.serviceMonitor.enabled", "true")),
        Arguments.of("network policy", Map.of("networkPolicy.enabled", "true")),
        Arguments.of("trigger key", Map.of("triggerKey.existingSecret", "skyless-trigger-key")),
        Arguments.of(
            "platform settings",
            Map.of(
                "platform.kafkaBootstrapServers", "kafka.kafka:9092",
                "platform.registry", "registry.example.com/functions",
                "platform.imagePullSecrets[0]", "registry-main",
                "platform.imagePullSecrets[1]", "shared",
                "image.digest", "sha256:" + "a".repeat(64))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueSets")
  void everyManifestIsTypedWithNoUnknownFieldsAndSecure(String name, Map<String, Object> values) {
    String rendered = Chart.template(values);
    List<Map<String, Object>> documents = Chart.documents(rendered);
    assertThat(documents).isNotEmpty();
    for (Map<String, Object> document : documents) {
      if ("ServiceMonitor".equals(document.get("kind"))) {
        // Not in fabric8's core model: checked by shape.
        assertThat(document.get("apiVersion")).isEqualTo("monitoring.coreos.com/v1");
        assertThat(document.toString()).contains("port=http-metrics", "path=/metrics");
        continue;
      }
      HasMetadata resource =
          Chart.resources(io.fabric8.kubernetes.client.utils.Serialization.asYaml(document))
              .getFirst();
      assertThat(resource.getClass().getSimpleName())
          .as("typed model for %s", document.get("kind"))
          .isNotEqualTo("GenericKubernetesResource");
      assertThat(UnknownFields.of(resource))
          .as("unknown fields in %s %s", resource.getKind(), resource.getMetadata().getName())
          .isEmpty();
      assertThat(resource.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/name", "skyless");
      if (resource instanceof Deployment deployment) {
        assertRestricted(deployment.getSpec().getTemplate().getSpec());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueSets")
  void valuesLandWhereTheyShould(String name, Map<String, Object> values) {
    List<HasMetadata> resources =
        Chart.resources(Chart.template(values)).stream()
            .filter(r -> !(r.getKind().equals("ServiceMonitor")))
            .toList();
    Deployment deployment = only(resources, Deployment.class);
    Container controller = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
    switch (name) {
      case "defaults" -> {
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(kinds(resources))
            .contains("ClusterRole", "ClusterRoleBinding", "PodDisruptionBudget")
            .doesNotContain("NetworkPolicy");
        assertThat(controller.getImage()).isEqualTo("ghcr.io/skyless-dev/skyless-controller:0.1.0");
      }
      case "namespaced" -> {
        List<Role> roles = all(resources, Role.class);
        assertThat(roles)
            .extracting(r -> r.getMetadata().getNamespace())
            .contains("shop", "billing", Chart.NAMESPACE);
        assertThat(all(resources, ClusterRole.class))
            .singleElement()
            .satisfies(
                c ->
                    assertThat(c.getRules())
                        .extracting(PolicyRule::getApiGroups)
                        .allSatisfy(
                            g ->
                                assertThat(g)
                                    .containsAnyOf(
                                        "apiextensions.k8s.io", "authorization.k8s.io")));
        assertThat(env(controller, "SKYLESS_WATCH_NAMESPACES")).isEqualTo("shop,billing");
      }
      case "single replica" -> {
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(kinds(resources)).doesNotContain("PodDisruptionBudget");
      }
      case "network policy" -> assertThat(kinds(resources)).contains("NetworkPolicy");
      case "platform settings" -> {
        var config = only(resources, io.fabric8.kubernetes.api.model.ConfigMap.class).getData();
        assertThat(config)
            .containsEntry("kafka.bootstrapServers", "kafka.kafka:9092")
            .containsEntry("registry", "registry.example.com/functions")
            .containsEntry("scale.max", "10");
        // What the controller reads from it: every function's pods pull with these.
        assertThat(
                dev.skyless.controller.config.PlatformDefaults.fromConfigMap(config)
                    .imagePullSecrets())
            .containsExactly("registry-main", "shared");
        assertThat(controller.getImage()).endsWith("@sha256:" + "a".repeat(64));
      }
      default -> assertThat(controller.getName()).isEqualTo("controller");
    }
  }

  @org.junit.jupiter.api.Test
  void aMisspelledFieldIsCaught() {
    String typo =
        Chart.template(Map.of()).replace("readOnlyRootFilesystem", "readOnlyRootFilesytem");
    Deployment deployment =
        Chart.resources(typo).stream()
            .filter(Deployment.class::isInstance)
            .map(Deployment.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(UnknownFields.of(deployment))
        .containsExactly(".spec.template.spec.containers[0].securityContext.readOnlyRootFilesytem");
  }

  private static void assertRestricted(PodSpec pod) {
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    for (Container c : pod.getContainers()) {
      var sc = c.getSecurityContext();
      assertThat(sc.getAllowPrivilegeEscalation()).as(c.getName()).isFalse();
      assertThat(sc.getRunAsNonRoot()).isTrue();
      assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
      assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
      assertThat(sc.getPrivileged()).isNotEqualTo(Boolean.TRUE);
      assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
      assertThat(c.getResources().getLimits()).containsKey("memory");
      assertThat(c.getLivenessProbe()).isNotNull();
      assertThat(c.getReadinessProbe()).isNotNull();
    }
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
  }

  private static String env(Container c, String name) {
    return c.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .orElseThrow()
        .getValue();
  }

  private static List<String> kinds(List<HasMetadata> resources) {
    return resources.stream().map(HasMetadata::getKind).toList();
  }

  private static <T> List<T> all(List<HasMetadata> resources, Class<T> type) {
    return resources.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static <T> T only(List<HasMetadata> resources, Class<T> type) {
    List<T> matching = all(resources, type);
    assertThat(matching).hasSize(1);
    return matching.getFirst();
  }
}
