package dev.skyless.local.main;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How {@code skyless dev} runs: every setting in one place, each default beside it in {@link
 * #defaults}.
 *
 * @param functionPaths YAML files or folders holding Function resources
 * @param host the gateway's address (127.0.0.1: only this machine)
 * @param port the gateway's port (8080; 0 picks a free one)
 * @param kafkaBootstrapServers a Kafka to use instead of starting one (none: start one)
 * @param kafkaPort the port of the Kafka started here (9092; taken means a free one)
 * @param idle how long an instance may idle before it is stopped (30 s)
 * @param stateDir logs, the Kafka data and the state file ({@code ~/.skyless/dev})
 * @param startTimeout how long an instance may take to become ready (60 s)
 * @param jvmOptions JVM options for instances ({@code -XX:+UseSerialGC -XX:TieredStopAtLevel=1})
 * @param shellEnv the developer's environment (overrides the YAML's values; fills variables taken
 *     from Secrets no dev service provides)
 * @param reset delete the data (Kafka's, the databases', the stores') before starting (no)
 * @param wellKnownPorts services listen on their usual ports (PostgreSQL 5432, S3 9000) when free,
 *     else on free ones (yes; tests say no)
 */
public record LocalOptions(
    List<Path> functionPaths,
    String host,
    int port,
    Optional<String> kafkaBootstrapServers,
    int kafkaPort,
    Duration idle,
    Path stateDir,
    Duration startTimeout,
    List<String> jvmOptions,
    Map<String, String> shellEnv,
    boolean reset,
    boolean wellKnownPorts) {

  /** The JVM options instances get unless told otherwise: quick to start, small. */
  public static final List<String> DEFAULT_JVM_OPTIONS =
      List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");

  /** The defaults, for the given functions. */
  public static LocalOptions defaults(List<Path> functionPaths) {
    return new LocalOptions(
        functionPaths,
        "127.0.0.1",
        8080,
        Optional.empty(),
        9092,
        Duration.ofSeconds(30),
        Path.of(System.getProperty("user.home"), ".skyless", "dev"),
        Duration.ofSeconds(60),
        DEFAULT_JVM_OPTIONS,
        System.getenv(),
        false,
        true);
  }
}
