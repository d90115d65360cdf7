package dev.skyless.controller.function.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.controller.config.PlatformDefaults;
import dev.skyless.controller.testing.Desired;
import dev.skyless.controller.testing.Functions;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KnativeServiceModelTest {

  private static final PlatformDefaults DEFAULTS =
      PlatformDefaults.fromConfigMap(
          Map.of("kafka.bootstrapServers", "kafka:9092", "scale.max", "20"));

  private static Service build(String spec) {
    return Desired.service(Functions.withSpec("fn", spec), DEFAULTS);
  }

  private static Map<String, String> annotations(Service service) {
    return service.getSpec().getTemplate().getMetadata().getAnnotations();
  }

  private static Map<String, String> env(Service service) {
    return container(service).getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  private static Container container(Service service) {
    return service.getSpec().getTemplate().getSpec().getContainers().getFirst();
  }

  static Stream<Arguments> scales() {
    String a = KnativeServiceModel.AUTOSCALING;
    return Stream.of(
        Arguments.of("", Map.of(a + "min-scale", "0", a + "max-scale", "20", a + "target", "100")),
        Arguments.of("scale: {min: 2}", Map.of(a + "min-scale", "2", a + "max-scale", "20")),
        Arguments.of("scale: {max: 0, target: 7}", Map.of(a + "max-scale", "0", a + "target", "7")),
        Arguments.of("scale: {initial: 3}", Map.of(a + "initial-scale", "3")),
        Arguments.of("scale: {scaleDownDelay: 1m30s}", Map.of(a + "scale-down-delay", "90s")),
        Arguments.of(
            "scale: {retention: PT2M}", Map.of(a + "scale-to-zero-pod-retention-period", "120s")));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("scales")
  void scaleBecomesKebabCaseAnnotationsOnTheRevisionTemplate(
      String spec, Map<String, String> expected) {
    assertThat(annotations(build(spec))).containsAllEntriesOf(expected);
  }

  @Test
  void containerConcurrencyAndTimeout() {
    Service service = build("scale: {containerConcurrency: 4}\ntimeout: 2m");

    assertThat(service.getSpec().getTemplate().getSpec().getContainerConcurrency()).isEqualTo(4);
    assertThat(service.getSpec().getTemplate().getSpec().getTimeoutSeconds()).isEqualTo(120);
    assertThat(env(service))
        .containsEntry("SKYLESS_MAX_CONCURRENCY", "4")
        .containsEntry("SKYLESS_TIMEOUT", "2m");
  }

  @Test
  void runtimeEnvironmentFromTheSpecAndTheUsersOwnWhichWins() {
    Service service =
        build(
            """
            handler: com.example.Fn
            env: [{name: SKYLESS_TIMEOUT, value: 5s}, {name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: pw}}}]
            events: {topic: out}
            http: {auth: {jwt: {jwksUri: 'https://id/jwks', issuer: 'https://id', requiredScopes: [a, b]}}, rateLimit: {rps: 5, burst: 9}}
            """);

    assertThat(env(service))
        .containsEntry("SKYLESS_FUNCTION", "com.example.Fn")
        .containsEntry("SKYLESS_NAMESPACE", "shop")
        .containsEntry("SKYLESS_EVENTS_TOPIC", "out")
        .containsEntry("SKYLESS_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
        .containsEntry("SKYLESS_JWT_JWKS_URI", "https://id/jwks")
        .containsEntry("SKYLESS_JWT_ISSUER", "https://id")
        .containsEntry("SKYLESS_JWT_REQUIRED_SCOPES", "a b")
        .containsEntry("SKYLESS_RATE_LIMIT_RPS", "5")
        .containsEntry("SKYLESS_RATE_LIMIT_BURST", "9")
        .containsEntry("SKYLESS_TIMEOUT", "5s");
    assertThat(container(service).getEnv())
        .filteredOn(e -> e.getName().equals("SKYLESS_TIMEOUT"))
        .hasSize(1);
    assertThat(container(service).getEnv())
        .filteredOn(e -> e.getName().equals("DB_PASSWORD"))
        .singleElement()
        .satisfies(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("db"));
  }

  @Test
  void probesSecurityAndDefaultResources() {
    Container container = container(build(""));

    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
    assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getSecurityContext().getSeccompProfile().getType())
        .isEqualTo("RuntimeDefault");
    assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("256Mi");
    assertThat(container.getPorts().getFirst().getContainerPort()).isEqualTo(8080);
  }

  @Test
  void trafficSplitAndDefaultLatest() {
    assertThat(build("").getSpec().getTraffic())
        .singleElement()
        .satisfies(t -> assertThat(t.getLatestRevision()).isTrue())
        .satisfies(t -> assertThat(t.getPercent()).isEqualTo(100));
    var split =
        build(
                "traffic: [{revision: fn-00001, percent: 90, tag: stable}, {latest: true, percent: 10}]")
            .getSpec()
            .getTraffic();
    assertThat(split).hasSize(2);
    assertThat(split.get(0).getRevisionName()).isEqualTo("fn-00001");
    assertThat(split.get(0).getTag()).isEqualTo("stable");
    assertThat(split.get(1).getLatestRevision()).isTrue();
  }

  @Test
  void ownedLabelledAndClusterLocalWhenAsked() {
    Service service = build("http: {visibility: cluster-local}");

    assertThat(service.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("Function"))
        .satisfies(o -> assertThat(o.getController()).isTrue());
    assertThat(service.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "skyless")
        .containsEntry(KnativeServiceModel.VISIBILITY_LABEL, "cluster-local");
  }

  @Test
  void explainsWhatCannotBeBuilt() {
    Function longName = Functions.withSpec("f".repeat(64), "");
    assertThatThrownBy(() -> Desired.service(longName, DEFAULTS))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("metadata.name");
    assertThatThrownBy(
            () ->
                Desired.service(
                    Functions.withSpec("fn", "events: {topic: out}"), PlatformDefaults.builtIn()))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("spec.events.topic")
        .hasMessageContaining("kafka.bootstrapServers");
  }

  @Test
  void podsRunAsTheFunctionsOwnServiceAccountWithNoApiTokenByDefault() {
    var pod = build("").getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("fn");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();

    var sa = ServiceAccountModel.desired(Functions.withSpec("fn", ""));
    assertThat(sa.getMetadata().getName()).isEqualTo("fn");
    assertThat(sa.getAutomountServiceAccountToken()).isFalse();
    assertThat(sa.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("Function"));
  }

  @Test
  void aNamedServiceAccountIsUsedAsItIsAndATokenOnlyWhenAsked() {
    Function function =
        Functions.withSpec(
            "fn", "serviceAccountName: shop-reader\nautomountServiceAccountToken: true");
    var pod = Desired.service(function, DEFAULTS).getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("shop-reader");
    assertThat(pod.getAutomountServiceAccountToken()).isTrue();
    assertThat(FunctionChildren.ownsServiceAccount(function)).isFalse();
  }

  @Test
  void pullSecretsArePlatformsFirstThenTheFunctionsEachOnce() {
    PlatformDefaults defaults =
        PlatformDefaults.fromConfigMap(Map.of("images.pullSecrets", "registry-main, shared"));
    Service service =
        Desired.service(
            Functions.withSpec("fn", "imagePullSecrets: [{name: shared}, {name: team-a}]"),
            defaults);
    assertThat(service.getSpec().getTemplate().getSpec().getImagePullSecrets())
        .extracting(r -> r.getName())
        .containsExactly("registry-main", "shared", "team-a");
    assertThat(build("").getSpec().getTemplate().getSpec().getImagePullSecrets()).isEmpty();
  }

  @Test
  void theRootIsReadOnlyAndTmpIsAnEmptyDirOfBoundedSize() {
    Service service = build("");
    var pod = service.getSpec().getTemplate().getSpec();
    assertThat(container(service).getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container(service).getVolumeMounts())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/tmp");
              assertThat(m.getName()).isEqualTo(KnativeServiceModel.TMP_VOLUME);
            });
    assertThat(pod.getVolumes())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getName()).isEqualTo(KnativeServiceModel.TMP_VOLUME);
              assertThat(v.getEmptyDir().getSizeLimit().toString()).isEqualTo("256Mi");
            });
  }
}
