package dev.skyless.bench.controller;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.controller.testing.ControllerHarness;
import dev.skyless.controller.testing.FakeKnative;
import dev.skyless.controller.testing.Functions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reconcile benchmark: for each N, a fresh mock API server (CRUD), the Function and Knative CRDs, a
 * fake Knative that marks children Ready, and the real controller ({@code ControllerMain}) in a
 * child JVM; N Functions with one Kafka trigger each are created at once; prints the time until all
 * are Ready and the controller's peak RSS (VmHWM).
 *
 * <p>Usage: {@code ReconcileBench [N ...]} (default 100 1000 3000). Controller JVM options come
 * from {@code CONTROLLER_JVM_OPTS} (default: a 512 MiB container, SerialGC).
 */
public final class ReconcileBench {

  private ReconcileBench() {}

  public static void main(String[] args) throws Exception {
    // The mock server logs every request at INFO: that alone costs more CPU than the controller.
    java.util.logging.Logger.getLogger("io.fabric8.mockwebserver")
        .setLevel(java.util.logging.Level.WARNING);
    List<Integer> sizes = new ArrayList<>();
    for (String arg : args) {
      sizes.add(Integer.parseInt(arg));
    }
    if (sizes.isEmpty()) {
      sizes.addAll(List.of(100, 1000, 3000));
    }
    for (int n : sizes) {
      run(n);
    }
  }

  private static void run(int n) throws Exception {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
    try (KubernetesClient client = server.createClient();
        FakeKnative knative = new FakeKnative(client)) {
      ControllerHarness.installCrds(client, true);
      ControllerHarness.platformConfigMap(
          client,
          Map.of("kafka.bootstrapServers", "kafka:9092", "deadLetter.createTopics", "false"));
      Process controller = startController(client.getConfiguration().getMasterUrl());
      try {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
          client
              .resource(
                  Functions.withSpec(
                      "fn-" + i, "triggers: [{name: t, kafka: {topics: [topic-" + i + "]}}]"))
              .create();
        }
        long created = System.nanoTime();
        int ready = 0;
        while (ready < n) {
          if (!controller.isAlive()) {
            throw new IllegalStateException("controller exited with " + controller.exitValue());
          }
          Thread.sleep(250);
          ready = countReady(client);
          if ((System.nanoTime() - start) / 1e9 > 600) {
            throw new IllegalStateException("only " + ready + " of " + n + " Ready after 600 s");
          }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            "reconcile functions=%d all_ready_s=%.1f creating_s=%.1f ready_after_last_create_s=%.1f"
                + " per_function_ms=%.1f controller_peak_rss_mb=%.0f%n",
            n,
            seconds,
            (created - start) / 1e9,
            (System.nanoTime() - created) / 1e9,
            seconds * 1000 / n,
            peakRssMb(controller.pid()));
      } finally {
        controller.destroy();
        controller.waitFor();
      }
    } finally {
      server.destroy();
    }
  }

  private static int countReady(KubernetesClient client) {
    int ready = 0;
    for (Function f : client.resources(Function.class).inNamespace("shop").list().getItems()) {
      if (f.getStatus() != null
          && f.getStatus().getConditions().stream()
              .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"))) {
        ready++;
      }
    }
    return ready;
  }

  private static Process startController(String masterUrl) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    String opts =
        System.getenv()
            .getOrDefault(
                "CONTROLLER_JVM_OPTS", "-XX:MaxRAM=512m -XX:MaxRAMPercentage=75 -XX:+UseSerialGC");
    command.addAll(List.of(opts.trim().split("\\s+")));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.skyless.controller.main.ControllerMain");
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("KUBERNETES_MASTER", masterUrl);
    builder.environment().put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
    builder.environment().put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
    builder.environment().put("SKYLESS_LEADER_ELECTION", "false");
    builder.environment().put("SKYLESS_HTTP_PORT", "0");
    builder.environment().put("SKYLESS_LOG_LEVEL", "warn");
    builder
        .redirectErrorStream(true)
        .redirectOutput(new File("/tmp/skyless-reconcile-bench-controller.log"));
    return builder.start();
  }

  private static double peakRssMb(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return -1;
  }
}
