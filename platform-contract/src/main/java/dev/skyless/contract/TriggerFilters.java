package dev.skyless.contract;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The filters of a Function's Kafka triggers by trigger name, as {@link
 * RuntimeVariables#TRIGGER_FILTERS} carries them: a JSON object of objects of strings, {@code
 * {"orders":{"type":"com.example.order.placed"}}}. Encoded by the controller, decoded by the
 * runtime, here so both sides share one codec.
 */
public record TriggerFilters(Map<String, TriggerFilter> byTrigger) {

  private static final String[] FIELDS = {"type", "source", "typePrefix"};

  public TriggerFilters {
    byTrigger = Map.copyOf(byTrigger);
  }

  public static TriggerFilters none() {
    return new TriggerFilters(Map.of());
  }

  /** Whether an event that arrived through {@code trigger} should reach the function. */
  public boolean admits(String trigger, String eventType, String eventSource) {
    TriggerFilter filter = byTrigger.get(trigger);
    return filter == null || filter.matches(eventType, eventSource);
  }

  /** The JSON text; the empty string when there is no filter. */
  public String encode() {
    if (byTrigger.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("{");
    new java.util.TreeMap<>(byTrigger)
        .forEach(
            (name, filter) -> {
              if (out.length() > 1) {
                out.append(',');
              }
              string(out, name).append(":{");
              String[] values = {filter.type(), filter.source(), filter.typePrefix()};
              boolean first = true;
              for (int i = 0; i < FIELDS.length; i++) {
                if (values[i] != null) {
                  if (!first) {
                    out.append(',');
                  }
                  string(out, FIELDS[i]).append(':');
                  string(out, values[i]);
                  first = false;
                }
              }
              out.append('}');
            });
    return out.append('}').toString();
  }

  /**
   * Reads what {@link #encode()} writes (any JSON object of that shape).
   *
   * @throws IllegalArgumentException saying what is wrong and where
   */
  public static TriggerFilters decode(String json) {
    if (json == null || json.isBlank()) {
      return none();
    }
    JsonReader in = new JsonReader(json);
    Map<String, TriggerFilter> filters = new LinkedHashMap<>();
    in.expect('{');
    if (!in.consume('}')) {
      do {
        String name = in.string();
        in.expect(':');
        Map<String, String> fields = new LinkedHashMap<>();
        in.expect('{');
        if (!in.consume('}')) {
          do {
            String field = in.string();
            in.expect(':');
            String value = in.string();
            if (!java.util.List.of(FIELDS).contains(field)) {
              throw in.error("unknown filter attribute '" + field + "'");
            }
            fields.put(field, value);
          } while (in.consume(','));
          in.expect('}');
        }
        filters.put(
            name,
            new TriggerFilter(fields.get("type"), fields.get("source"), fields.get("typePrefix")));
      } while (in.consume(','));
      in.expect('}');
    }
    in.end();
    return new TriggerFilters(filters);
  }

  private static StringBuilder string(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }

  /** Just enough JSON for objects of objects of strings. */
  private static final class JsonReader {
    private final String text;
    private int at;

    JsonReader(String text) {
      this.text = text;
    }

    void skipSpace() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
    }

    boolean consume(char c) {
      skipSpace();
      if (at < text.length() && text.charAt(at) == c) {
        at++;
        return true;
      }
      return false;
    }

    void expect(char c) {
      if (!consume(c)) {
        throw error("expected '" + c + "'");
      }
    }

    void end() {
      skipSpace();
      if (at != text.length()) {
        throw error("unexpected text after the object");
      }
    }

    String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (at < text.length()) {
        char c = text.charAt(at++);
        if (c == '"') {
          return out.toString();
        }
        if (c == '\\') {
          if (at >= text.length()) {
            break;
          }
          char e = text.charAt(at++);
          switch (e) {
            case '"', '\\', '/' -> out.append(e);
            case 'n' -> out.append('\n');
            case 't' -> out.append('\t');
            case 'r' -> out.append('\r');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'u' -> {
              if (at + 4 > text.length()) {
                throw error("bad \\u escape");
              }
              try {
                out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
              } catch (NumberFormatException x) {
                throw error("bad \\u escape");
              }
              at += 4;
            }
            default -> throw error("bad escape \\" + e);
          }
        } else {
          out.append(c);
        }
      }
      throw error("unterminated string");
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException(
          "not a JSON object of trigger filters: " + what + " at character " + at);
    }
  }
}
