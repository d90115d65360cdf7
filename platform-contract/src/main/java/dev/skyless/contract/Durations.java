package dev.skyless.contract;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar of the platform: the Function resource (its CRD pattern is {@link
 * #PATTERN}), the platform ConfigMap, the runtime's variables and the CLI's options all read
 * durations through this class.
 *
 * <p>Two forms: units in descending order, each at most once ({@code 500ms}, {@code 30s}, {@code
 * 1m30s}, {@code 1h}, {@code 2h15m}), or ISO-8601 of hours, minutes and seconds ({@code PT0.2S},
 * {@code PT1M30S}). No days, no signs, no spaces, case as written here.
 */
public final class Durations {

  private static final String UNITS =
      "[0-9]+h([0-9]+m)?([0-9]+s)?([0-9]+ms)?"
          + "|[0-9]+m([0-9]+s)?([0-9]+ms)?"
          + "|[0-9]+s([0-9]+ms)?"
          + "|[0-9]+ms";
  private static final String ISO =
      "PT([0-9]+H([0-9]+M)?([0-9]+(\\.[0-9]+)?S)?"
          + "|[0-9]+M([0-9]+(\\.[0-9]+)?S)?"
          + "|[0-9]+(\\.[0-9]+)?S)";

  /**
   * The grammar as a regular expression, in the subset that RE2 (the API server), ECMA-262 and
   * {@code java.util.regex} read alike.
   */
  public static final String PATTERN = "^(" + UNITS + "|" + ISO + ")$";

  /** What an error message says is accepted. */
  public static final String FORMS = "500ms, 30s, 1m30s, 1h or ISO-8601 such as PT0.2S";

  private static final Pattern GRAMMAR = Pattern.compile(PATTERN);
  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|h|m|s)");

  private Durations() {}

  /** Whether {@code text} is a duration in this grammar. */
  public static boolean isDuration(String text) {
    return text != null && GRAMMAR.matcher(text).matches();
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException saying which forms are accepted
   */
  public static Duration parse(String text) {
    if (!isDuration(text)) {
      throw new IllegalArgumentException("'" + text + "' is not a duration (write " + FORMS + ")");
    }
    try {
      if (text.startsWith("PT")) {
        return Duration.parse(text);
      }
      Duration total = Duration.ZERO;
      Matcher part = PART.matcher(text);
      while (part.find()) {
        long amount = Long.parseLong(part.group(1));
        total =
            total.plus(
                switch (part.group(2)) {
                  case "ms" -> Duration.ofMillis(amount);
                  case "s" -> Duration.ofSeconds(amount);
                  case "m" -> Duration.ofMinutes(amount);
                  default -> Duration.ofHours(amount);
                });
      }
      return total;
    } catch (ArithmeticException | java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is too long a duration");
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is too long a duration");
    }
  }

  /** ISO-8601, as Knative Eventing's delivery fields want it ({@code PT0.2S}). */
  public static String iso(Duration duration) {
    return duration.toString();
  }

  /**
   * Whole seconds with a unit, as Knative Serving's duration annotations want it ({@code 30s}).
   *
   * @throws IllegalArgumentException when {@code duration} has a fraction of a second
   */
  public static String wholeSeconds(Duration duration) {
    if (duration.getNano() != 0) {
      throw new IllegalArgumentException(
          "'" + text(duration) + "' is not a whole number of seconds");
    }
    return duration.toSeconds() + "s";
  }

  /** The shortest text of this grammar for {@code duration} ({@code 1m30s}, {@code 200ms}). */
  public static String text(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long hours = duration.toHours();
    int minutes = duration.toMinutesPart();
    int seconds = duration.toSecondsPart();
    // Below a millisecond is rounded up: the runtime must not get a shorter timeout, nor none.
    int millis = duration.toMillisPart() + (duration.getNano() % 1_000_000 == 0 ? 0 : 1);
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (minutes > 0) {
      out.append(minutes).append('m');
    }
    if (seconds > 0) {
      out.append(seconds).append('s');
    }
    if (millis > 0) {
      out.append(millis).append("ms");
    }
    return out.toString();
  }
}
