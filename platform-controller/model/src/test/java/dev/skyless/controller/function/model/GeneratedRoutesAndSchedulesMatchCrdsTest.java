package dev.skyless.controller.function.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyless.api.admission.CrdValidator;
import dev.skyless.api.v1alpha1.Function;
import dev.skyless.controller.config.PlatformDefaults;
import dev.skyless.controller.testing.Desired;
import dev.skyless.controller.testing.Functions;
import dev.skyless.controller.testing.GatewayApiCrds;
import dev.skyless.controller.testing.KnativeCrds;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What schedules, async invocations and routes become passes the schemas a cluster enforces:
 * PingSource and KafkaSink/KafkaSource (Knative) and HTTPRoute and ReferenceGrant (Gateway API,
 * standard channel, with their CEL rules evaluated).
 */
class GeneratedRoutesAndSchedulesMatchCrdsTest {

  static final PlatformDefaults DEFAULTS =
      PlatformDefaults.fromConfigMap(
          Map.of(
              "kafka.bootstrapServers", "kafka-0:9092",
              "gateway.name", "skyless",
              "gateway.namespace", "skyless-system",
              "gateway.listener", "https"));

  static final Function EVERYTHING =
      Functions.withSpec(
          "shop-api",
          """
          triggers:
            - {name: nightly, schedule: {cron: '30 2 * * *', timeZone: Europe/Berlin, type: com.example.report.due, data: {report: sales, days: [1, 2]}}}
            - {name: hourly, schedule: {cron: '@hourly'}, delivery: {retries: 1}}
          async: {onSuccess: shop.results, onFailure: shop.failures, delivery: {retries: 2, backoffDelay: 1s}}
          http:
            routes:
              - {method: POST, path: /orders}
              - {method: GET, path: '/orders/{id}'}
              - {path: '/files/*'}
              - {method: GET, path: '/files/{bucket}/{key}/*'}
            cors: {allowOrigins: ['https://shop.example.com', 'https://*.example.org'], allowMethods: [GET, POST], allowHeaders: [content-type], exposeHeaders: [x-request-id], allowCredentials: true, maxAge: 600}
          """);

  private static CrdValidator pingSource;
  private static CrdValidator kafkaSink;
  private static CrdValidator kafkaSource;
  private static CrdValidator httpRoute;
  private static CrdValidator referenceGrant;

  @BeforeAll
  static void crds() throws Exception {
    KnativeCrds.assumePresent();
    GatewayApiCrds.assumePresent();
    pingSource = KnativeCrds.pingSource();
    kafkaSink = KnativeCrds.kafkaSink();
    kafkaSource = KnativeCrds.kafkaSource();
    httpRoute = GatewayApiCrds.httpRoute();
    referenceGrant = GatewayApiCrds.referenceGrant();
  }

  @Test
  void everyNewChildPassesItsSchema() throws Exception {
    List<String> problems = new ArrayList<>();
    var pings = Desired.pingSources(EVERYTHING, DEFAULTS);
    var sinks = Desired.kafkaSinks(EVERYTHING, DEFAULTS);
    var sources = Desired.kafkaSources(EVERYTHING, DEFAULTS);
    var routes = Desired.httpRoutes(EVERYTHING, DEFAULTS);
    pings.values().forEach(p -> check(pingSource, p, problems));
    sinks.values().forEach(s -> check(kafkaSink, s, problems));
    sources.values().forEach(s -> check(kafkaSource, s, problems));
    routes.values().forEach(r -> check(httpRoute, r, problems));
    check(referenceGrant, HttpRouteModel.referenceGrant("shop", DEFAULTS).orElseThrow(), problems);

    assertThat(problems).isEmpty();
    assertThat(pings).containsOnlyKeys("shop-api-nightly", "shop-api-hourly");
    assertThat(sinks)
        .containsKeys(
            "shop-api-nightly-in",
            "shop-api-hourly-in",
            "shop-api-async-in",
            "shop-api-async-dlq",
            "shop-api-async-failure-dlq");
    assertThat(sources)
        .containsOnlyKeys(
            "shop-api-nightly", "shop-api-hourly", "shop-api-async", "shop-api-async-failure");
    assertThat(routes).containsOnlyKeys("shop-api");
  }

