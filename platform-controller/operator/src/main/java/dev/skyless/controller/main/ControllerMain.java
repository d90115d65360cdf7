package dev.skyless.controller.main;

import dev.skyless.controller.config.ConfigMapDefaults;
import dev.skyless.controller.config.ControllerConfig;
import dev.skyless.controller.function.FunctionReconciler;
import dev.skyless.controller.function.Prerequisites;
import dev.skyless.logging.LogLevels;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller process: one typed config from the environment, a Kubernetes client from the
 * in-cluster account (or kubeconfig), leader election on a Lease so that replicas are safe, the
 * Function reconciler, and health and metrics on {@code SKYLESS_HTTP_PORT}.
 *
 * <p>Exit codes: 2 invalid configuration, 4 start-up failed.
 */
public final class ControllerMain {

  private ControllerMain() {}

  public static void main(String[] args) {
    Logger log = LoggerFactory.getLogger(ControllerMain.class);
    ControllerConfig config;
    try {
      config = ControllerConfig.parse(System::getenv);
    } catch (IllegalArgumentException e) {
      log.error("invalid configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    LogLevels.set(config.logLevel());
    try {
      Running running = start(config, new KubernetesClientBuilder().build(), log, true);
      Runtime.getRuntime().addShutdownHook(new Thread(running::close, "skyless-controller-stop"));
    } catch (Exception e) {
      log.error("start-up failed: {}", e.getMessage(), e);
      System.exit(4);
    }
  }

  private static String identity() {
    String host = System.getenv("HOSTNAME");
    return host != null && !host.isBlank()
        ? host
        : "skyless-controller-" + ProcessHandle.current().pid();
  }

  /** A started controller; {@link #close} stops it and its client. */
  public record Running(Operator operator, OperationsServer operations, KubernetesClient client)
      implements AutoCloseable {
    @Override
    public void close() {
      operator.stop();
      operations.close();
      client.close();
    }
  }

  /**
   * Starts the controller.
   *
   * @param exitOnLostLease exit the process when leadership is lost (Kubernetes restarts it and it
   *     joins the election again); off in tests
   */
  public static Running start(
      ControllerConfig config, KubernetesClient client, Logger log, boolean exitOnLostLease)
      throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Clock clock = Clock.systemUTC();
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withMetrics(new ReconcileMetrics(registry))
                  .withConcurrentReconciliationThreads(config.reconcileThreads())
                  .withStopOnInformerErrorDuringStartup(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withUseSSAToPatchPrimaryResource(false);
              if (config.leaderElection()) {
                o.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration(
                        config.leaseName(),
                        config.namespace(),
                        Duration.ofSeconds(15),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(2),
                        identity(),
                        null,
                        exitOnLostLease));
              }
            });
    operator.register(
        new FunctionReconciler(
            new ConfigMapDefaults(client, config.namespace(), config.configMap(), clock),
            new Prerequisites(client, clock),
            clock,
            config.recheck()),
        c -> {
          if (!config.watchNamespaces().isEmpty()) {
            c.settingNamespaces(config.watchNamespaces());
          }
        });
    OperationsServer operations =
        new OperationsServer(
            config.port(),
            () ->
                operator.getRuntimeInfo().isStarted()
                    && operator.getRuntimeInfo().allEventSourcesAreHealthy(),
            registry);
    operator.start();
    log.info(
        "controller started: namespace {}, watching {}, leader election {}",
        config.namespace(),
        config.watchNamespaces().isEmpty() ? "all namespaces" : config.watchNamespaces(),
        config.leaderElection() ? "on (lease " + config.leaseName() + ")" : "off");
    return new Running(operator, operations, client);
  }
}
