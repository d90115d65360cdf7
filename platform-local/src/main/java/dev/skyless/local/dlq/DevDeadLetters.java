package dev.skyless.local.dlq;

import dev.skyless.local.function.LocalFunction;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The dead letters of {@code skyless dev}'s functions, in its Kafka. Blocking calls. */
public final class DevDeadLetters {

  private final String bootstrapServers;
  private final List<LocalFunction> functions;

  public DevDeadLetters(String bootstrapServers, List<LocalFunction> functions) {
    this.bootstrapServers = bootstrapServers;
    this.functions = List.copyOf(functions);
  }

  /** Nothing: no Kafka, no functions (a gateway in a test). */
  public static DevDeadLetters none() {
    return new DevDeadLetters("", List.of());
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Every function's dead-letter topics. */
  public List<DeadLetterTopic> topics() {
    List<DeadLetterTopic> topics = new ArrayList<>();
    functions.forEach(f -> topics.addAll(DeadLetterTopic.of(f)));
    return topics;
  }

  /**
   * One function's.
   *
   * @throws IllegalArgumentException naming the functions there are, when it is not one
   */
  public List<DeadLetterTopic> topics(String function) {
    for (LocalFunction f : functions) {
      if (f.name().equals(function)) {
        return DeadLetterTopic.of(f);
      }
    }
    throw new IllegalArgumentException(
        "skyless dev has no function "
            + function
            + " (it runs: "
            + String.join(", ", functions.stream().map(LocalFunction::name).toList())
            + ")");
  }

  public List<DeadLetter> read(DeadLetterTopic topic) {
    return new DeadLetterReader(bootstrapServers).read(topic);
  }

  /** Redrives what {@code selection} names of {@code function}'s triggers. */
  public Redriver.Result redrive(
      String function, DeadLetterSelection selection, Optional<String> to)
      throws InterruptedException {
    Redriver redriver = new Redriver(bootstrapServers, (short) 1, Clock.systemUTC());
    int redriven = 0;
    int already = 0;
    int skipped = 0;
    for (DeadLetterTopic topic : selection.topics(function, topics(function))) {
      Redriver.Result result = redriver.redrive(topic, selection.letters(), to);
      redriven += result.redriven();
      already += result.alreadyRedriven();
      skipped += result.notSelected();
    }
    return new Redriver.Result(redriven, already, skipped);
  }
}