  @Test
  void aPingSourceSendsToItsIntakeSinkWhoseTopicItsKafkaSourceReads() {
    var ping = Desired.pingSources(EVERYTHING, DEFAULTS).get("shop-api-nightly");
    assertThat(ping.getSpec().getSchedule()).isEqualTo("30 2 * * *");
    assertThat(ping.getSpec().getTimezone()).isEqualTo("Europe/Berlin");
    assertThat(ping.getSpec().getContentType()).isEqualTo("application/json");
    assertThat(ping.getSpec().getData()).isEqualTo("{\"report\":\"sales\",\"days\":[1,2]}");
    assertThat(ping.getSpec().getCeOverrides().getExtensions())
        .containsEntry("skylesstype", "com.example.report.due");
    assertThat(ping.getSpec().getSink().getRef().getKind()).isEqualTo("KafkaSink");
    String sinkName = ping.getSpec().getSink().getRef().getName();
    String topic = Desired.kafkaSinks(EVERYTHING, DEFAULTS).get(sinkName).getSpec().getTopic();
    var source = Desired.kafkaSources(EVERYTHING, DEFAULTS).get("shop-api-nightly");
    assertThat(source.getSpec().getTopics()).containsExactly(topic);
    assertThat(topic).isEqualTo("shop.shop-api.nightly.schedule");
    assertThat(source.getSpec().getSink().getUri()).startsWith("/_skyless/triggers/nightly?");
    assertThat(source.getSpec().getDelivery().getDeadLetterSink().getRef().getName())
        .isEqualTo("shop-api-nightly-dlq");
  }

  @Test
  void asyncCallsArriveThroughTheirSinkAndTheirDeadLettersFeedTheFailureTrigger() {
    var settings = Desired.settings(EVERYTHING, DEFAULTS);
    var sinks = Desired.kafkaSinks(EVERYTHING, DEFAULTS);
    var sources = Desired.kafkaSources(EVERYTHING, DEFAULTS);
    assertThat(sinks.get("shop-api-async-in").getSpec().getTopic())
        .isEqualTo("shop.shop-api.async");
    assertThat(sources.get("shop-api-async").getSpec().getTopics())
        .containsExactly("shop.shop-api.async");
    assertThat(sources.get("shop-api-async").getSpec().getOrdering()).isEqualTo("unordered");
    assertThat(sources.get("shop-api-async").getSpec().getDelivery().getRetry()).isEqualTo(2);
    String deadLetters = sinks.get("shop-api-async-dlq").getSpec().getTopic();
    assertThat(sources.get("shop-api-async-failure").getSpec().getTopics())
        .containsExactly(deadLetters);
    var env = RuntimeEnvironment.of(EVERYTHING, settings, DEFAULTS);
    assertThat(env)
        .containsEntry("SKYLESS_ASYNC_ON_SUCCESS", "shop.results")
        .containsEntry("SKYLESS_ASYNC_ON_FAILURE", "shop.failures")
        .containsEntry("SKYLESS_KAFKA_BOOTSTRAP_SERVERS", "kafka-0:9092")
        .containsEntry(
            "SKYLESS_HTTP_ROUTES",
            "POST /orders,GET /orders/{id},* /files/*,GET /files/{bucket}/{key}/*");
  }

