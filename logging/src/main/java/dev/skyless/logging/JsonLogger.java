package dev.skyless.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** Formats one log event as a JSON line: time, level, logger, message, MDC fields, error. */
final class JsonLogger extends LegacyAbstractLogger {

  private static final long serialVersionUID = 1L;

  JsonLogger(String name) {
    this.name = name;
  }

  @Override
  public boolean isTraceEnabled() {
    return LogLevels.enabled(name, Level.TRACE);
  }

  @Override
  public boolean isDebugEnabled() {
    return LogLevels.enabled(name, Level.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return LogLevels.enabled(name, Level.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return LogLevels.enabled(name, Level.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return LogLevels.enabled(name, Level.ERROR);
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String pattern, Object[] args, Throwable error) {
    String message = MessageFormatter.basicArrayFormat(pattern, args);
    StringBuilder line = new StringBuilder(160);
    line.append("{\"time\":\"").append(Instant.now()).append('"');
    field(line, "level", level.name());
    field(line, "logger", name);
    field(line, "thread", Thread.currentThread().getName());
    field(line, "message", message);
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    if (mdc != null) {
      mdc.forEach((k, v) -> field(line, k, v));
    }
    if (error != null) {
      field(line, "error", error.toString());
      StringWriter trace = new StringWriter();
      error.printStackTrace(new PrintWriter(trace));
      field(line, "stack", trace.toString());
    }
    line.append('}');
    System.out.println(line);
  }

  private static void field(StringBuilder line, String key, String value) {
    line.append(",\"");
    escape(line, key);
    line.append("\":\"");
    escape(line, value == null ? "" : value);
    line.append('"');
  }

  private static void escape(StringBuilder out, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
  }
}
