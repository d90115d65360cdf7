package dev.skyless.controller.function.model;

/**
 * A Function spec that passed admission but cannot be built (for example names too long once
 * combined). Reported in status as {@code Ready=False, reason=InvalidSpec}, naming the field.
 */
public final class InvalidSpecException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String field;

  public InvalidSpecException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
