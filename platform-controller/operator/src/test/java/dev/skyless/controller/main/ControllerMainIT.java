package dev.skyless.controller.main;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skyless.controller.config.ControllerConfig;
import dev.skyless.controller.testing.ControllerHarness;
import dev.skyless.controller.testing.FakeKnative;
import dev.skyless.controller.testing.Functions;
import dev.skyless.kafka.embedded.EmbeddedKafka;
import dev.skyless.kafka.embedded.SharedKafka;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The controller as Main wires it: leader election, health, metrics, the platform ConfigMap. */
@EnableKubernetesMockClient(crud = true, https = false)
class ControllerMainIT {

  KubernetesMockServer server;
  KubernetesClient client;

  @Test
  void takesTheLeaseServesHealthAndMetricsAndReadsThePlatformConfigMap() throws Exception {
    EmbeddedKafka kafka = SharedKafka.get();
    ControllerHarness.installCrds(client, true);
    ControllerHarness.allowLeaseRules(server);
    ControllerHarness.platformConfigMap(
        client, Map.of("kafka.bootstrapServers", kafka.bootstrapServers(), "scale.max", "7"));
    ControllerConfig config =
        ControllerConfig.parse(
            Map.of("SKYLESS_HTTP_PORT", "0", "SKYLESS_RECHECK_SECONDS", "1")::get);
    KubernetesClient own =
        new KubernetesClientBuilder().withConfig(client.getConfiguration()).build();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (var knative = new FakeKnative(client);
        var running = ControllerMain.start(config, own, LoggerFactory.getLogger("test"), false)) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  client
                          .resources(Lease.class)
                          .inNamespace("skyless-system")
                          .withName("skyless-controller")
                          .get()
                      != null);
      client
          .resource(Functions.withSpec("hello", "triggers: [{name: t, kafka: {topics: [a]}}]"))
          .create();

      String base = "http://127.0.0.1:" + running.operations().port();
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                assertThat(get(http, base + "/health/ready").statusCode()).isEqualTo(200);
                assertThat(get(http, base + "/metrics").body())
                    .containsPattern("skyless_controller_reconciles_total [1-9]");
              });
      assertThat(get(http, base + "/health/live").statusCode()).isEqualTo(200);
      assertThat(get(http, base + "/metrics").body())
          .contains("skyless_controller_reconcile_seconds_bucket");
      var source =
          await()
              .atMost(Duration.ofSeconds(20))
              .until(
                  () ->
                      client
                          .resources(io.fabric8.knative.sources.v1beta1.KafkaSource.class)
                          .inNamespace("shop")
                          .withName("hello-t")
                          .get(),
                  java.util.Objects::nonNull);
      assertThat(source.getSpec().getBootstrapServers()).containsExactly(kafka.bootstrapServers());
      // The dead-letter topic exists on the broker before its sink, owned by no sink.
      try (var admin = kafka.admin()) {
        assertThat(admin.listTopics().names().get(10, java.util.concurrent.TimeUnit.SECONDS))
            .contains("a.dlq");
      }
      var service =
          client
              .resources(io.fabric8.knative.serving.v1.Service.class)
              .inNamespace("shop")
              .withName("hello")
              .get();
      assertThat(service.getSpec().getTemplate().getMetadata().getAnnotations())
          .containsEntry("autoscaling.knative.dev/max-scale", "7");
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
