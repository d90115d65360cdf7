package dev.skyless.runtime.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CloudEvents 1.0 rules that the CloudEvents SDK does not enforce when it reads an event, for
 * every binding the runtime reads (HTTP structured and binary, Kafka structured and binary), run on
 * the raw values before the SDK parses them: required attributes non-empty; {@code subject} and
 * {@code dataschema} non-empty when present, {@code dataschema} an absolute URI; {@code time} in
 * RFC 3339 (seconds required, offset {@code Z} or {@code ±hh:mm}); {@code datacontenttype} an RFC
 * 2046 media type; attribute names of lower-case letters and digits, each at most once; no control
 * characters in string values.
 *
 * <p>Two RFC 3339 forms are refused because {@code java.time} cannot hold them: a leap second
 * ({@code :60}) and an offset beyond ±18:00.
 */
public final class CloudEventRules {

  private static final Pattern TIME =
      Pattern.compile(
          "(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(\\.\\d{1,9})?"
              + "([Zz]|[+-](\\d{2}):(\\d{2}))");
  private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
  private static final Pattern MEDIA_TYPE =
      Pattern.compile(
          TOKEN
              + "/"
              + TOKEN
              + "(\\s*;\\s*"
              + TOKEN
              + "=("
              + TOKEN
              + "|\"([^\"\\\\]|\\\\.)*\"))*\\s*");
  private static final JsonFactory JSON = new JsonFactory();

  private CloudEventRules() {}

  /**
   * Checks one attribute as sent: {@code name} exactly as on the wire (after a binding's prefix),
   * {@code value} its string form.
   *
   * @throws InvalidCloudEventException naming the attribute
   */
  public static void checkAttribute(String name, String value) {
    if (!isName(name)) {
      throw new InvalidCloudEventException(
          name,
          "CloudEvent attribute name '"
              + name
              + "' is not valid: names are lower-case letters a-z and digits 0-9");
    }
    switch (name) {
      case "specversion" -> {
        nonEmpty(name, value);
        if (!value.equals("1.0") && !value.equals("0.3")) {
          throw new InvalidCloudEventException(
              name,
              "CloudEvent attribute 'specversion' must be 1.0 (got '" + shorten(value) + "')");
        }
      }
      case "id", "type" -> nonEmpty(name, value);
      case "source" -> uriReference(name, value);
      case "subject" -> nonEmpty(name, value);
      case "dataschema" -> absoluteUri(name, value);
      case "time" -> checkTime(value);
      case "datacontenttype" -> checkMediaType(name, value);
      default -> {}
    }
    noControlCharacters(name, value);
  }

  /** Checks a media type (a binding's content type header, or {@code datacontenttype}). */
  public static void checkMediaType(String attribute, String value) {
    if (value.isEmpty()) {
      throw new InvalidCloudEventException(
          attribute, "CloudEvent attribute '" + attribute + "' must not be empty");
    }
    if (!MEDIA_TYPE.matcher(value).matches()) {
      throw new InvalidCloudEventException(
          attribute,
          "CloudEvent attribute '"
              + attribute
              + "' must be an RFC 2046 media type such as application/json (got '"
              + shorten(value)
              + "')");
    }
  }

