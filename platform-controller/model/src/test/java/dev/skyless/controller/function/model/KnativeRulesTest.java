package dev.skyless.controller.function.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyless.api.admission.CrdValidator;
import dev.skyless.controller.config.PlatformDefaults;
import dev.skyless.controller.testing.Desired;
import dev.skyless.controller.testing.Functions;
import java.io.IOException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Knative's admission rules that a Function can break only through its effective values (platform
 * defaults included): each row is admitted by the Function CRD, would be refused by Knative (the
 * file it mirrors is named), and is refused by the builders as InvalidSpec naming the field. The
 * rules one field can break alone are CRD rules, in {@code FunctionAdmissionTest}.
 */
class KnativeRulesTest {

  private static final Map<String, String> KAFKA = Map.of("kafka.bootstrapServers", "k:9092");
  private static CrdValidator admission;

  @BeforeAll
  static void crd() throws IOException {
    admission = CrdValidator.forFunction();
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        // knative/pkg apis/metadata_validation.go, ValidateObjectMetadata: DNS-1035 label.
        row("2fa", "", Map.of(), "metadata.name", "DNS-1035", "pkg metadata_validation.go"),
        row("f".repeat(64), "", Map.of(), "metadata.name", "at most 63", "metadata_validation.go"),
        // knative/serving pkg/apis/autoscaling/annotation_validation.go, validateMinMaxScale.
        row(
            "fn",
            "scale: {min: 20}",
            Map.of(),
            "spec.scale.min",
            "greater than the maximum",
            "annotation_validation.go"),
        // validateMaxScaleWithinLimit.
        row(
            "fn",
            "scale: {max: 50}",
            Map.of("knative.maxScaleLimit", "20"),
            "spec.scale.max",
            "max-scale-limit",
            "annotation_validation.go"),
        row(
            "fn",
            "scale: {max: 0}",
            Map.of("knative.maxScaleLimit", "20"),
            "spec.scale.max",
            "0 (no limit)",
            "annotation_validation.go"),
        // validateInitialScale: 0 needs allow-zero-initial-scale.
        row(
            "fn",
            "scale: {initial: 0}",
            Map.of(),
            "spec.scale.initial",
            "not allowed by the cluster",
            "annotation_validation.go"),
        // validateScaleDownDelay: 0..1h, whole seconds.
        row(
            "fn",
            "scale: {scaleDownDelay: 2h}",
            Map.of(),
            "spec.scale.scaleDownDelay",
            "at most 1h",
            "annotation_validation.go"),
        row(
            "fn",
            "scale: {scaleDownDelay: 1500ms}",
            Map.of(),
            "spec.scale.scaleDownDelay",
            "whole number of seconds",
            "annotation_validation.go"),
        // validateLastPodRetention: 0..1h.
        row(
            "fn",
            "scale: {retention: 61m}",
            Map.of(),
            "spec.scale.retention",
            "at most 1h",
            "annotation_validation.go"),
        // pkg/apis/serving/v1/revision_validation.go, validateTimeoutSeconds: <=
        // max-revision-timeout-seconds.
        row(
            "fn",
            "timeout: 601s",
            Map.of(),
            "spec.timeout",
            "maximum revision timeout of 600s",
            "revision_validation.go"),
        row(
            "fn",
            "timeout: 20m",
            Map.of("knative.maxRevisionTimeout", "15m"),
            "spec.timeout",
            "900s",
            "revision_validation.go"),
        // The runtime (RuntimeEnv, positiveDuration) refuses a zero timeout.
        row("fn", "timeout: 0s", Map.of(), "spec.timeout", "longer than zero", "RuntimeEnv"),
        // knative/eventing pkg/apis/duck/v1/delivery_types.go: a delivery timeout is non-zero.
        row(
            "fn",
            "triggers: [{name: t, kafka: {topics: [a]}, delivery: {timeout: PT0S}}]",
            KAFKA,
            "spec.triggers[t].delivery.timeout",
            "longer than zero",
            "delivery_types.go"),
        // pkg/reconciler/route/domains: the tag's host <tag>-<name> is a DNS label.
        row(
            "a" + "b".repeat(40),
            "traffic: [{latest: true, percent: 100, tag: " + "c".repeat(30) + "}]",
            Map.of(),
            "spec.traffic[0].tag",
            "longer than 63",
            "route/domains"),
        // Kubernetes ValidateResourceRequirements (the Deployment Knative makes).
        row(
            "fn",
            "resources: {limits: {memory: lots}}",
            Map.of(),
            "spec.resources.limits.memory",
            "not a quantity",
            "k8s ValidateResourceRequirements"),
        row(
            "fn",
            "resources: {requests: {cpu: 2}, limits: {cpu: 500m}}",
            Map.of(),
            "spec.resources.requests.cpu",
            "above its limit",
            "k8s ValidateResourceRequirements"),
        // A name given twice: Kubernetes keeps the last silently.
        row(
            "fn",
            "env: [{name: A, value: x}, {name: A, value: y}]",
            Map.of(),
            "spec.env[1].name",
            "set twice",
            "k8s env"),
        // Every trigger has a dead-letter KafkaSink, which needs bootstrap servers.
        row(
            "fn",
            "triggers: [{name: t, broker: {}}]",
            Map.of(),
            "spec.triggers[t]",
            "kafka.bootstrapServers",
            "kafka_sink_validation.go"),
        // A dead-letter topic that is also read would loop.
        row(
            "fn",
            "triggers: [{name: t, kafka: {topics: [a]}, delivery: {deadLetterTopic: a}}]",
            KAFKA,
            "spec.triggers[t].delivery.deadLetterTopic",
            "would loop",
            "skyless"),
        row(
            "fn",
            "events: {topic: out}",
            Map.of(),
            "spec.events.topic",
            "needs Kafka",
            "RuntimeEnv"));
  }

  private static Arguments row(
      String name,
      String spec,
      Map<String, String> platform,
      String field,
      String says,
      String mirrors) {
    return Arguments.of(mirrors + ": " + field + " " + says, name, spec, platform, field, says);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void admittedByTheCrdButRefusedAsInvalidSpec(
      String title,
      String name,
      String spec,
      Map<String, String> platform,
      String field,
      String says)
      throws IOException {
    var function = Functions.withSpec(name, spec);
    String yaml = io.fabric8.kubernetes.client.utils.Serialization.asYaml(function);
    if (!name.equals("2fa") && name.length() <= 63) {
      assertThat(admission.check(yaml)).as("the CRD admits it").isEmpty();
    }
    PlatformDefaults defaults = PlatformDefaults.fromConfigMap(platform);

    assertThatThrownBy(
            () -> {
              Desired.service(function, defaults);
              Desired.deadLetterSinks(function, defaults);
            })
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageStartingWith(field)
        .hasMessageContaining(says)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  static Stream<Arguments> allowed() {
    return Stream.of(
        Arguments.of("scale: {initial: 0}", Map.of("knative.allowZeroInitialScale", "true")),
        Arguments.of("scale: {max: 20}", Map.of("knative.maxScaleLimit", "20")),
        Arguments.of("scale: {min: 20, max: 30}", Map.of()),
        Arguments.of("timeout: 10m", Map.of()),
        Arguments.of("timeout: 1500ms", Map.of()),
        Arguments.of("scale: {scaleDownDelay: 1h, retention: 1500ms}", Map.of()),
        Arguments.of("resources: {requests: {cpu: 500m}, limits: {cpu: '1'}}", Map.of()));
  }

  @ParameterizedTest(name = "{0} with {1}")
  @MethodSource("allowed")
  void withinTheLimitsIsBuilt(String spec, Map<String, String> platform) {
    assertThatCode(
            () ->
                Desired.service(
                    Functions.withSpec("fn", spec), PlatformDefaults.fromConfigMap(platform)))
        .doesNotThrowAnyException();
  }
}
