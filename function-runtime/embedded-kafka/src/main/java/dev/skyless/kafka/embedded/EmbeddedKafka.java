package dev.skyless.kafka.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka broker in this JVM: one node in KRaft combined mode (broker and controller), bound
 * to 127.0.0.1 on free ports, its logs in a temporary folder removed on {@link #close()}.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *   kafka.createTopic("orders", 3);
 *   String servers = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

  static {
    // The broker carries log4j-api without an implementation (it logs through SLF4J here): keep
    // log4j's "no implementation" notice off the console.
    System.setProperty("org.apache.logging.log4j.simplelog.StatusLogger.level", "OFF");
    System.setProperty("log4j2.statusLoggerLevel", "OFF");
  }

  private static final String CONTROLLER = "CONTROLLER";

  private final KafkaRaftServer server;
  private final Path dataDir;
  private final boolean ownsDataDir;
  private final String bootstrapServers;
  private volatile boolean closed;

  private EmbeddedKafka(
      KafkaRaftServer server, Path dataDir, boolean ownsDataDir, String bootstrapServers) {
    this.server = server;
    this.dataDir = dataDir;
    this.ownsDataDir = ownsDataDir;
    this.bootstrapServers = bootstrapServers;
  }

  /** Starts a broker with its data in a fresh temporary folder. */
  public static EmbeddedKafka start() {
    try {
      return start(Files.createTempDirectory("skyless-kafka-"), true, 0, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a broker with its data in {@code dataDir} (kept on close, so a restart sees the same
   * topics), listening on {@code port} (0 for any free port).
   */
  public static EmbeddedKafka start(Path dataDir, int port) {
    return start(dataDir, false, port, 0);
  }

  /**
   * As {@link #start(Path, int)}, with the KRaft controller on {@code controllerPort} too (0 for
   * any), so a broker restarted on the same data has the same quorum address.
   */
  public static EmbeddedKafka start(Path dataDir, int port, int controllerPort) {
    return start(dataDir, false, port, controllerPort);
  }

  private static EmbeddedKafka start(
      Path dataDir, boolean ownsDataDir, int port, int fixedControllerPort) {
    int brokerPort = port == 0 ? freePort() : port;
    int controllerPort = fixedControllerPort == 0 ? freePort() : fixedControllerPort;
    String logDir = dataDir.resolve("log").toString();
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    props.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:"
            + brokerPort
            + ","
            + CONTROLLER
            + "://127.0.0.1:"
            + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    props.put("controller.listener.names", CONTROLLER);
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
    props.put("log.dirs", logDir);
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "4");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "4");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("num.partitions", "1");
    props.put("auto.create.topics.enable", "true");
    props.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
    props.put("num.network.threads", "2");
    props.put("num.io.threads", "4");
    try {
      boolean formatted = Files.exists(Path.of(logDir, "meta.properties"));
      if (!formatted) {
        Files.createDirectories(Path.of(logDir));
        new Formatter()
            .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
            .setNodeId(1)
            .setClusterId(Uuid.randomUuid().toString())
            .setDirectories(List.of(logDir))
            .setMetadataLogDirectory(logDir)
            .setControllerListenerName(CONTROLLER)
            .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
            .setReleaseVersion(MetadataVersion.latestProduction())
            .run();
      }
      KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
      server.startup();
      EmbeddedKafka kafka =
          new EmbeddedKafka(server, dataDir, ownsDataDir, "127.0.0.1:" + brokerPort);
      kafka.awaitReady();
      return kafka;
    } catch (Exception e) {
      throw new IllegalStateException("the embedded Kafka broker did not start: " + e, e);
    }
  }

  /** {@code host:port} for clients' {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * Creates a topic (replication factor 1) unless it exists, and returns once every partition has a
   * leader: a producer writing at once to a partition still without one gets NOT_LEADER, and an
   * idempotent one can then stall on OUT_OF_ORDER_SEQUENCE_NUMBER for ever (seen in CI).
   */
  public void createTopic(String name, int partitions) {
    try (Admin admin = admin()) {
      try {
        admin
            .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
            .all()
            .get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause(), e);
        }
      }
      awaitLeaders(admin, name);
    } catch (IllegalStateException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot create topic " + name + ": " + e, e);
    }
  }

  /**
   * Waits until every partition of {@code topic} has a leader (any broker, through {@code admin}).
   */
  public static void awaitLeaders(Admin admin, String topic) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try {
        var description =
            admin
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(5, TimeUnit.SECONDS)
                .get(topic);
        if (description.partitions().stream()
            .allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
          return;
        }
      } catch (ExecutionException e) {
        // not known to the broker's metadata yet
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(
        "topic " + topic + " has partitions without a leader after 30 s");
  }

  /** An admin client for this broker; the caller closes it. */
  public Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            AdminClientConfig.CLIENT_ID_CONFIG,
            "skyless-embedded-admin"));
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try (Admin admin = admin()) {
        if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
          return;
        }
      } catch (Exception e) {
        last = e;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("broker not ready within 60 s", last);
  }

  /** Stops the broker; removes its data unless a data folder was given. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.shutdown();
    server.awaitShutdown();
    if (ownsDataDir) {
      deleteRecursively(dataDir);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort: it is a temporary folder.
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
