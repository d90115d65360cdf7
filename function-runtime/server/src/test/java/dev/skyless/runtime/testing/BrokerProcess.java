package dev.skyless.runtime.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A Kafka broker in a child process ({@code EmbeddedKafkaMain}), for faults only a process shows:
 * SIGKILL, and a broker gone for a while. Restarts on the same data, ports and cluster.
 */
public final class BrokerProcess implements AutoCloseable {

  private final Path dataDir;
  private final int port;
  private final int controllerPort;
  private final Path log;
  private Process process;

  private BrokerProcess(Path dataDir, int port, int controllerPort, Path log) {
    this.dataDir = dataDir;
    this.port = port;
    this.controllerPort = controllerPort;
    this.log = log;
  }

  /** A broker with its data in {@code dataDir}, started and serving. */
  public static BrokerProcess start(Path dataDir) throws Exception {
    Path log = Path.of("target", "processes", "broker-" + System.nanoTime() + ".log");
    Files.createDirectories(log.getParent());
    BrokerProcess broker = new BrokerProcess(dataDir, freePort(), freePort(), log);
    broker.restart();
    return broker;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** Starts it again (after {@link #kill} or {@link #stop}) and waits until it serves. */
  public void restart() throws Exception {
    List<String> command =
        List.of(
            ProcessHandle.current().info().command().orElse("java"),
            "-Xmx512m",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.skyless.kafka.embedded.EmbeddedKafkaMain",
            dataDir.toString(),
            Integer.toString(port),
            Integer.toString(controllerPort));
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    long readyLines = readyLines();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the broker exited:\n" + Files.readString(log));
      }
      if (readyLines() > readyLines) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the broker did not start:\n" + Files.readString(log));
  }

  private long readyLines() throws IOException {
    return Files.exists(log)
        ? Files.readAllLines(log).stream().filter(l -> l.startsWith("ready ")).count()
        : 0;
  }

  /** SIGKILL: the broker crashes. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM: a clean shutdown. */
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
      kill();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      kill();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
