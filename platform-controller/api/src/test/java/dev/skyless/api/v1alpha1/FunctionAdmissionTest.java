package dev.skyless.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyless.api.admission.CrdValidator;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Function CRD admits the samples and refuses bad specs with a message that says why. */
class FunctionAdmissionTest {

  static final Path SAMPLES = Path.of("..", "..", "k8s", "samples");
  private static CrdValidator admission;

  @BeforeAll
  static void crd() throws IOException {
    admission = CrdValidator.forFunction();
  }

  static Stream<Path> samples() throws IOException {
    try (Stream<Path> files = Files.list(SAMPLES)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void samplesAreAdmittedAndReadAsFunctions(Path sample) throws IOException {
    String yaml = Files.readString(sample);

    assertThat(admission.check(yaml)).isEmpty();
    Function function = Serialization.unmarshal(yaml, Function.class);
    assertThat(function.getSpec().getImage()).isNotBlank();
    assertThat(function.getMetadata().getName()).isNotBlank();
  }

  @Test
  void thereAreSamples() throws IOException {
    assertThat(samples()).hasSizeGreaterThanOrEqualTo(3);
  }

  private static final String BASE =
      """
      apiVersion: skyless.dev/v1alpha1
      kind: Function
      metadata: {name: f, namespace: ns}
      spec:
        image: registry.example/f:1
      """;

  private static String spec(String extra) {
    return BASE + extra.stripIndent().lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            "image missing",
            "apiVersion: skyless.dev/v1alpha1\nkind: Function\nmetadata: {name: f}\nspec: {handler: a.B}\n",
            "image"),
        Arguments.of(
            "blank image", BASE.replace("registry.example/f:1", "'has space'"), "spec.image"),
        Arguments.of(
            "scale.min above scale.max",
            spec("scale: {min: 5, max: 2}"),
            "scale.min must not be greater"),
        Arguments.of("negative scale.min", spec("scale: {min: -1}"), "spec.scale.min"),
        Arguments.of(
            "trigger with kafka and broker",
            spec("triggers: [{name: t, kafka: {topics: [a]}, broker: {name: default}}]"),
            "exactly one of kafka, broker or schedule"),
        Arguments.of(
            "trigger with neither",
            spec("triggers: [{name: t}]"),
            "exactly one of kafka, broker or schedule"),
        Arguments.of(
            "duplicate trigger names",
            spec("triggers: [{name: t, kafka: {topics: [a]}}, {name: t, broker: {}}]"),
            "trigger names must be unique"),
        Arguments.of(
            "invalid trigger name",
            spec("triggers: [{name: Orders_1, kafka: {topics: [a]}}]"),
            "spec.triggers[0].name"),
        Arguments.of(
            "invalid topic name",
            spec("triggers: [{name: t, kafka: {topics: ['bad topic!']}}]"),
            "spec.triggers[0].kafka.topics[0]"),
        Arguments.of(
            "no topics",
            spec("triggers: [{name: t, kafka: {topics: []}}]"),
            "spec.triggers[0].kafka.topics"),
        Arguments.of(
            "invalid dead-letter topic",
            spec("triggers: [{name: t, kafka: {topics: [a]}, delivery: {deadLetterTopic: 'x y'}}]"),
            "deadLetterTopic"),
        Arguments.of(
            "invalid ordering",
            spec("triggers: [{name: t, kafka: {topics: [a], ordering: random}}]"),
            "ordering"),
        Arguments.of("invalid timeout", spec("timeout: 30 seconds"), "spec.timeout"),
        Arguments.of(
            "invalid backoff delay",
            spec("triggers: [{name: t, kafka: {topics: [a]}, delivery: {backoffDelay: fast}}]"),
            "backoffDelay"),
        Arguments.of(
            "traffic not adding up to 100",
            spec("traffic: [{latest: true, percent: 50}, {revision: f-00001, percent: 40}]"),
            "traffic percents must add up to 100"),
        Arguments.of(
            "traffic target with revision and latest",
            spec("traffic: [{revision: f-00001, latest: true, percent: 100}]"),
            "names a revision or sets latest"),
        Arguments.of(
            "traffic percent over 100", spec("traffic: [{latest: true, percent: 101}]"), "percent"),
        Arguments.of(
            "events to a topic and a sink",
            spec("events: {topic: out, sink: 'http://broker'}"),
            "set topic or sink, not both"),
        Arguments.of("unknown visibility", spec("http: {visibility: private}"), "visibility"),
        Arguments.of("rate limit of zero", spec("http: {rateLimit: {rps: 0}}"), "rps"),
        Arguments.of("misspelt field", spec("triggerz: []"), "triggerz"),
        Arguments.of("compound duration out of order", spec("timeout: 30s1m"), "spec.timeout"),
        // knative/serving pkg/apis/serving/k8s_validation.go, validateEnvVar: reserved names.
        Arguments.of(
            "env sets PORT", spec("env: [{name: PORT, value: '9000'}]"), "Knative sets them"),
        Arguments.of(
            "env sets K_REVISION", spec("env: [{name: K_REVISION, value: x}]"), "Knative sets"),
        // The controller's own trigger variables (a user's would send deliveries to 401).
        Arguments.of(
            "env sets SKYLESS_TRIGGER_TOKEN",
            spec("env: [{name: SKYLESS_TRIGGER_TOKEN, value: x}]"),
            "SKYLESS_TRIGGER_"),
        // k8s_validation.go, validateEnvVar: ErrMissingField("name").
        Arguments.of("env without a name", spec("env: [{value: x}]"), "needs a name"),
        // k8s_validation.go, validateEnvValueFrom + fieldmask.go EnvVarSourceMask.
        Arguments.of(
            "env from fieldRef",
            spec("env: [{name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]"),
            "exactly one of secretKeyRef or configMapKeyRef"),
        Arguments.of(
            "env from resourceFieldRef",
            spec("env: [{name: CPU, valueFrom: {resourceFieldRef: {resource: limits.cpu}}}]"),
            "exactly one of secretKeyRef or configMapKeyRef"),
        Arguments.of(
            "env from fileKeyRef",
            spec("env: [{name: F, valueFrom: {fileKeyRef: {volumeName: v, path: p, key: k}}}]"),
            "exactly one of secretKeyRef or configMapKeyRef"),
        // k8s_validation.go, validateEnvFrom: exactly one of configMapRef / secretRef.
        Arguments.of(
            "envFrom with both refs",
            spec("envFrom: [{configMapRef: {name: a}, secretRef: {name: b}}]"),
            "exactly one of configMapRef or secretRef"),
        // k8s_validation.go, validateResources + fieldmask.go ResourceRequirementsMask.
        Arguments.of(
            "resources with claims",
            spec("resources: {claims: [{name: gpu}]}"),
            "resources.claims is not supported"),
        // The pod's identity and pull secrets: Kubernetes names (DNS subdomains), named Secrets.
        Arguments.of(
            "serviceAccountName not a DNS name",
            spec("serviceAccountName: Orders_Reader"),
            "spec.serviceAccountName"),
        Arguments.of(
            "imagePullSecrets entry without a name",
            spec("imagePullSecrets: [{}]"),
            "every imagePullSecrets entry names a Secret"),
        // Schedules: the shape of the expression and the zone at admission; the controller checks
        // each field's values (FunctionSettingsTest).
        Arguments.of(
            "schedule with four fields",
            spec("triggers: [{name: t, schedule: {cron: '*/5 * * *'}}]"),
            "spec.triggers[0].schedule.cron"),
        Arguments.of(
            "schedule with an unknown macro",
            spec("triggers: [{name: t, schedule: {cron: '@fortnightly'}}]"),
            "spec.triggers[0].schedule.cron"),
        Arguments.of(
            "schedule zone as an offset",
            spec("triggers: [{name: t, schedule: {cron: '@daily', timeZone: '+02:00'}}]"),
            "spec.triggers[0].schedule.timeZone"),
        Arguments.of(
            "schedule with kafka",
            spec("triggers: [{name: t, kafka: {topics: [a]}, schedule: {cron: '@daily'}}]"),
            "exactly one of kafka, broker or schedule"),
        Arguments.of(
            "schedule with a filter",
            spec("triggers: [{name: t, schedule: {cron: '@daily'}, filter: {type: x}}]"),
            "a schedule trigger takes no filter"),
        Arguments.of(
            "trigger named async",
            spec("triggers: [{name: async, kafka: {topics: [a]}}]"),
            "kept for spec.async"),
        Arguments.of(
            "async destination not a topic name",
            spec("async: {onSuccess: 'not a topic'}"),
            "spec.async.onSuccess"),
        // Routes and CORS.
        Arguments.of(
            "route method unknown",
            spec("http: {routes: [{method: FETCH, path: /orders}]}"),
            "spec.http.routes[0].method"),
        Arguments.of(
            "route path relative",
            spec("http: {routes: [{path: orders}]}"),
            "spec.http.routes[0].path"),
        Arguments.of(
            "route path with a comma",
            spec("http: {routes: [{path: '/a,b'}]}"),
            "spec.http.routes[0].path"),
        Arguments.of(
            "the same route twice",
            spec("http: {routes: [{method: GET, path: /a}, {method: GET, path: /a}]}"),
            "routes must differ in method or path"),
        Arguments.of(
            "cors without routes",
            spec("http: {cors: {allowOrigins: ['*']}}"),
            "add spec.http.routes"),
        Arguments.of(
            "cors origin with a path",
            spec("http: {routes: [{path: /a}], cors: {allowOrigins: ['https://a.example/x']}}"),
            "each origin is '*' or scheme://host"),
        Arguments.of(
            "cors credentials with any origin",
            spec(
                "http: {routes: [{path: /a}], cors: {allowOrigins: ['*'], allowCredentials: true}}"),
            "allowCredentials cannot be combined"),
        Arguments.of(
            "too many triggers", spec("triggers: [" + manyTriggers(17) + "]"), "spec.triggers"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void refusesInvalidSpecs(String name, String yaml, String mentions) throws IOException {
    List<String> problems = admission.check(yaml);

    assertThat(problems).as("problems for " + name).isNotEmpty();
    assertThat(String.join("\n", problems)).contains(mentions);
  }

  @Test
  void everyCelRuleCompiles() throws Exception {
    List<String> rules = new ArrayList<>();
    collectRules(admission.schema(), rules);
    assertThat(rules).hasSizeGreaterThanOrEqualTo(6);
    for (String rule : rules) {
      assertThat(admission.compile(rule)).as(rule).isNotNull();
    }
  }

  @Test
  void everyListIsBoundedSoTheApiServerCanCostCelRules() {
    List<String> unbounded = new ArrayList<>();
    findUnboundedLists(admission.schema(), "", unbounded);
    assertThat(unbounded).as("arrays without maxItems under spec").isEmpty();
  }

  private static String manyTriggers(int count) {
    List<String> triggers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      triggers.add("{name: t" + i + ", broker: {}}");
    }
    return String.join(", ", triggers);
  }

  @SuppressWarnings("unchecked")
  private static void collectRules(Map<String, Object> schema, List<String> rules) {
    for (Map<String, Object> rule :
        (List<Map<String, Object>>) schema.getOrDefault("x-kubernetes-validations", List.of())) {
      rules.add((String) rule.get("rule"));
    }
    ((Map<String, Object>) schema.getOrDefault("properties", Map.of()))
        .values()
        .forEach(child -> collectRules((Map<String, Object>) child, rules));
    if (schema.get("items") instanceof Map<?, ?> items) {
      collectRules((Map<String, Object>) items, rules);
    }
  }

  @SuppressWarnings("unchecked")
  private static void findUnboundedLists(
      Map<String, Object> schema, String path, List<String> out) {
    if ("array".equals(schema.get("type"))
        && path.startsWith(".spec")
        && !path.contains(".env[")
        && !path.contains(".envFrom[")
        && !path.contains(".resources")
        && !schema.containsKey("maxItems")) {
      out.add(path);
    }
    ((Map<String, Object>) schema.getOrDefault("properties", Map.of()))
        .forEach(
            (name, child) ->
                findUnboundedLists((Map<String, Object>) child, path + "." + name, out));
    if (schema.get("items") instanceof Map<?, ?> items) {
      findUnboundedLists((Map<String, Object>) items, path + "[]", out);
    }
  }
}
