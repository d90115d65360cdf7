package dev.skyless.local.dlq;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A dead-lettered record as the tools show it: the event, why it failed, where it came from, and
 * whether it was redriven.
 *
 * @param error the dead-letterer's message: the runtime's or skyless dev's {@code
 *     skyless-error-message}, else Knative's {@code knativeerrordata} (the last answer's body)
 * @param status the last answer's HTTP status ({@code knativeerrorcode}), when one was given
 * @param payload the record's value as text (cut at 16 KiB), or base64 when it is not UTF-8
 */
public record DeadLetter(
    String topic,
    int partition,
    long offset,
    Optional<String> key,
    Optional<String> eventId,
    Optional<String> eventType,
    Optional<String> eventSource,
    Optional<String> error,
    Optional<Integer> status,
    Optional<Integer> attempts,
    Optional<String> originalTopic,
    Instant deadLetteredAt,
    String payload,
    Map<String, String> headers,
    Optional<Redriven> redriven) {

  /** When and where a dead letter went back. */
  public record Redriven(Instant at, String to) {}

  public DeadLetter {
    headers = Map.copyOf(headers);
  }

  /** {@code <partition>/<offset>}: the record's name in commands. */
  public String position() {
    return partition + "/" + offset;
  }
}
