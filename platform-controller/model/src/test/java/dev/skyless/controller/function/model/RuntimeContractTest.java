package dev.skyless.controller.function.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyless.api.admission.CrdValidator;
import dev.skyless.api.v1alpha1.Function;
import dev.skyless.contract.Durations;
import dev.skyless.controller.config.PlatformDefaults;
import dev.skyless.controller.testing.Desired;
import dev.skyless.controller.testing.Functions;
import dev.skyless.runtime.config.RuntimeConfig;
import dev.skyless.runtime.config.RuntimeEnv;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The controller -> runtime seam: the env of every generated Service is read by the runtime's own
 * {@link RuntimeEnv}, and what the Function CRD admits, the runtime accepts.
 */
class RuntimeContractTest {

  private static final PlatformDefaults DEFAULTS =
      PlatformDefaults.fromConfigMap(
          Map.of("kafka.bootstrapServers", "k0:9092,k1:9092", "gateway.name", "skyless"));
  private static CrdValidator admission;

  @BeforeAll
  static void crd() throws IOException {
    admission = CrdValidator.forFunction();
  }

  static Stream<Function> functions() {
    return Stream.concat(
        Functions.samples().stream(),
        Stream.of(
            Functions.withSpec(
                "everything",
                """
                handler: com.example.Fn
                timeout: 1m30s
                scale: {containerConcurrency: 8}
                env: [{name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: pw}}}]
                events: {topic: out}
                http: {auth: {jwt: {jwksUri: 'https://id/jwks', issuer: 'https://id', audience: a, requiredScopes: [x]}}, rateLimit: {rps: 5, burst: 9}}
                triggers:
                  - {name: orders, kafka: {topics: [a]}, filter: {type: 'com.example."quoted"', source: /s, typePrefix: com.}}
                  - {name: other, kafka: {topics: [b]}}
                  - {name: brk, broker: {}, filter: {type: t}}
                """),
            Functions.withSpec(
                "sink", "events: {sink: 'http://broker-ingress.knative/shop/default'}"),
            Functions.withSpec("iso", "timeout: PT0.5S"),
            Functions.withSpec(
                "patterns",
                """
                triggers: [{name: tick, schedule: {cron: '*/5 * * * *', timeZone: Europe/Berlin}}]
                async: {onSuccess: done, onFailure: failed}
                http: {routes: [{method: POST, path: /orders}, {path: '/orders/{id}/*'}]}
                """)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void theRuntimeReadsTheEnvOfEveryGeneratedService(Function function) {
    FunctionSettings settings = Desired.settings(function, DEFAULTS);
    Map<String, String> env =
        env(
            Desired.service(function, DEFAULTS)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getEnv());

    RuntimeConfig config = RuntimeEnv.parse(env);

    assertThat(config.http().timeout()).isEqualTo(settings.timeout());
    assertThat(config.service().namespace()).isEqualTo(settings.namespace());
    for (var trigger : settings.triggers()) {
      if (trigger.kafka().isPresent() && trigger.filter().isPresent()) {
        assertThat(config.triggers().filters().byTrigger())
            .containsEntry(trigger.name(), trigger.filter().get());
      }
    }
    assertThat(config.http().routes()).isEqualTo(settings.routes());
    assertThat(config.triggers().onSuccess())
        .isEqualTo(settings.async().flatMap(FunctionSettings.AsyncSettings::onSuccess));
    assertThat(config.triggers().onFailure())
        .isEqualTo(settings.async().flatMap(FunctionSettings.AsyncSettings::onFailure));
    if (config.triggers().hasDestinations()) {
      assertThat(config.kafka()).isPresent();
    }
    if (!settings.triggers().isEmpty()) {
      assertThat(config.triggers().token()).contains(settings.triggerToken());
      assertThat(settings.triggers().getFirst().deliveryUri()).endsWith(settings.triggerToken());
    }
  }

  /**
   * The platform's collector (ConfigMap {@code telemetry.*}) reaches every function as the standard
   * OTEL_* variables, which turn the runtime's tracing on; a Function's own {@code spec.env} wins.
   */
  @Test
  void thePlatformsTraceCollectorTurnsTracingOnAndAFunctionsOwnEnvWins() {
    PlatformDefaults traced =
        PlatformDefaults.fromConfigMap(
            Map.of(
                "kafka.bootstrapServers", "k0:9092",
                "telemetry.otlpEndpoint", "http://otel-collector.observability:4318",
                "telemetry.tracesSampler", "parentbased_traceidratio",
                "telemetry.tracesSamplerArg", "0.25"));
    Function plain = Functions.withSpec("plain", "timeout: 30s");
    Map<String, String> env =
        env(
            Desired.service(plain, traced)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getEnv());
    assertThat(env)
        .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector.observability:4318")
        .containsEntry("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
        .containsEntry("OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
        .containsEntry("OTEL_TRACES_SAMPLER_ARG", "0.25");
    RuntimeConfig config = RuntimeEnv.parse(env);
    assertThat(config.telemetry().tracesOn()).isTrue();
    assertThat(config.telemetry().variables())
        .containsKeys("OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG");

    Function own =
        Functions.withSpec(
            "own",
            "env: [{name: OTEL_EXPORTER_OTLP_ENDPOINT, value: 'http://team-collector:4318'}]");
    Map<String, String> ownEnv =
        env(
            Desired.service(own, traced)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getEnv());
    assertThat(ownEnv).containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://team-collector:4318");

    Map<String, String> untraced =
        env(
            Desired.service(plain, DEFAULTS)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getEnv());
    assertThat(untraced).doesNotContainKey("OTEL_EXPORTER_OTLP_ENDPOINT");
    assertThat(RuntimeEnv.parse(untraced).telemetry().tracesOn()).isFalse();
    assertThatThrownBy(
            () -> PlatformDefaults.fromConfigMap(Map.of("telemetry.otlpEndpoint", "otel:4318")))
        .hasMessage(
            "telemetry.otlpEndpoint: 'otel:4318' is not an http(s) URL (such as"
                + " http://otel-collector:4318)");
  }

  /** Every duration form the CRD admits runs: the runtime parses what the Service carries. */
  @ParameterizedTest(name = "timeout: {0}")
  @ValueSource(strings = {"1m30s", "90s", "1500ms", "PT1M30S", "PT0.2S", "10m", "1h0m0s1ms"})
  void everyAdmittedTimeoutRunsOrIsReportedAsInvalidSpec(String timeout) throws IOException {
    Function function = Functions.withSpec("fn", "timeout: " + timeout);
    assertThat(admission.check(Serialization.asYaml(function))).as("admitted").isEmpty();
    try {
      var service = Desired.service(function, DEFAULTS);
      var env = env(service.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv());
      assertThatCode(() -> RuntimeEnv.parse(env)).doesNotThrowAnyException();
      assertThat(RuntimeEnv.parse(env).http().timeout()).isEqualTo(Durations.parse(timeout));
      assertThat(service.getSpec().getTemplate().getSpec().getTimeoutSeconds() * 1000)
          .isGreaterThanOrEqualTo(Durations.parse(timeout).toMillis());
    } catch (InvalidSpecException e) {
      // Over Knative's maximum: refused in status, never a crash-looping pod.
      assertThat(e.field()).isEqualTo("spec.timeout");
    }
  }

  /** Secret references get a placeholder, as the kubelet would fill them in. */
  private static Map<String, String> env(java.util.List<EnvVar> vars) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var : vars) {
      env.put(var.getName(), var.getValue() == null ? "from-a-secret" : var.getValue());
    }
    return env;
  }
}
