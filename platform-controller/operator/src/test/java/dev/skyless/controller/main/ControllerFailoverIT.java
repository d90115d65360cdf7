package dev.skyless.controller.main;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skyless.controller.testing.ControllerHarness;
import dev.skyless.controller.testing.FakeKnative;
import dev.skyless.controller.testing.Functions;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two controller processes (the real ControllerMain, leader election on) against the mock API
 * server: the standby takes over within seconds after the leader's SIGTERM (which releases the
 * Lease and exits) and after its kill -9 (once the Lease expires), and then reconciles.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ControllerFailoverIT {

  private static final Duration LEASE = Duration.ofSeconds(4);

  KubernetesMockServer server;
  KubernetesClient client;

  @TempDir Path logs;

  @Test
  void theStandbyTakesOverAfterSigtermAndAfterKill9() throws Exception {
    ControllerHarness.installCrds(client, true);
    ControllerHarness.allowLeaseRules(server);
    ControllerHarness.platformConfigMap(
        client, Map.of("kafka.bootstrapServers", "kafka:9092", "deadLetter.createTopics", "false"));
    List<Process> processes = new ArrayList<>();
    try (var knative = new FakeKnative(client)) {
      Process a = start("controller-a", processes);
      awaitHolder("controller-a", Duration.ofSeconds(60));
      Process b = start("controller-b", processes);
      Thread.sleep(3_000); // b is up and trying for the Lease

      long sigterm = System.nanoTime();
      var exitedAt = new java.util.concurrent.atomic.AtomicLong();
      a.onExit().thenRun(() -> exitedAt.set(System.nanoTime()));
      a.destroy(); // SIGTERM
      awaitHolder("controller-b", Duration.ofSeconds(30));
      Duration afterSigterm = Duration.ofNanos(System.nanoTime() - sigterm);
      assertThat(a.waitFor(20, TimeUnit.SECONDS)).as("the leader exits on SIGTERM").isTrue();
      await().atMost(Duration.ofSeconds(5)).until(() -> exitedAt.get() != 0);
      Duration exited = Duration.ofNanos(exitedAt.get() - sigterm);
      assertThat(Files.readString(logs.resolve("controller-a.log")))
          .contains("released the leader lease");
      reconciles("after-sigterm");

      Process c = start("controller-c", processes);
      Thread.sleep(3_000);
      long kill = System.nanoTime();
      b.destroyForcibly(); // SIGKILL: the Lease is not released
      awaitHolder("controller-c", Duration.ofSeconds(30));
      Duration afterKill = Duration.ofNanos(System.nanoTime() - kill);
      reconciles("after-kill");

      System.out.printf(
          "failover: SIGTERM -> standby leads in %d ms (leader exited in %d ms); kill -9 ->"
              + " standby leads in %d ms (lease %d s)%n",
          afterSigterm.toMillis(), exited.toMillis(), afterKill.toMillis(), LEASE.toSeconds());
      assertThat(afterSigterm).as("takeover after SIGTERM").isLessThan(Duration.ofSeconds(5));
      assertThat(exited).as("the leader's exit after SIGTERM").isLessThan(Duration.ofSeconds(15));
      assertThat(afterKill)
          .as("takeover after kill -9: bounded by the lease duration")
          .isLessThan(LEASE.plusSeconds(4));
    } finally {
      for (Process p : processes) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private void reconciles(String name) {
    client.resource(Functions.withSpec(name, "")).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> client.resources(Service.class).inNamespace("shop").withName(name).get() != null);
  }

  private void awaitHolder(String identity, Duration within) {
    await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(
            () -> {
              Lease lease =
                  client
                      .resources(Lease.class)
                      .inNamespace("skyless-system")
                      .withName("skyless-controller")
                      .get();
              return lease != null && identity.equals(lease.getSpec().getHolderIdentity());
            });
  }

  private Process start(String identity, List<Process> processes) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of("-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ControllerMain.class.getName());
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.put("KUBERNETES_MASTER", client.getConfiguration().getMasterUrl());
    env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
    env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
    env.put("KUBERNETES_NAMESPACE", "skyless-system");
    env.put("HOSTNAME", identity);
    env.put("SKYLESS_HTTP_PORT", "0");
    env.put("SKYLESS_LOG_LEVEL", "info");
    env.put("SKYLESS_LEASE_DURATION", LEASE.toSeconds() + "s");
    env.put("SKYLESS_LEASE_RENEW_DEADLINE", "3s");
    env.put("SKYLESS_LEASE_RETRY_PERIOD", "500ms");
    File log = logs.resolve(identity + ".log").toFile();
    Process process = builder.redirectErrorStream(true).redirectOutput(log).start();
    processes.add(process);
    return process;
  }

  /** The controllers' logs, for a failed run. */
  String logs() throws Exception {
    StringBuilder out = new StringBuilder();
    try (var files = Files.list(logs)) {
      for (Path f : files.toList()) {
        out.append(f).append('\n').append(Files.readString(f));
      }
    }
    return out.toString();
  }
}
