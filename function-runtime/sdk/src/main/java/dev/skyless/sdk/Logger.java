package dev.skyless.sdk;

/**
 * A logger bound to one call: every line carries the call's correlation id. Messages use {@code {}}
 * placeholders, as in SLF4J.
 */
public interface Logger {

  void debug(String message, Object... args);

  void info(String message, Object... args);

  void warn(String message, Object... args);

  void error(String message, Object... args);

  void error(String message, Throwable error);
}
