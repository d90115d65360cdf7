package dev.skyless.local.instance.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Why an instance that exited before it was ready failed, in one line, from its log: the message of
 * the last error the runtime logged (its log lines are JSON), else the last line that is not part
 * of a stack trace. Never a stack trace: the log has that.
 */
final class StartFailure {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX = 300;

  private StartFailure() {}

  static Optional<String> reason(Path log) {
    List<String> lines;
    try {
      lines = Files.readAllLines(log);
    } catch (IOException e) {
      return Optional.empty();
    }
    for (int i = lines.size() - 1; i >= 0; i--) {
      String line = lines.get(i).strip();
      if (line.startsWith("{") && line.contains("\"ERROR\"")) {
        try {
          JsonNode entry = JSON.readTree(line);
          if ("ERROR".equals(entry.path("level").asText()) && entry.hasNonNull("message")) {
            return Optional.of(oneLine(entry.get("message").asText()));
          }
        } catch (IOException e) {
          // not a log entry: look further up
        }
      }
    }
    for (int i = lines.size() - 1; i >= 0; i--) {
      String line = lines.get(i).strip();
      if (!line.isEmpty()
          && !line.startsWith("at ")
          && !line.startsWith("...")
          && !line.startsWith("Caused by")
          && !line.startsWith("{")
          && !line.startsWith("WARNING:")) {
        return Optional.of(oneLine(line));
      }
    }
    return Optional.empty();
  }

  private static String oneLine(String text) {
    String first = text.lines().findFirst().orElse("").strip();
    return first.length() <= MAX ? first : first.substring(0, MAX) + "...";
  }
}
