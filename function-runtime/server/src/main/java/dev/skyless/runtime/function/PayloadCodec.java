package dev.skyless.runtime.function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.skyless.sdk.ProblemException;
import io.cloudevents.CloudEvent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps between event data and Java values with Jackson: binds a CloudEvent's data to the function's
 * input type, and encodes outputs and emitted data. Binding failures are problems the caller can
 * fix: 400 (does not bind, empty) or 415 (not JSON).
 */
public final class PayloadCodec {

  private final ObjectMapper mapper;
  private final Map<Type, JavaType> types = new ConcurrentHashMap<>();

  public PayloadCodec() {
    this(
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS));
  }

  public PayloadCodec(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  /** Binds {@code event}'s data to {@code type}. */
  public Object bind(CloudEvent event, Type type) {
    if (type == CloudEvent.class) {
      return event;
    }
    byte[] data = event.getData() == null ? new byte[0] : event.getData().toBytes();
    if (type == byte[].class) {
      return data;
    }
    if (type == String.class) {
      return new String(data, StandardCharsets.UTF_8);
    }
    if (type == Void.class) {
      return null;
    }
    String simpleName = type instanceof Class<?> c ? c.getSimpleName() : type.getTypeName();
    if (data.length == 0) {
      throw new ProblemException(
          400, "Bad Request", "The body is empty; this function expects JSON for " + simpleName);
    }
    String contentType = event.getDataContentType();
    if (contentType != null && !isJson(contentType)) {
      throw new ProblemException(
          415,
          "Unsupported Media Type",
          "Content type '" + contentType + "' is not supported; this function takes JSON");
    }
    try {
      return mapper.readValue(data, types.computeIfAbsent(type, mapper::constructType));
    } catch (MismatchedInputException e) {
      throw new ProblemException(
          400,
          "Bad Request",
          "The body does not bind to "
              + simpleName
              + at(e)
              + ": "
              + firstLine(e.getOriginalMessage()));
    } catch (JsonProcessingException e) {
      throw new ProblemException(
          400, "Bad Request", "The body is not valid JSON: " + firstLine(e.getOriginalMessage()));
    } catch (java.io.IOException e) {
      throw new ProblemException(400, "Bad Request", "The body cannot be read: " + e.getMessage());
    }
  }

  /**
   * Encodes a function output or emitted data: {@code null} is empty, {@code byte[]} is
   * octet-stream, a {@code String} is text, anything else is JSON.
   */
  public Payload encode(Object value) {
    if (value == null) {
      return Payload.EMPTY;
    }
    if (value instanceof byte[] bytes) {
      return new Payload(bytes, "application/octet-stream");
    }
    if (value instanceof String text) {
      return new Payload(text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
    }
    try {
      return new Payload(mapper.writeValueAsBytes(value), Payload.JSON);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "cannot write " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Whether a media type is JSON ({@code application/json}, {@code *+json}, {@code text/json}). */
  public static boolean isJson(String contentType) {
    String type = contentType.toLowerCase(Locale.ROOT);
    int semicolon = type.indexOf(';');
    if (semicolon >= 0) {
      type = type.substring(0, semicolon);
    }
    type = type.trim();
    return type.equals("application/json") || type.endsWith("+json") || type.equals("text/json");
  }

  private static String at(MismatchedInputException e) {
    String path = e.getPathReference();
    if (e.getPath().isEmpty() || path == null) {
      return "";
    }
    StringBuilder field = new StringBuilder();
    for (var ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        field.append(field.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        field.append('[').append(ref.getIndex()).append(']');
      }
    }
    return " (field '" + field + "')";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
