package dev.skyless.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The chart on a real cluster (k3s in Docker): Knative Serving, the chart, the hello sample; invoke
 * it, then see it scale to zero. Needs Docker and the internet (images, Knative's manifests);
 * skipped otherwise. Run: {@code mvn -pl charts/tests verify -Dtest=ChartE2E
 * -Dskyless.e2e.controllerImage=<controller image> -Dskyless.e2e.helloImage=<hello image>}.
 */
class ChartE2E {

  static final String KNATIVE =
      "https://github.com/knative/serving/releases/download/knative-v1.16.0/";

  static void needsDocker() {
    boolean docker;
    try {
      docker = DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      docker = false;
    }
    Assumptions.assumeTrue(
        docker, "ChartE2E skipped: no Docker engine here (it needs k3s in Docker)");
    Assumptions.assumeTrue(
        System.getProperty("skyless.e2e.controllerImage") != null,
        "ChartE2E skipped: -Dskyless.e2e.controllerImage names no controller image");
  }

  @Test
  void installsKnativeTheChartAndASampleThatAnswersAndScalesToZero() throws Exception {
    needsDocker();
    try (K3sContainer k3s = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"))) {
      k3s.start();
      Path kubeconfig = Files.createTempFile("k3s", ".yaml");
      Files.writeString(kubeconfig, k3s.getKubeConfigYaml());
      try (KubernetesClient client =
          new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml()))
              .build()) {
        for (String manifest : new String[] {"serving-crds.yaml", "serving-core.yaml"}) {
          client.load(URI.create(KNATIVE + manifest).toURL().openStream()).serverSideApply();
        }
        client
            .load(
                URI.create(
                        "https://github.com/knative/net-kourier/releases/download/knative-v1.16.0/kourier.yaml")
                    .toURL()
                    .openStream())
            .serverSideApply();
        new Helm(Chart.DIR)
            .install()
            .withName("skyless")
            .withNamespace("skyless-system")
            .createNamespace()
            .withKubeConfig(kubeconfig)
            .set(
                "image.repository", System.getProperty("skyless.e2e.controllerImage").split(":")[0])
            .set("image.tag", System.getProperty("skyless.e2e.controllerImage").split(":")[1])
            .waitReady()
            .call();
        String sample =
            Files.readString(Path.of("../../k8s/samples/hello.yaml"))
                .replaceAll("image: .*", "image: " + System.getProperty("skyless.e2e.helloImage"));
        client.load(new java.io.ByteArrayInputStream(sample.getBytes())).serverSideApply();
        var hello =
            client
                .genericKubernetesResources("skyless.dev/v1alpha1", "Function")
                .inNamespace("default")
                .withName("hello");
        await()
            .atMost(Duration.ofMinutes(5))
            .until(
                () ->
                    String.valueOf(hello.get().getAdditionalProperties().get("status"))
                        .contains("Ready"));
        String url =
            ((java.util.Map<?, ?>) hello.get().getAdditionalProperties().get("status"))
                .get("url")
                .toString();
        HttpResponse<String> response =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create(url))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"k3s\"}"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).contains("Hello, k3s!");
        await()
            .atMost(Duration.ofMinutes(3))
            .until(
                () ->
                    client
                        .pods()
                        .inNamespace("default")
                        .withLabel("serving.knative.dev/service", "hello")
                        .list()
                        .getItems()
                        .isEmpty());
      }
    }
  }
}
