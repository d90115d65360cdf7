package dev.skyless.local.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a running {@code skyless dev} tells other commands ({@code invoke}, {@code logs}), kept in
 * {@code <state dir>/dev.json} while it runs.
 *
 * @param url the gateway's base URL
 * @param pid the {@code skyless dev} process
 * @param logDir where {@code <function>.log} files are
 * @param kafkaBootstrapServers the Kafka it uses
 * @param functions the functions it serves
 * @param services the backing services it runs (Kafka included)
 * @param deadLetterTopics its functions' dead-letter topics ({@code skyless dlq})
 */
public record DevState(
    String url,
    long pid,
    String logDir,
    String kafkaBootstrapServers,
    List<String> functions,
    List<ServiceRow> services,
    List<dev.skyless.local.dlq.DeadLetterTopic> deadLetterTopics) {

  public static final String FILE = "dev.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Writes the state file. */
  public void write(Path stateDir) throws IOException {
    Files.createDirectories(stateDir);
    Path tmp = stateDir.resolve(FILE + ".tmp");
    JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
    Files.move(
        tmp,
        stateDir.resolve(FILE),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** The state of a {@code skyless dev} still running, if there is one. */
  public static Optional<DevState> read(Path stateDir) {
    Path file = stateDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      DevState state = JSON.readValue(file.toFile(), DevState.class);
      boolean alive = ProcessHandle.of(state.pid()).map(ProcessHandle::isAlive).orElse(false);
      return alive ? Optional.of(state) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Removes the state file. */
  public static void remove(Path stateDir) {
    try {
      Files.deleteIfExists(stateDir.resolve(FILE));
    } catch (IOException e) {
      // nothing to do: readers check the pid
    }
  }
}