  @Test
  void theHttpRouteReachesKnativesIngressWithTheFunctionsHostAndAnswersPreflights() {
    var route = Desired.httpRoutes(EVERYTHING, DEFAULTS).get("shop-api");
    var parent = route.getSpec().getParentRefs().getFirst();
    assertThat(parent.getName()).isEqualTo("skyless");
    assertThat(parent.getNamespace()).isEqualTo("skyless-system");
    assertThat(parent.getSectionName()).isEqualTo("https");
    var rule = route.getSpec().getRules().getFirst();
    assertThat(rule.getBackendRefs().getFirst().getName()).isEqualTo("kourier-internal");
    assertThat(rule.getBackendRefs().getFirst().getNamespace()).isEqualTo("kourier-system");
    assertThat(rule.getFilters().getFirst().getUrlRewrite().getHostname())
        .isEqualTo("shop-api.shop");
    assertThat(rule.getFilters().get(1).getType()).isEqualTo("CORS");
    assertThat(
            rule.getMatches().stream()
                .map(
                    m ->
                        m.getMethod() + " " + m.getPath().getType() + " " + m.getPath().getValue()))
        .containsExactly(
            "POST Exact /orders",
            "GET RegularExpression ^/orders/[^/]+$",
            "HEAD RegularExpression ^/orders/[^/]+$",
            "null PathPrefix /files",
            "GET RegularExpression ^/files/[^/]+/[^/]+(/.*)?$",
            "HEAD RegularExpression ^/files/[^/]+/[^/]+(/.*)?$",
            "OPTIONS Exact /orders",
            "OPTIONS RegularExpression ^/orders/[^/]+$",
            "OPTIONS RegularExpression ^/files/[^/]+/[^/]+(/.*)?$");
    var grant = HttpRouteModel.referenceGrant("default", DEFAULTS).orElseThrow();
    assertThat(grant.getMetadata().getNamespace()).isEqualTo("kourier-system");
    assertThat(grant.getSpec().getFrom().getFirst().getNamespace()).isEqualTo("default");
    assertThat(HttpRouteModel.referenceGrant("kourier-system", DEFAULTS)).isEmpty();
  }

  @Test
  void theMostRoutesAdmissionAllowsFitTheGatewaysLimits() {
    // 32 GET routes with CORS: each also matches HEAD and OPTIONS, 96 matches, more than the 64 a
    // rule may hold; they are split over two rules, under the 128 an HTTPRoute may hold.
    StringBuilder routes = new StringBuilder();
    for (int i = 0; i < 32; i++) {
      routes.append("      - {method: GET, path: '/r").append(i).append("/{id}'}\n");
    }
    Function many =
        Functions.withSpec(
            "many",
            "http:\n  routes:\n"
                + routes
                + "  cors: {allowOrigins: ['https://shop.example.com'], allowMethods: [GET]}\n");
    var route = Desired.httpRoutes(many, DEFAULTS).get("many");
    List<String> problems = new ArrayList<>();
    check(httpRoute, route, problems);

    assertThat(problems).isEmpty();
    assertThat(route.getSpec().getRules())
        .extracting(rule -> rule.getMatches().size())
        .containsExactly(64, 32);
    assertThat(route.getSpec().getRules())
        .allSatisfy(
            rule -> {
              assertThat(rule.getFilters()).hasSize(2);
              assertThat(rule.getBackendRefs().getFirst().getName()).isEqualTo("kourier-internal");
            });
  }

  @Test
  @SuppressWarnings("unchecked")
  void theGatewaySchemasCelRulesAreEvaluated() throws Exception {
    var route = Desired.httpRoutes(EVERYTHING, DEFAULTS).get("shop-api");
    Map<String, Object> asMap = Serialization.jsonMapper().convertValue(route, Map.class);
    var rule =
        ((List<Map<String, Object>>) ((Map<String, Object>) asMap.get("spec")).get("rules"))
            .getFirst();
    var filter = ((List<Map<String, Object>>) rule.get("filters")).get(1);
    filter.put("type", "URLRewrite");

    assertThat(httpRoute.check(asMap)).anyMatch(p -> p.contains("filter.cors must be nil"));
  }

  private static void check(CrdValidator crd, HasMetadata resource, List<String> problems) {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> asMap = Serialization.jsonMapper().convertValue(resource, Map.class);
      for (String problem : crd.check(asMap)) {
        problems.add(resource.getKind() + " " + resource.getMetadata().getName() + ": " + problem);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
