package dev.skyless.logging;

import java.util.Locale;
import org.slf4j.event.Level;

/**
 * The level threshold: one for the runtime and the function, set from {@code SKYLESS_LOG_LEVEL},
 * and a quieter one (warn) for chatty libraries such as the Kafka client, unless debug is asked.
 */
public final class LogLevels {

  private static volatile Level threshold = parse(System.getenv("SKYLESS_LOG_LEVEL"));
  private static volatile Level libraries = Level.WARN;

  private LogLevels() {}

  /**
   * Sets the threshold ({@code trace}, {@code debug}, {@code info}, {@code warn}, {@code error}).
   */
  public static void set(String level) {
    threshold = parse(level);
  }

  /**
   * Sets the threshold of chatty libraries (Kafka, Netty, fabric8) when not debugging; {@code
   * skyless dev} keeps an embedded broker's warnings off the developer's console with {@code
   * error}.
   */
  public static void setLibraries(String level) {
    libraries = parse(level);
  }

  static boolean enabled(String logger, Level level) {
    Level min = threshold;
    if (min.toInt() > Level.DEBUG.toInt() && isLibrary(logger)) {
      min = libraries;
    }
    return level.toInt() >= min.toInt();
  }

  private static boolean isLibrary(String logger) {
    return logger.startsWith("org.apache.kafka")
        || logger.startsWith("kafka.")
        || logger.equals("state.change.logger")
        || logger.startsWith("org.flywaydb")
        || logger.startsWith("com.zaxxer.hikari")
        || logger.startsWith("io.netty")
        || logger.startsWith("io.fabric8")
        || logger.startsWith("io.zonky")
        || logger.startsWith("org.apache.http");
  }

  private static Level parse(String level) {
    if (level == null || level.isBlank()) {
      return Level.INFO;
    }
    try {
      return Level.valueOf(level.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return Level.INFO;
    }
  }
}
