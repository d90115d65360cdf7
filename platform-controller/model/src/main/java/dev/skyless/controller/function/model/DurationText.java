package dev.skyless.controller.function.model;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The durations a Function accepts ({@code 30s}, {@code 1m30s}, {@code PT0.2S}), converted. */
final class DurationText {

  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

  private DurationText() {}

  static Duration parse(String field, String text) {
    try {
      if (text.startsWith("PT")) {
        return Duration.parse(text);
      }
      Matcher m = PART.matcher(text);
      Duration total = Duration.ZERO;
      int end = 0;
      while (m.find()) {
        if (m.start() != end) {
          break;
        }
        long n = Long.parseLong(m.group(1));
        total =
            total.plus(
                switch (m.group(2)) {
                  case "ms" -> Duration.ofMillis(n);
                  case "s" -> Duration.ofSeconds(n);
                  case "m" -> Duration.ofMinutes(n);
                  default -> Duration.ofHours(n);
                });
        end = m.end();
      }
      if (end == text.length() && end > 0) {
        return total;
      }
    } catch (RuntimeException e) {
      // reported below
    }
    throw new InvalidSpecException(field, "'" + text + "' is not a duration (30s, 1m30s, PT0.2S)");
  }

  /** ISO-8601, as Knative Eventing's delivery fields want it. */
  static String iso(String field, String text) {
    return parse(field, text).toString();
  }

  /** Knative Serving's duration annotations: {@code 30s}. */
  static String seconds(String field, String text) {
    return parse(field, text).toSeconds() + "s";
  }
}
