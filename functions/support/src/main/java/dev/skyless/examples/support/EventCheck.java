package dev.skyless.examples.support;

import dev.skyless.sdk.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fields an incoming event must have, checked before anything is stored: each missing or
 * invalid one is listed (as {@link FieldError}s, the shape of the order API's 400s), and the event
 * is refused with a 400 naming them (over HTTP the caller sees it; from Kafka the record is
 * dead-lettered at once, since retrying cannot fix it).
 */
public final class EventCheck {

  private final String type;
  private final List<FieldError> errors = new ArrayList<>();

  private EventCheck(String type) {
    this.type = type;
  }

  /** Starts checking an event of {@code type}. */
  public static EventCheck of(String type) {
    return new EventCheck(type);
  }

  /** {@code field} must be present. */
  public EventCheck required(String field, Object value) {
    if (value == null || (value instanceof String s && s.isBlank())) {
      errors.add(new FieldError(field, "is required"));
    }
    return this;
  }

  /** {@code field} must hold when present: {@code rule} says how it must be. */
  public EventCheck that(boolean holds, String field, String rule) {
    if (!holds) {
      errors.add(new FieldError(field, rule));
    }
    return this;
  }

  /**
   * @throws ProblemException 400, listing the fields, when any check failed
   */
  public void orRefuse() {
    if (errors.isEmpty()) {
      return;
    }
    throw new ProblemException(
        400,
        "Invalid event",
        "The "
            + type
            + " event is invalid: "
            + String.join("; ", errors.stream().map(e -> e.field() + " " + e.message()).toList()),
        Map.of("errors", List.copyOf(errors)));
  }
}
