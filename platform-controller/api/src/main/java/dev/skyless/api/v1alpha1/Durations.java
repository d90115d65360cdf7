package dev.skyless.api.v1alpha1;

/** The duration forms the Function resource accepts. */
public final class Durations {

  /**
   * {@code 30s}, {@code 500ms}, {@code 1m30s}, or ISO-8601 of hours, minutes and seconds ({@code
   * PT0.2S}, {@code PT1M}). RE2 syntax, as the API server checks it.
   */
  public static final String PATTERN =
      "^(([0-9]+(ms|s|m|h))+|PT(([0-9]+H)([0-9]+M)?([0-9]+(\\.[0-9]+)?S)?"
          + "|([0-9]+M)([0-9]+(\\.[0-9]+)?S)?|[0-9]+(\\.[0-9]+)?S))$";

  private Durations() {}
}
