package dev.skyless.controller.main;

import dev.skyless.controller.config.ControllerConfig;
import dev.skyless.controller.config.PlatformConfigMap;
import dev.skyless.controller.function.DeadLetterTopics;
import dev.skyless.controller.function.FunctionEvents;
import dev.skyless.controller.function.FunctionReconciler;
import dev.skyless.controller.function.Prerequisites;
import dev.skyless.controller.function.impl.KafkaDeadLetterTopics;
import dev.skyless.logging.LogLevels;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller process: one typed config from the environment, a Kubernetes client from the
 * in-cluster account (or kubeconfig), leader election on a Lease so that replicas are safe, the
 * Function reconciler, and health and metrics on {@code SKYLESS_HTTP_PORT}.
 *
 * <p>On SIGTERM the operator stops, the Lease is released (a standby takes over at its next try)
 * and the process exits. A leader that loses its Lease while running exits with 1 so that
 * Kubernetes restarts it into the election.
 *
 * <p>Exit codes: 1 leadership lost, 2 invalid configuration, 4 start-up failed.
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

  /** A started controller; {@link #close} stops it, releases the Lease and closes its client. */
  public static final class Running implements AutoCloseable {
    private final Operator operator;
    private final OperationsServer operations;
    private final KubernetesClient client;
    private final DeadLetterTopics topics;
    private final ControllerConfig config;
    private final String identity;
    private final AtomicBoolean stopping;

    Running(
        Operator operator,
        OperationsServer operations,
        KubernetesClient client,
        DeadLetterTopics topics,
        ControllerConfig config,
        String identity,
        AtomicBoolean stopping) {
      this.operator = operator;
      this.operations = operations;
      this.client = client;
      this.topics = topics;
      this.config = config;
      this.identity = identity;
      this.stopping = stopping;
    }

    public Operator operator() {
      return operator;
    }

    public OperationsServer operations() {
      return operations;
    }

    @Override
    public void close() {
      if (!stopping.compareAndSet(false, true)) {
        return;
      }
      operator.stop();
      if (config.leaderElection()) {
        LeaseRelease.release(client, config.namespace(), config.leaseName(), identity);
      }
      topics.close();
      operations.close();
      client.close();
    }
  }

  /**
   * Starts the controller.
   *
   * @param exitOnLostLease exit the process when leadership is lost while running (Kubernetes
   *     restarts it and it joins the election again); off in tests
   */
  public static Running start(
      ControllerConfig config, KubernetesClient client, Logger log, boolean exitOnLostLease)
      throws Exception {
    return start(config, client, log, exitOnLostLease, new KafkaDeadLetterTopics(Map.of()));
  }

  /** Starts the controller with the given way of making dead-letter topics. */
  public static Running start(
      ControllerConfig config,
      KubernetesClient client,
      Logger log,
      boolean exitOnLostLease,
      DeadLetterTopics topics)
      throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Clock clock = Clock.systemUTC();
    String identity = identity();
    AtomicBoolean stopping = new AtomicBoolean();
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  // Closed by Running.close, after the Lease is released.
                  .withCloseClientOnStop(false)
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
                        config.leaseDuration(),
                        config.renewDeadline(),
                        config.leaseRetryPeriod(),
                        identity,
                        new LeaderCallbacks(
                            () -> log.info("leading as {}", identity),
                            () -> lostLease(log, stopping, exitOnLostLease),
                            leader -> log.info("the leader is {}", leader)),
                        // Never System.exit from JOSDK: it would run inside our shutdown hook.
                        false));
              }
            });
    PlatformConfigMap platformConfig =
        new PlatformConfigMap(client, config.namespace(), config.configMap());
    operator.register(
        new FunctionReconciler(
            platformConfig,
            new Prerequisites(client, clock),
            topics,
            new FunctionEvents(client, clock),
            TriggerKey.load(
                client,
                config.namespace(),
                config.leaseName() + "-trigger-key",
                config.triggerKey()),
            clock,
            config.recheck()),
        c -> {
          if (!config.watchNamespaces().isEmpty()) {
            c.settingNamespaces(config.watchNamespaces());
          }
          c.withRetry(
              new GenericRetry()
                  .withoutMaxAttempts()
                  .setInitialInterval(config.retryInitial().toMillis())
                  .setIntervalMultiplier(2)
                  .setMaxInterval(config.retryMax().toMillis()));
          c.withReconciliationMaxInterval(config.resync());
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
    return new Running(operator, operations, client, topics, config, identity, stopping);
  }

  private static void lostLease(Logger log, AtomicBoolean stopping, boolean exit) {
    if (stopping.get()) {
      return;
    }
    log.error("lost the leader lease; exiting so that Kubernetes restarts this replica");
    if (exit) {
      // Another thread: System.exit runs the shutdown hooks, which must not wait on this one.
      Thread.ofPlatform().name("skyless-controller-exit").start(() -> System.exit(1));
    }
  }
}
