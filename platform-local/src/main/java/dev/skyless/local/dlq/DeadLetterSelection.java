package dev.skyless.local.dlq;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which dead letters a command means: a function's triggers (one, or all), dead-lettered since a
 * time, or one record by position. The same for {@code skyless dlq} and the dev dashboard.
 */
public record DeadLetterSelection(
    Optional<String> trigger, Optional<Instant> since, Optional<String> record) {

  public static DeadLetterSelection all() {
    return new DeadLetterSelection(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * The topics of {@code topics} this selection reads.
   *
   * @throws IllegalArgumentException naming the triggers there are, when the trigger is not one
   */
  public List<DeadLetterTopic> topics(String function, List<DeadLetterTopic> topics) {
    if (trigger.isEmpty()) {
      return topics;
    }
    List<DeadLetterTopic> chosen =
        topics.stream().filter(t -> t.trigger().equals(trigger.get())).toList();
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException(
          function
              + " has no trigger "
              + trigger.get()
              + (topics.isEmpty()
                  ? " (it has no triggers)"
                  : " (it has: "
                      + String.join(", ", topics.stream().map(DeadLetterTopic::trigger).toList())
                      + ")"));
    }
    return chosen;
  }

  /** Whether {@code letter} is selected. */
  public Predicate<DeadLetter> letters() {
    return letter ->
        since.map(s -> !letter.deadLetteredAt().isBefore(s)).orElse(true)
            && record.map(r -> r.equals(letter.position())).orElse(true);
  }
}
