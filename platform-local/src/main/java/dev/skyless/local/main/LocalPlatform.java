package dev.skyless.local.main;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyless.controller.config.PlatformDefaults;
import dev.skyless.kafka.embedded.EmbeddedKafka;
import dev.skyless.local.Causes;
import dev.skyless.local.Ports;
import dev.skyless.local.app.AppFile;
import dev.skyless.local.app.AppFiles;
import dev.skyless.local.dlq.DevDeadLetters;
import dev.skyless.local.events.KafkaTriggers;
import dev.skyless.local.function.FunctionFiles;
import dev.skyless.local.function.LocalFunction;
import dev.skyless.local.function.LocalFunctions;
import dev.skyless.local.gateway.DevApi;
import dev.skyless.local.gateway.Gateway;
import dev.skyless.local.gateway.RouteTable;
import dev.skyless.local.instance.impl.ProcessLauncher;
import dev.skyless.local.scale.FunctionPool;
import dev.skyless.local.scale.PoolSnapshot;
import dev.skyless.local.schedule.LocalScheduler;
import dev.skyless.local.schedule.ScheduleClock;
import dev.skyless.local.services.DevService;
import dev.skyless.local.services.DevServices;
import dev.skyless.local.status.ConsoleReporter;
import dev.skyless.local.status.DevState;
import dev.skyless.local.status.ServiceRow;
import dev.skyless.local.telemetry.DevTelemetry;
import dev.skyless.runtime.config.RuntimeConfig;
import dev.skyless.runtime.kafka.KafkaClients;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The whole platform on one machine: a Kafka broker (or the one named), a process per function
 * instance started on demand, the gateway, and the Kafka triggers. {@link #start} brings it up;
 * {@link #close} stops everything it started, in the order that loses nothing: deliveries first
 * (they finish their records), then instances (they finish their calls), then the gateway and
 * Kafka.
 */
public final class LocalPlatform implements AutoCloseable {

  private static final Duration TICK = Duration.ofMillis(250);

  private final LocalOptions options;
  private final ConsoleReporter console;
  private final Map<String, FunctionPool> pools = new LinkedHashMap<>();
  private final DevTelemetry telemetry = new DevTelemetry();
  private EmbeddedKafka embeddedKafka;
  private String bootstrapServers;
  private Vertx vertx;
  private Gateway gateway;
  private KafkaTriggers triggers;
  private LocalScheduler scheduler;
  private org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> intakeProducer;
  private ScheduledExecutorService ticker;
  private DevServices services = DevServices.none();
  private boolean wroteState;
  private StateLock lock;
  private List<ServiceRow> serviceRows = List.of();
  private String url;
  private ProcessLauncher launcher;

  private LocalPlatform(LocalOptions options, ConsoleReporter console) {
    this.options = options;
    this.console = console;
  }

  /**
   * Starts the platform.
   *
   * @throws IllegalArgumentException when the Function files are wrong (the message names the file)
   * @throws IllegalStateException when a port is taken or Kafka cannot be reached
   */
  public static LocalPlatform start(LocalOptions options, ConsoleReporter console)
      throws InterruptedException {
    LocalPlatform platform = create(options, console);
    platform.begin();
    return platform;
  }

  /**
   * A platform not started yet: {@link #begin} starts it. Callers that must be able to stop a
   * platform while it starts (a Ctrl-C handler) hold it before it begins; {@link #close} waits for
   * a start under way and then stops what it started.
   */
  public static LocalPlatform create(LocalOptions options, ConsoleReporter console) {
    return new LocalPlatform(options, console);
  }

  /**
   * Starts it; on failure, stops what was started.
   *
   * @throws IllegalArgumentException when the Function files are wrong (the message names the file)
   * @throws IllegalStateException when a port is taken, Kafka cannot be reached, or another
   *     platform uses the state folder
   */
  public synchronized void begin() throws InterruptedException {
    try {
      startAll();
    } catch (RuntimeException | InterruptedException e) {
      close();
      throw e;
    }
  }

  private void startAll() throws InterruptedException {
    lock = StateLock.acquire(options.stateDir());
    Optional<AppFile> app = appFile(options.functionPaths());
    List<Path> functionPaths = new ArrayList<>();
    for (Path path : options.functionPaths()) {
      if (app.isPresent() && AppFile.locate(path).isPresent()) {
        functionPaths.addAll(app.get().functionPaths());
      } else {
        functionPaths.add(path);
      }
    }
    List<FunctionFiles.Found> found = FunctionFiles.read(functionPaths);
    if (found.isEmpty()) {
      throw new IllegalArgumentException(
          "no Function resources in " + functionPaths + " (kind: Function, *.yaml)");
    }
    if (options.reset()) {
      reset();
    }
    services =
        DevServices.launch(
            app.map(AppFile::services).orElse(List.of()),
            options.stateDir(),
            options.wellKnownPorts());
    startKafka();
    vertx = Vertx.vertx();
    Map<String, Integer> topics = new LinkedHashMap<>();
    services.topics().forEach(t -> topics.merge(t.name(), t.partitions(), Math::max));
    createTopics(topics);
    services.ready(vertx, bootstrapServers, console::say);
    LocalFunctions converter =
        new LocalFunctions(
            PlatformDefaults.fromConfigMap(
                Map.of(
                    PlatformDefaults.KAFKA_BOOTSTRAP_SERVERS,
                    bootstrapServers,
                    // Routes are served by the gateway here; the name only satisfies the check.
                    PlatformDefaults.GATEWAY_NAME,
                    "skyless-dev")),
            options.shellEnv(),
            services.bindings());
    List<LocalFunction> functions = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (FunctionFiles.Found f : found) {
      LocalFunction function = converter.toLocal(f);
      if (!names.add(function.name())) {
        throw new IllegalArgumentException(
            f.file() + ": a second Function named " + function.name());
      }
      functions.add(function);
      function.warnings().forEach(w -> console.onEvent(function.name(), w, true));
    }
    Map<String, Integer> triggerTopics = functionTopics(functions);
    createTopics(triggerTopics);

    launcher =
        new ProcessLauncher(
            ProcessLauncher.currentJava(),
            options.jvmOptions(),
            options.stateDir().resolve("logs"),
            options.startTimeout(),
            telemetry::instanceEnv);
    for (LocalFunction function : functions) {
      pools.put(function.name(), new FunctionPool(function, launcher, options.idle(), console));
    }
    RouteTable routeTable = RouteTable.of(functions);
    intakeProducer =
        KafkaClients.producer(
            new RuntimeConfig.Kafka(bootstrapServers, Map.of()), "skyless-dev-gateway");
    scheduler =
        new LocalScheduler(
            intakeProducer, ScheduleClock.SYSTEM, (fn, line) -> console.onEvent(fn, line, true));
    gateway =
        new Gateway(
            vertx,
            pools,
            new ObjectMapper(),
            routeTable,
            intakeProducer,
            scheduler,
            new DevApi(
                vertx,
                telemetry.traces(),
                new DevDeadLetters(bootstrapServers, functions),
                new ObjectMapper()));
    int port;
    try {
      port =
          gateway
              .listen(options.host(), options.port())
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(
          "the gateway cannot listen on "
              + options.host()
              + ":"
              + options.port()
              + " ("
              + Causes.rootMessage(e)
              + "); is another skyless dev running? Pick another port with --port",
          e);
    }
    url =
        "http://" + (options.host().equals("0.0.0.0") ? "127.0.0.1" : options.host()) + ":" + port;
    telemetry.gatewayAt(url);

    triggers = new KafkaTriggers(bootstrapServers, WebClient.create(vertx), port);
    for (LocalFunction function : functions) {
      triggers.start(function);
      scheduler.start(function);
    }
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("skyless-dev-ticker").daemon().unstarted(r));
    ticker.scheduleAtFixedRate(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    Set<String> allTopics = new LinkedHashSet<>(topics.keySet());
    allTopics.addAll(triggerTopics.keySet());
    serviceRows = serviceRows(allTopics.size());
    console.watch(url, this::snapshots, serviceRows);
    try {
      new DevState(
              url,
              ProcessHandle.current().pid(),
              options.stateDir().resolve("logs").toString(),
              bootstrapServers,
              List.copyOf(names),
              serviceRows,
              new DevDeadLetters(bootstrapServers, functions).topics())
          .write(options.stateDir());
      wroteState = true;
    } catch (IOException e) {
      console.say("could not write " + options.stateDir() + ": " + e.getMessage());
    }
  }

  /** The app file among the paths, if one is: at most one. */
  private static Optional<AppFile> appFile(List<Path> paths) {
    List<Path> files = paths.stream().flatMap(p -> AppFile.locate(p).stream()).toList();
    if (files.size() > 1) {
      throw new IllegalArgumentException("more than one app file: " + files + "; run one app");
    }
    return files.stream().findFirst().map(AppFiles::read);
  }

  /** Deletes the data of earlier runs: Kafka's, the databases', the stores'. Logs stay. */
  private void reset() {
    for (String data : List.of("kafka", "postgres", "s3")) {
      Path dir = options.stateDir().resolve(data);
      if (!Files.exists(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      } catch (IOException e) {
        throw new IllegalStateException("--reset could not delete " + dir + ": " + e, e);
      }
    }
    console.say("reset: the data of earlier runs in " + options.stateDir() + " is gone");
  }

  private List<ServiceRow> serviceRows(int topicCount) {
    List<ServiceRow> rows = new ArrayList<>();
    rows.add(
        new ServiceRow(
            "kafka",
            "kafka",
            bootstrapServers,
            (embeddedKafka == null ? "yours (--kafka)" : "embedded")
                + "; "
                + topicCount
                + (topicCount == 1 ? " topic" : " topics")));
    for (DevService service : services.running()) {
      rows.add(
          new ServiceRow(
              service.spec().name(), service.spec().kind(), service.address(), service.detail()));
    }
    return rows;
  }

  /** Kafka and the app's services, as the live table shows them. */
  public List<ServiceRow> serviceRows() {
    return serviceRows;
  }

  /** The backing services' state and bindings (tests, tools). */
  public DevServices services() {
    return services;
  }

  private void startKafka() {
    if (options.kafkaBootstrapServers().isPresent()) {
      bootstrapServers = options.kafkaBootstrapServers().get();
      return;
    }
    int port = options.kafkaPort();
    if (port != 0 && !Ports.isFree(port)) {
      console.say("port " + port + " is taken: Kafka listens on a free port instead");
      port = 0;
    }
    embeddedKafka = EmbeddedKafka.start(options.stateDir().resolve("kafka"), port);
    bootstrapServers = embeddedKafka.bootstrapServers();
  }

  private static Map<String, Integer> functionTopics(List<LocalFunction> functions) {
    Map<String, Integer> topics = new LinkedHashMap<>();
    for (LocalFunction function : functions) {
      for (LocalFunction.KafkaTrigger trigger : function.kafkaTriggers()) {
        trigger.consumer().topics().forEach(t -> topics.putIfAbsent(t, 1));
        trigger.consumer().deadLetterTopic().ifPresent(t -> topics.putIfAbsent(t, 1));
      }
      String events = function.env().get(dev.skyless.contract.RuntimeVariables.EVENTS_TOPIC);
      if (events != null) {
        topics.putIfAbsent(events, 1);
      }
    }
    return topics;
  }

  /** Makes the topics that do not exist (replication 1); existing ones are left as they are. */
  private void createTopics(Map<String, Integer> topics) {
    if (topics.isEmpty()) {
      return;
    }
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                15_000))) {
      Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
      List<NewTopic> missing =
          topics.entrySet().stream()
              .filter(t -> !existing.contains(t.getKey()))
              .map(t -> new NewTopic(t.getKey(), t.getValue(), (short) 1))
              .toList();
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(15, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot reach Kafka at " + bootstrapServers + ": " + Causes.rootMessage(e), e);
    }
  }

  private void tick() {
    for (FunctionPool pool : pools.values()) {
      try {
        pool.tick();
      } catch (RuntimeException e) {
        console.onEvent(pool.function().name(), "scaling failed: " + e, true);
      }
    }
    console.redraw();
  }

  /** The gateway's base URL: functions answer at {@code <url>/<name>}. */
  public String url() {
    return url;
  }

  /** The Kafka the platform uses. */
  public String kafkaBootstrapServers() {
    return bootstrapServers;
  }

  /** Where {@code <function>.log} is written. */
  public Path logFile(String function) {
    return launcher.logFile(function);
  }

  /** Every function's state now. */
  public List<PoolSnapshot> snapshots() {
    return pools.values().stream().map(FunctionPool::snapshot).toList();
  }

  /** Stops everything this platform started. Safe to call more than once. */
  @Override
  public synchronized void close() {
    if (ticker != null) {
      ticker.shutdownNow();
      ticker = null;
    }
    if (scheduler != null) {
      scheduler.close();
      scheduler = null;
    }
    if (triggers != null) {
      triggers.close();
      triggers = null;
    }
    List<Thread> stopping = new ArrayList<>();
    for (FunctionPool pool : pools.values()) {
      stopping.add(Thread.ofVirtual().start(pool::close));
    }
    for (Thread thread : stopping) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    pools.clear();
    if (gateway != null) {
      try {
        gateway.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // closing anyway
      }
      gateway = null;
    }
    services.close(); // after the functions (they use them), before Vert.x (the S3 fronts run on
    // it: their transfers finish and their notifications leave) and Kafka (which takes them)
    if (vertx != null) {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // closing anyway
      }
      vertx = null;
    }
    if (intakeProducer != null) {
      intakeProducer.close(java.time.Duration.ofSeconds(5));
      intakeProducer = null;
    }
    if (embeddedKafka != null) {
      embeddedKafka.close();
      embeddedKafka = null;
    }
    if (wroteState) {
      DevState.remove(options.stateDir());
      wroteState = false;
    }
    if (lock != null) {
      lock.close();
      lock = null;
    }
  }
}
