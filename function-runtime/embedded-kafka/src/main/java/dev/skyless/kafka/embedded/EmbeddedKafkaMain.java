package dev.skyless.kafka.embedded;

import java.nio.file.Path;

/**
 * The embedded broker as a process of its own, for tests that must kill it: {@code
 * EmbeddedKafkaMain <data dir> <port> <controller port>}. Prints {@code ready <host:port>} once it
 * serves, then runs until stopped (SIGTERM shuts it down cleanly; SIGKILL is the crash).
 */
public final class EmbeddedKafkaMain {

  private EmbeddedKafkaMain() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 3) {
      System.err.println("usage: EmbeddedKafkaMain <data dir> <port> <controller port>");
      System.exit(2);
    }
    EmbeddedKafka kafka =
        EmbeddedKafka.start(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
    Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "embedded-kafka-stop"));
    System.out.println("ready " + kafka.bootstrapServers());
    System.out.flush();
    Thread.currentThread().join();
  }
}
