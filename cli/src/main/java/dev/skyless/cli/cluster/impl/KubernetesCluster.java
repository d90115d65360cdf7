package dev.skyless.cli.cluster.impl;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.cli.CliException;
import dev.skyless.cli.ExitCodes;
import dev.skyless.cli.cluster.Cluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/** {@link Cluster} through the fabric8 client. */
public final class KubernetesCluster implements Cluster {

  private static final Duration POLL = Duration.ofMillis(500);
  private static final String SERVICE_LABEL = "serving.knative.dev/service";
  private static final String PLATFORM_NAMESPACE = "skyless-system";
  private static final String PLATFORM_CONFIG = "skyless-config";

  private final KubernetesClient client;

  public KubernetesCluster(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public String defaultNamespace() {
    String namespace = client.getNamespace();
    return namespace == null ? "default" : namespace;
  }

  @Override
  public List<Function> list(String namespace) {
    try {
      return client.resources(Function.class).inNamespace(namespace).list().getItems();
    } catch (KubernetesClientException e) {
      throw notInstalled(e);
    }
  }

  @Override
  public Optional<Function> get(String namespace, String name) {
    try {
      return Optional.ofNullable(
          client.resources(Function.class).inNamespace(namespace).withName(name).get());
    } catch (KubernetesClientException e) {
      throw notInstalled(e);
    }
  }

  @Override
  public Function apply(Function function) {
    try {
      var resource =
          client
              .resources(Function.class)
              .inNamespace(function.getMetadata().getNamespace())
              .resource(function);
      // create, else update: works the same on every API server (and on the test mock server).
      return resource.createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 422) {
        throw new CliException(
            ExitCodes.USAGE, "the cluster rejected the Function: " + e.getStatus().getMessage(), e);
      }
      throw notInstalled(e);
    }
  }

  @Override
  public boolean delete(String namespace, String name) {
    try {
      return !client
          .resources(Function.class)
          .inNamespace(namespace)
          .withName(name)
          .delete()
          .isEmpty();
    } catch (KubernetesClientException e) {
      throw notInstalled(e);
    }
  }

  @Override
  public Function awaitReady(
      String namespace, String name, Duration timeout, Consumer<Function> progress)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = null;
    Function function = null;
    while (System.nanoTime() < deadline) {
      function = require(namespace, name);
      String now = readiness(function);
      if (!Objects.equals(now, last)) {
        progress.accept(function);
        last = now;
      }
      Optional<Condition> ready = ready(function);
      boolean current =
          function.getStatus() != null
              && Objects.equals(
                  function.getStatus().getObservedGeneration(),
                  function.getMetadata().getGeneration());
      if (current && ready.isPresent() && !"Unknown".equals(ready.get().getStatus())) {
        return function;
      }
      Thread.sleep(POLL);
    }
    throw new CliException(
        ExitCodes.TIMEOUT,
        "function "
            + name
            + " was not Ready after "
            + timeout.toSeconds()
            + " s (last: "
            + last
            + "); see `skyless describe "
            + name
            + "`");
  }

  /** The Ready condition, if the controller has set one. */
  public static Optional<Condition> ready(Function function) {
    if (function.getStatus() == null || function.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return function.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .findFirst();
  }

  private static String readiness(Function function) {
    return ready(function)
        .map(
            c ->
                c.getStatus()
                    + (c.getReason() == null ? "" : " " + c.getReason())
                    + (c.getMessage() == null ? "" : ": " + c.getMessage()))
        .orElse("waiting for the controller");
  }

  @Override
  public Answer postInside(
      java.net.URI address, java.util.Map<String, String> headers, byte[] body, Duration timeout)
      throws InterruptedException {
    String[] host = address.getHost().split("\\.");
    if (host.length < 3 || !host[2].equals("svc")) {
      throw new dev.skyless.cli.CliException(
          dev.skyless.cli.ExitCodes.FAILED,
          address + " is not a Service address (<service>.<namespace>.svc...)");
    }
    int port = address.getPort() > 0 ? address.getPort() : 80;
    String path =
        address.getRawPath() == null || address.getRawPath().isEmpty() ? "/" : address.getRawPath();
    String url =
        client.getMasterUrl().toString().replaceAll("/+$", "")
            + "/api/v1/namespaces/"
            + host[1]
            + "/services/"
            + host[0]
            + ":"
            + port
            + "/proxy"
            + path;
    var request =
        client
            .getHttpClient()
            .newHttpRequestBuilder()
            .uri(url)
            .timeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
            .post(headers.getOrDefault("content-type", "application/json"), body);
    headers.forEach(
        (k, v) -> {
          if (!k.equalsIgnoreCase("content-type")) {
            request.header(k, v);
          }
        });
    try {
      var response =
          client
              .getHttpClient()
              .sendAsync(request.build(), String.class)
              .get(timeout.toMillis() + 1_000, java.util.concurrent.TimeUnit.MILLISECONDS);
      return new Answer(response.code(), response.body());
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new dev.skyless.cli.CliException(
          dev.skyless.cli.ExitCodes.FAILED,
          "the API server did not pass the call to " + address + " on: " + e.getMessage());
    }
  }

  @Override
  public Optional<String> platformSetting(String key) {
    try {
      var map = client.configMaps().inNamespace(PLATFORM_NAMESPACE).withName(PLATFORM_CONFIG).get();
      return map == null || map.getData() == null
          ? Optional.empty()
          : Optional.ofNullable(map.getData().get(key)).filter(v -> !v.isBlank());
    } catch (KubernetesClientException e) {
      return Optional.empty(); // not readable by this user: the caller asks for a flag instead
    }
  }

  @Override
  public void logs(String namespace, String name, int tail, boolean follow, PrintWriter out)
      throws InterruptedException {
    require(namespace, name);
    List<Pod> pods =
        client.pods().inNamespace(namespace).withLabel(SERVICE_LABEL, name).list().getItems();
    if (pods.isEmpty()) {
      out.println("(no instances of " + name + " are running: it has scaled to zero)");
      out.flush();
      return;
    }
    for (Pod pod : pods) {
      var container =
          client
              .pods()
              .inNamespace(namespace)
              .withName(pod.getMetadata().getName())
              .inContainer("function")
              .tailingLines(tail);
      if (follow && pods.size() == 1) {
        try (LogWatch watch = container.watchLog(new WriterStream(out))) {
          Thread.sleep(Long.MAX_VALUE);
        }
      } else {
        out.print(container.getLog());
        out.flush();
      }
    }
  }

  /** A 404 on the Function resource itself means the CRD is not there. */
  private static RuntimeException notInstalled(KubernetesClientException e) {
    if (e.getCode() == 404) {
      return new CliException(
          ExitCodes.ENVIRONMENT,
          "Skyless is not installed in this cluster (no functions.skyless.dev CRD): install it"
              + " with `helm install skyless charts/skyless` (see docs/install.md)",
          e);
    }
    return e;
  }

  @Override
  public void close() {
    client.close();
  }

  /** Copies a pod's log stream to the writer. */
  private static final class WriterStream extends java.io.OutputStream {
    private final PrintWriter out;

    WriterStream(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void write(int b) {
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      out.write(new String(b, off, len, java.nio.charset.StandardCharsets.UTF_8));
      out.flush();
    }
  }
}
