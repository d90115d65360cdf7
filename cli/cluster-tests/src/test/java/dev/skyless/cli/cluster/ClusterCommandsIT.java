package dev.skyless.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.skyless.api.v1alpha1.Function;
import dev.skyless.api.v1alpha1.FunctionSpec;
import dev.skyless.api.v1alpha1.FunctionStatus;
import dev.skyless.cli.CliContext;
import dev.skyless.cli.ExitCodes;
import dev.skyless.cli.SkylessCommand;
import dev.skyless.cli.build.base.BaseImageMaker;
import dev.skyless.cli.build.base.BaseImageRequest;
import dev.skyless.cli.build.base.DebianPackages;
import dev.skyless.cli.build.impl.JibImageBuilder;
import dev.skyless.cli.cluster.impl.KubernetesCluster;
import dev.skyless.cli.container.Registry;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The cluster commands through {@code CommandLine.execute} against fabric8's mock API server (CRUD
 * mode); the controller's part (status) is played by the test.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ClusterCommandsIT {

  KubernetesMockServer server;
  KubernetesClient client;
  @TempDir Path home;

  record Run(int exitCode, String out, String err) {}

  private Run run(String... args) {
    return run(new JibImageBuilder(Map.of()), args);
  }

  private Run run(dev.skyless.cli.build.ImageBuilder images, String... args) {
    // Each command closes its cluster: hand it a client of its own on the mock server.
    Cluster.Connector connector =
        context ->
            new KubernetesCluster(
                new KubernetesClientBuilder().withConfig(client.getConfiguration()).build());
    CliContext context = new CliContext(Map.of(), home, connector, images);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = SkylessCommand.commandLine(context);
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return new Run(line.execute(args), out.toString(), err.toString());
  }

  private Function function(String namespace, String name, String url) {
    Function f = new Function();
    f.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    FunctionSpec spec = new FunctionSpec();
    spec.setImage("registry.example.com/" + name + "@sha256:" + "0".repeat(64));
    f.setSpec(spec);
    Function created = client.resource(f).create();
    if (url != null) {
      markReady(created, "True", url);
    }
    return created;
  }

  private void markReady(Function f, String ready, String url) {
    FunctionStatus status = new FunctionStatus();
    status.setUrl(url);
    status.setObservedGeneration(f.getMetadata().getGeneration());
    status.setConditions(
        List.of(
            new ConditionBuilder()
                .withType("Ready")
                .withStatus(ready)
                .withReason("True".equals(ready) ? "Ready" : "RevisionFailed")
                .withMessage("True".equals(ready) ? null : "image pull failed")
                .build()));
    f.setStatus(status);
    client.resource(f).updateStatus();
  }

  @Test
  void listShowsReadinessAndUrlAsTableJsonAndYaml() {
    function("shop", "orders", "http://orders.shop.example.com");
    function("shop", "inventory", null);

    Run table = run("list", "-n", "shop");
    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(table.out())
        .contains("NAME", "READY", "URL")
        .containsPattern("orders\\s+True\\s+http://orders.shop.example.com")
        .containsPattern("inventory\\s+Unknown");

    Run json = run("list", "-n", "shop", "-o", "json");
    assertThat(json.out()).contains("\"kind\" : \"Function\"", "\"name\" : \"orders\"");
    Run yaml = run("list", "-n", "shop", "-o", "yaml");
    assertThat(yaml.out()).contains("kind: \"Function\"", "name: \"inventory\"");

    assertThat(run("list", "-n", "empty").out()).contains("No functions in namespace empty.");
  }

  @Test
  void describeShowsSpecAndConditionsAndUnknownIsExit3() {
    function("shop", "orders", "http://orders.shop.example.com");
    Run describe = run("describe", "orders", "-n", "shop");
    assertThat(describe.exitCode()).isZero();
    assertThat(describe.out())
        .contains("Image:      registry.example.com/orders@sha256:")
        .contains("URL:        http://orders.shop.example.com")
        .contains("Ready=True  Ready");

    Run missing = run("describe", "nope", "-n", "shop");
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(missing.err()).contains("no function nope in namespace shop");
  }

  @Test
  void deleteRemovesTheFunction() {
    function("shop", "orders", null);
    Run delete = run("delete", "orders", "-n", "shop");
    assertThat(delete.exitCode()).isZero();
    assertThat(delete.out()).contains("Deleted function shop/orders");
    assertThat(client.resources(Function.class).inNamespace("shop").withName("orders").get())
        .isNull();
    assertThat(run("delete", "orders", "-n", "shop").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void deployAppliesTheFunctionWaitsForReadyAndPrintsTheUrl() throws Exception {
    Path project = project("greeter");
    CompletableFuture<Void> controller =
        CompletableFuture.runAsync(
            () -> {
              Function f = awaitCreated("shop", "greeter");
              markReady(f, "True", "http://greeter.shop.example.com");
            });
    Run deploy =
        run(
            "deploy",
            project.toString(),
            "--image",
            "registry.example.com/greeter@sha256:" + "1".repeat(64),
            "-n",
            "shop",
            "--timeout",
            "30s");
    controller.get();
    assertThat(deploy.exitCode()).as(deploy.err()).isZero();
    assertThat(deploy.out().strip()).isEqualTo("http://greeter.shop.example.com");
    assertThat(deploy.err()).contains("applying Function shop/greeter", "Ready=True");
    Function stored =
        client.resources(Function.class).inNamespace("shop").withName("greeter").get();
    assertThat(stored.getSpec().getImage()).endsWith("1".repeat(64));
  }

  @Test
  void deployBuildsPushesToARealRegistryAndAppliesThePushedDigest() throws Exception {
    assumeTrue(Registry.unavailable().isEmpty(), () -> Registry.unavailable().orElseThrow());
    Path base = home.resolve("base");
    new BaseImageMaker(new DebianPackages())
        .make(BaseImageRequest.defaults(base, "base:test"), line -> {});
    Path hello = Path.of("../../functions/hello").toAbsolutePath().normalize();
    try (Registry registry = Registry.start(Files.createDirectories(home.resolve("registry")))) {
      CompletableFuture<Function> applied =
          CompletableFuture.supplyAsync(
              () -> {
                Function f = awaitCreated("shop", "hello");
                markReady(f, "True", "http://hello.shop.example.com");
                return f;
              });
      Run deploy =
          run(
              "deploy",
              hello.toString(),
              "--registry",
              registry.host() + "/team",
              "--insecure-registry",
              "--base",
              "oci:" + base,
              "--no-aot",
              "-n",
              "shop",
              "--timeout",
              "60s");
      assertThat(deploy.exitCode()).as(deploy.err()).isZero();
      String image = applied.get().getSpec().getImage();
      assertThat(image).matches(registry.host() + "/team/hello@sha256:[0-9a-f]{64}");
      assertThat(registry.has("team/hello", image.substring(image.indexOf('@') + 1))).isTrue();
    }
  }

  @Test
  void deployThatFailsToBecomeReadyIsExit1WithTheReason() throws Exception {
    Path project = project("broken");
    CompletableFuture<Void> controller =
        CompletableFuture.runAsync(() -> markReady(awaitCreated("shop", "broken"), "False", null));
    Run deploy =
        run("deploy", project.toString(), "--image", "registry.example.com/broken:1", "-n", "shop");
    controller.get();
    assertThat(deploy.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(deploy.err()).contains("broken is not Ready: RevisionFailed: image pull failed");
  }

  @Test
  void deployWithNoControllerTimesOutWithExit6() throws Exception {
    Path project = project("lonely");
    Run deploy =
        run(
            "deploy",
            project.toString(),
            "--image",
            "registry.example.com/lonely:1",
            "-n",
            "shop",
            "--timeout",
            "2s");
    assertThat(deploy.exitCode()).isEqualTo(ExitCodes.TIMEOUT);
    assertThat(deploy.err())
        .contains("lonely was not Ready after 2 s", "waiting for the controller");
  }

  /**
   * {@code skyless dlq} on a cluster: the Function's triggers from the API server, the Kafka from
   * the platform ConfigMap; three dead letters listed, redriven once, marked.
   */
  @Test
  void dlqListsAndRedrivesAClusterFunctionsDeadLettersThroughThePlatformsKafka() throws Exception {
    var kafka = dev.skyless.kafka.embedded.SharedKafka.get();
    kafka.createTopic("cluster.orders", 1);
    kafka.createTopic("cluster.orders.dlq", 1);
    client
        .configMaps()
        .inNamespace("skyless-system")
        .resource(
            new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata()
                .withName("skyless-config")
                .withNamespace("skyless-system")
                .endMetadata()
                .addToData("kafka.bootstrapServers", kafka.bootstrapServers())
                .build())
        .create();
    Function f = new Function();
    f.setMetadata(new ObjectMetaBuilder().withName("inventory").withNamespace("shop").build());
    FunctionSpec spec = new FunctionSpec();
    spec.setImage("registry.example.com/inventory@sha256:" + "0".repeat(64));
    dev.skyless.api.v1alpha1.Trigger trigger = new dev.skyless.api.v1alpha1.Trigger();
    trigger.setName("placed");
    dev.skyless.api.v1alpha1.KafkaTrigger reads = new dev.skyless.api.v1alpha1.KafkaTrigger();
    reads.setTopics(List.of("cluster.orders"));
    trigger.setKafka(reads);
    spec.setTriggers(List.of(trigger));
    f.setSpec(spec);
    client.resource(f).create();
    try (var producer =
        new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(
            Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
            new org.apache.kafka.common.serialization.ByteArraySerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      for (int i = 0; i < 3; i++) {
        // As Knative's KafkaSink writes a dead-lettered event: CloudEvent headers, no origin.
        var record =
            new org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>(
                "cluster.orders.dlq",
                ("{\"n\":" + i + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        record
            .headers()
            .add("ce_specversion", "1.0".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        record
            .headers()
            .add("ce_id", ("placed-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        record
            .headers()
            .add(
                "ce_type",
                "com.example.order.placed".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        record
            .headers()
            .add("ce_source", "/shop/order".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        record
            .headers()
            .add("ce_knativeerrorcode", "503".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        producer.send(record).get();
      }
    }

    Run list = run("dlq", "list", "inventory", "-n", "shop", "--target", "cluster");
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out())
        .contains(
            "cluster.orders.dlq (trigger placed): 3 dead letter(s), 0 redriven", "placed-2", "503");
    Run redrive = run("dlq", "redrive", "inventory", "-n", "shop", "--target", "cluster");
    assertThat(redrive.exitCode()).as(redrive.err()).isZero();
    assertThat(redrive.out()).contains("3 redriven, 0 already redriven before");
    assertThat(run("dlq", "redrive", "inventory", "-n", "shop", "--target", "cluster").out())
        .contains("0 redriven, 3 already redriven before");
    assertThat(run("dlq", "list", "inventory", "-n", "shop", "--target", "cluster").out())
        .contains("3 dead letter(s), 3 redriven");
    Run missing = run("dlq", "list", "nothing", "-n", "shop", "--target", "cluster");
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void deployWithoutImageOrRegistryIsAUsageError() throws Exception {
    Run deploy = run("deploy", project("nowhere").toString(), "-n", "shop");
    assertThat(deploy.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(deploy.err()).contains("--registry", "SKYLESS_REGISTRY", "--image");
  }

  @Test
  void deployTakesTheRegistryFromThePlatformConfigMap() throws Exception {
    client
        .configMaps()
        .inNamespace("skyless-system")
        .resource(
            new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata()
                .withName("skyless-config")
                .withNamespace("skyless-system")
                .endMetadata()
                .addToData("registry", "registry.example.com/functions")
                .build())
        .create();
    // The project was never built: deploy got as far as building for that registry.
    Run deploy = run("deploy", project("unbuilt").toString(), "-n", "shop");
    assertThat(deploy.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(deploy.err()).contains("has no target/app", "mvn package");
  }

  @Test
  void invokeCallsTheFunctionsUrlFromItsStatus() throws Exception {
    HttpServer fn =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    fn.createContext(
        "/",
        exchange -> {
          byte[] body =
              ("{\"path\":\""
                      + exchange.getRequestURI().getPath()
                      + "\",\"type\":\""
                      + exchange.getRequestHeaders().getFirst("ce-type")
                      + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    fn.start();
    try {
      function("shop", "orders", "http://127.0.0.1:" + fn.getAddress().getPort());
      Run invoke =
          run(
              "invoke",
              "orders",
              "-n",
              "shop",
              "--target",
              "cluster",
              "--path",
              "/order",
              "--type",
              "com.example.order.requested",
              "--data",
              "{}");
      assertThat(invoke.exitCode()).as(invoke.err()).isZero();
      assertThat(invoke.out()).contains("\"path\":\"/order\"", "com.example.order.requested");
    } finally {
      fn.stop(0);
    }
  }

  @Test
  void logsPrintsThePodsLogOrSaysItScaledToZero() {
    function("shop", "orders", "http://orders.shop.example.com");
    Run none = run("logs", "orders", "-n", "shop", "--target", "cluster");
    assertThat(none.exitCode()).isZero();
    assertThat(none.out()).contains("scaled to zero");

    client
        .pods()
        .inNamespace("shop")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("orders-00001-deployment-abc")
                .withNamespace("shop")
                .addToLabels("serving.knative.dev/service", "orders")
                .endMetadata()
                .build())
        .create();
    server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/shop/pods/orders-00001-deployment-abc/log?pretty=false&container=function&tailLines=100")
        .andReturn(200, "{\"message\":\"order placed\"}\n")
        .always();
    Run logs = run("logs", "orders", "-n", "shop", "--target", "cluster");
    assertThat(logs.exitCode()).as(logs.err()).isZero();
    assertThat(logs.out()).contains("order placed");
  }

  @Test
  void aClusterWithoutTheCrdIsExit4WithHowToInstall() {
    server
        .expect()
        .get()
        .withPath("/apis/skyless.dev/v1alpha1/namespaces/bare/functions")
        .andReturn(
            404,
            "{\"kind\":\"Status\",\"code\":404,\"message\":\"the server could not find the requested resource\"}")
        .always();
    Run list = run("list", "-n", "bare");
    assertThat(list.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
    assertThat(list.err()).contains("Skyless is not installed in this cluster", "helm install");
  }

  private Function awaitCreated(String namespace, String name) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      Function f = client.resources(Function.class).inNamespace(namespace).withName(name).get();
      if (f != null) {
        return f;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError(name + " was never created");
  }

  /**
   * Stands in for the registry push only (no registry runs here; {@code BuildCommandTest} builds
   * real images): records what deploy asked for and answers with a digest, or refuses one name.
   */
  private static final class RecordingImages implements dev.skyless.cli.build.ImageBuilder {
    final List<String> built = new java.util.concurrent.CopyOnWriteArrayList<>();
    final String refuse;

    RecordingImages(String refuse) {
      this.refuse = refuse;
    }

    @Override
    public dev.skyless.cli.build.BuildResult build(
        dev.skyless.cli.build.BuildRequest request, java.util.function.Consumer<String> progress) {
      progress.accept("pushing " + request.image());
      if (request.image().contains(refuse)) {
        throw new dev.skyless.cli.CliException(
            ExitCodes.REGISTRY, "the registry refused " + request.image() + ": unauthorized");
      }
      built.add(request.image());
      String digest = "sha256:" + String.format("%064x", request.image().hashCode() & 0xffffffffL);
      return new dev.skyless.cli.build.BuildResult(request.image(), digest, false);
    }
  }

  /** An app folder: skyless.yaml naming two built projects, one reading a Secret. */
  private Path app() throws Exception {
    Path app = Files.createDirectories(home.resolve("app"));
    for (String name : List.of("front", "back")) {
      Path project = Files.createDirectories(app.resolve(name));
      Files.createDirectories(project.resolve("k8s"));
      Files.writeString(
          project.resolve("k8s/function.yaml"),
          """
          apiVersion: skyless.dev/v1alpha1
          kind: Function
          metadata: {name: %s}
          spec:
            image: placeholder
            env:
              - name: DB_URL
                valueFrom: {secretKeyRef: {name: shop-db-app, key: jdbc-uri}}
          """
              .formatted(name));
      Path jar = Files.createDirectories(project.resolve("target/app")).resolve(name + ".jar");
      try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
        out.putNextEntry(new java.util.jar.JarEntry("META-INF/services/dev.skyless.sdk.Function"));
        out.write(("example." + name + "\n").getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    Files.writeString(
        app.resolve("skyless.yaml"),
        "name: shop\nfunctions: [front/k8s, back/k8s]\nservices: {shop-db: {postgres: {}}}\n");
    return app;
  }

  @Test
  void deployOfAnAppBuildsEveryFunctionAppliesThemAllAndWaitsForEach() throws Exception {
    Path app = app();
    CompletableFuture<Void> controller =
        CompletableFuture.runAsync(
            () -> {
              for (String name : List.of("front", "back")) {
                markReady(
                    awaitCreated("shop", name), "True", "http://" + name + ".shop.example.com");
              }
            });
    RecordingImages images = new RecordingImages("nothing");
    Run deploy =
        run(
            images,
            "deploy",
            app.toString(),
            "--registry",
            "registry.example.com/shop",
            "-n",
            "shop",
            "--timeout",
            "30s");
    controller.get();
    assertThat(deploy.exitCode()).as(deploy.err()).isZero();
    assertThat(images.built)
        .containsExactly(
            "registry.example.com/shop/front:latest", "registry.example.com/shop/back:latest");
    assertThat(deploy.err())
        .contains(
            "[1/2] front: build: pushing registry.example.com/shop/front:latest",
            "[2/2] back: build: pushing registry.example.com/shop/back:latest",
            "applying Function shop/front",
            "applying Function shop/back",
            "the functions read Secrets shop-db-app",
            "back: Ready=True");
    assertThat(deploy.out())
        .containsPattern("front\\s+True\\s+http://front.shop.example.com")
        .containsPattern("back\\s+True\\s+http://back.shop.example.com");
    assertThat(client.resources(Function.class).inNamespace("shop").withName("back").get())
        .satisfies(
            f ->
                assertThat(f.getSpec().getImage())
                    .startsWith("registry.example.com/shop/back@sha256:"));
  }

  @Test
  void anAppWhoseImageCannotBePushedAppliesNothing() throws Exception {
    Run deploy =
        run(
            new RecordingImages("/back"),
            "deploy",
            app().resolve("skyless.yaml").toString(),
            "--registry",
            "registry.example.com/shop",
            "-n",
            "shop");
    assertThat(deploy.exitCode()).isEqualTo(ExitCodes.REGISTRY);
    assertThat(deploy.err()).contains("the registry refused registry.example.com/shop/back:latest");
    assertThat(client.resources(Function.class).inNamespace("shop").list().getItems()).isEmpty();
  }

  @Test
  void anAppTakesNoImage() throws Exception {
    Run deploy = run("deploy", app().toString(), "--image", "x:1", "-n", "shop");
    assertThat(deploy.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(deploy.err()).contains("--image names one function's image");
  }

  private Path project(String name) throws Exception {
    Path dir = Files.createDirectories(home.resolve(name).resolve("k8s"));
    Files.writeString(
        dir.resolve("function.yaml"),
        """
        apiVersion: skyless.dev/v1alpha1
        kind: Function
        metadata: {name: %s}
        spec: {image: placeholder}
        """
            .formatted(name));
    return dir.getParent();
  }
}