  /**
   * Checks the attributes of an event in the JSON format, before the SDK reads it: each rule above,
   * names at most once, extension values a string, number or boolean.
   *
   * @return the extensions given as {@code null}, which the JSON format says mean "unset" (the SDK
   *     would keep them as the text "null")
   * @throws InvalidCloudEventException naming the attribute
   */
  public static Set<String> checkJson(byte[] json) {
    Set<String> seen = new HashSet<>();
    Set<String> unset = new HashSet<>();
    try (JsonParser parser = JSON.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return unset; // not an object: the SDK's reading says what is wrong
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        if (!seen.add(name)) {
          throw new InvalidCloudEventException(
              name, "CloudEvent attribute '" + name + "' appears more than once");
        }
        JsonToken value = parser.nextToken();
        boolean core = isCoreOrData(name);
        if (name.equals("data") || name.equals("data_base64")) {
          parser.skipChildren();
          continue;
        }
        if (!core && !isName(name)) {
          checkAttribute(name, "");
        }
        switch (value) {
          case VALUE_STRING -> checkAttribute(name, parser.getText());
          case VALUE_NULL -> {
            if (!core) {
              unset.add(name);
            }
          }
          case START_OBJECT, START_ARRAY -> {
            if (!core) {
              throw new InvalidCloudEventException(
                  name,
                  "CloudEvent extension '" + name + "' must be a string, a number or a boolean");
            }
            parser.skipChildren();
          }
          default -> {}
        }
      }
    } catch (IOException e) {
      return unset; // not JSON: the SDK's reading says what is wrong
    }
    return unset;
  }

  /** Lower-case letters and digits, at least one (a loop: this runs for every header). */
  private static boolean isName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isCoreOrData(String name) {
    return switch (name) {
      case "specversion",
          "id",
          "source",
          "type",
          "subject",
          "time",
          "datacontenttype",
          "dataschema",
          "data",
          "data_base64" ->
          true;
      default -> false;
    };
  }

  private static void nonEmpty(String name, String value) {
    if (value.isEmpty()) {
      throw new InvalidCloudEventException(
          name, "CloudEvent attribute '" + name + "' must not be empty");
    }
  }

  private static void uriReference(String name, String value) {
    nonEmpty(name, value);
    try {
      new URI(value);
    } catch (URISyntaxException e) {
      throw new InvalidCloudEventException(
          name,
          "CloudEvent attribute '"
              + name
              + "' must be a URI reference (got '"
              + shorten(value)
              + "')");
    }
  }

  private static void absoluteUri(String name, String value) {
    nonEmpty(name, value);
    boolean absolute;
    try {
      absolute = new URI(value).isAbsolute();
    } catch (URISyntaxException e) {
      absolute = false;
    }
    if (!absolute) {
      throw new InvalidCloudEventException(
          name,
          "CloudEvent attribute '"
              + name
              + "' must be an absolute URI (got '"
              + shorten(value)
              + "')");
    }
  }

  private static void checkTime(String value) {
    Matcher m = TIME.matcher(value);
    boolean valid =
        m.matches()
            && between(m.group(2), 1, 12)
            && between(m.group(3), 1, 31)
            && between(m.group(4), 0, 23)
            && between(m.group(5), 0, 59)
            && between(m.group(6), 0, 59)
            && (m.group(9) == null
                || (between(m.group(9), 0, 18)
                    && between(m.group(10), 0, 59)
                    && !(m.group(9).equals("18") && !m.group(10).equals("00"))));
    if (!valid) {
      throw new InvalidCloudEventException(
          "time",
          "CloudEvent attribute 'time' must be an RFC 3339 timestamp with seconds and a Z or"
              + " ±hh:mm offset, such as 2026-12-01T09:30:00Z (got '"
              + shorten(value)
              + "')");
    }
  }

  private static boolean between(String digits, int low, int high) {
    int value = Integer.parseInt(digits);
    return value >= low && value <= high;
  }

  /**
   * The JSON format's {@code null} extensions are unset: {@code event} without them (the SDK keeps
   * them as the text "null").
   */
  public static CloudEvent withoutExtensions(CloudEvent event, Set<String> unset) {
    if (unset.isEmpty()) {
      return event;
    }
    CloudEventBuilder builder = CloudEventBuilder.from(event);
    unset.forEach(builder::withoutExtension);
    return builder.build();
  }

  /** Whether {@code text} holds a character a CloudEvents String may not (C0, DEL, C1). */
  public static boolean hasControlCharacter(String text) {
    return controlCharacter(text) >= 0;
  }

  private static int controlCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        return c;
      }
    }
    return -1;
  }

  private static void noControlCharacters(String name, String value) {
    int c = controlCharacter(value);
    if (c >= 0) {
      throw new InvalidCloudEventException(
          name,
          "CloudEvent attribute '"
              + name
              + "' contains a control character (U+"
              + String.format("%04X", c)
              + ")");
    }
  }

  private static String shorten(String value) {
    return value.length() <= 60 ? value : value.substring(0, 60) + "...";
  }
}
