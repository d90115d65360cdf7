package dev.skyless.runtime.http;

import dev.skyless.contract.RoutePattern;
import dev.skyless.runtime.event.CloudEventRules;
import dev.skyless.runtime.event.EventIds;
import dev.skyless.runtime.event.InvalidCloudEventException;
import dev.skyless.runtime.function.Invocation;
import dev.skyless.runtime.function.Invocation.Mode;
import dev.skyless.sdk.HttpRequest;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.http.vertx.VertxMessageFactory;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Decides what an HTTP request is (a plain request, or a CloudEvent in binary or structured mode)
 * and turns it into an {@link Invocation}. A malformed CloudEvent is a 400 that names the
 * attribute; an event format we cannot read is a 415.
 */
public final class RequestDecoder {

  /** The type given to plain HTTP requests. */
  public static final String HTTP_REQUEST_TYPE = "dev.skyless.http.request";

  private static final List<String> REQUIRED = List.of("id", "source", "type");

  private final List<RoutePattern> routes;

  public RequestDecoder() {
    this(List.of());
  }

  /**
   * @param routes the Function's routes, matched in the order of their specificity
   */
  public RequestDecoder(List<RoutePattern> routes) {
    List<RoutePattern> sorted = new ArrayList<>(routes);
    sorted.sort(RoutePattern::bySpecificity);
    this.routes = List.copyOf(sorted);
  }

  public Invocation decode(HttpServerRequest request, Buffer body) {
    MultiMap headers = request.headers();
    String contentType = headers.get("content-type");
    Supplier<HttpRequest> http = httpRequest(request);
    String lowerType = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    if (lowerType.startsWith("application/cloudevents-batch")) {
      throw new HttpProblem(
          415,
          "Unsupported Media Type",
          "Batched CloudEvents are not accepted; send one event per request");
    }
    if (lowerType.startsWith("application/cloudevents")) {
      return new Invocation(structured(contentType, body), http, Mode.STRUCTURED);
    }
    if (hasCloudEventHeaders(headers)) {
      return new Invocation(withTraceContext(binary(headers, body), headers), http, Mode.BINARY);
    }
    return new Invocation(plain(request, contentType, body), http, Mode.PLAIN);
  }

  private static CloudEvent structured(String contentType, Buffer body) {
    EventFormat format = EventFormatProvider.getInstance().resolveFormat(contentType);
    if (format == null) {
      throw new HttpProblem(
          415,
          "Unsupported Media Type",
          "Event format '" + contentType + "' is not supported; use application/cloudevents+json");
    }
    byte[] bytes = body.getBytes();
    Set<String> unset = checked(() -> CloudEventRules.checkJson(bytes));
    CloudEvent event;
    try {
      event = format.deserialize(bytes);
    } catch (RuntimeException e) {
      throw new HttpProblem(400, "Invalid CloudEvent", diagnoseStructured(body, e));
    }
    return CloudEventRules.withoutExtensions(event, unset);
  }

  /** Runs a {@link CloudEventRules} check; a broken rule is a 400 naming the attribute. */
  private static <T> T checked(Supplier<T> check) {
    try {
      return check.get();
    } catch (InvalidCloudEventException e) {
      throw new HttpProblem(400, "Invalid CloudEvent", e.getMessage());
    }
  }

  private static String diagnoseStructured(Buffer body, RuntimeException failure) {
    JsonObject json;
    try {
      json = body.toJsonObject();
    } catch (DecodeException | ClassCastException e) {
      return "The body is not a JSON object";
    }
    if (json == null) {
      return "The body is empty";
    }
    for (String attribute : List.of("specversion", "id", "source", "type")) {
      Object value = json.getValue(attribute);
      if (value == null || (value instanceof String s && s.isBlank())) {
        return "Missing required CloudEvent attribute '" + attribute + "'";
      }
      if (!(value instanceof String)) {
        return "CloudEvent attribute '" + attribute + "' must be a string";
      }
    }
    return "The event cannot be read: " + messageOf(failure);
  }

  private static CloudEvent binary(MultiMap headers, Buffer body) {
    String specVersion = headers.get("ce-specversion");
    if (specVersion == null || specVersion.isBlank()) {
      throw missing("specversion");
    }
    for (String attribute : REQUIRED) {
      String value = headers.get("ce-" + attribute);
      if (value == null) {
        throw missing(attribute);
      }
    }
    checked(() -> checkBinaryHeaders(headers));
    try {
      return VertxMessageFactory.createReader(headers, body).toEvent();
    } catch (RuntimeException e) {
      throw new HttpProblem(400, "Invalid CloudEvent", "The event cannot be read: " + messageOf(e));
    }
  }

  /** The rules on each {@code ce-} header and the content type, as sent: one pass over them. */
  private static Void checkBinaryHeaders(MultiMap headers) {
    Set<String> seen = new java.util.HashSet<>(8);
    for (var header : headers) {
      String name = header.getKey();
      if (name.length() <= 3 || !name.regionMatches(true, 0, "ce-", 0, 3)) {
        continue;
      }
      String attribute = name.substring(3).toLowerCase(Locale.ROOT);
      if (attribute.equals("datacontenttype")) {
        throw new InvalidCloudEventException(
            attribute,
            "In binary mode the data's media type goes in Content-Type; a ce-datacontenttype"
                + " header is not allowed");
      }
      if (!seen.add(attribute)) {
        throw new InvalidCloudEventException(
            attribute, "CloudEvent attribute '" + attribute + "' appears more than once");
      }
      CloudEventRules.checkAttribute(attribute, asUtf8(header.getValue()));
    }
    String contentType = headers.get("content-type");
    if (contentType != null) {
      CloudEventRules.checkMediaType("datacontenttype", contentType);
    }
    return null;
  }

  /**
   * Vert.x hands a header over byte by byte (ISO-8859-1): the text its bytes make in UTF-8. ASCII,
   * the usual case, is already that.
   */
  private static String asUtf8(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) >= 0x80) {
        return new String(
            value.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
            java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    return value;
  }

  /** Carries W3C trace headers into the event when it has no trace extension of its own. */
  private static CloudEvent withTraceContext(CloudEvent event, MultiMap headers) {
    String traceparent = headers.get("traceparent");
    if (traceparent == null || event.getExtension("traceparent") != null) {
      return event;
    }
    CloudEventBuilder builder =
        CloudEventBuilder.from(event).withExtension("traceparent", traceparent);
    String tracestate = headers.get("tracestate");
    if (tracestate != null) {
      builder.withExtension("tracestate", tracestate);
    }
    return builder.build();
  }

  private static CloudEvent plain(HttpServerRequest request, String contentType, Buffer body) {
    String id = request.getHeader("x-request-id");
    CloudEventBuilder builder =
        CloudEventBuilder.v1()
            .withId(id == null || id.isBlank() ? EventIds.next() : id)
            .withType(HTTP_REQUEST_TYPE)
            .withSource(sourceOf(request.path()));
    if (body.length() > 0) {
      builder.withDataContentType(contentType).withData(body.getBytes());
    }
    String traceparent = request.getHeader("traceparent");
    if (traceparent != null) {
      builder.withExtension("traceparent", traceparent);
    }
    return builder.build();
  }

  private static URI sourceOf(String path) {
    try {
      return URI.create(path == null || path.isEmpty() ? "/" : path);
    } catch (IllegalArgumentException e) {
      return URI.create("/");
    }
  }

  private static boolean hasCloudEventHeaders(MultiMap headers) {
    for (var entry : headers) {
      String name = entry.getKey();
      if (name.length() > 3 && name.regionMatches(true, 0, "ce-", 0, 3)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The SDK's view of the request, built on first use: most functions never ask, and copying the
   * headers showed up in profiles. The headers are not changed once the body has been read.
   */
  private Supplier<HttpRequest> httpRequest(HttpServerRequest request) {
    String method = request.method().name();
    String uri = request.uri();
    MultiMap source = request.headers();
    return () -> {
      Map<String, List<String>> headers = new HashMap<>();
      for (var entry : source) {
        headers
            .computeIfAbsent(entry.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1))
            .add(entry.getValue());
      }
      int question = uri.indexOf('?');
      String path = question < 0 ? uri : uri.substring(0, question);
      String query = question < 0 ? "" : uri.substring(question + 1);
      for (RoutePattern route : routes) {
        if (route.takes(method)) {
          Optional<Map<String, String>> parameters = route.matchPath(path);
          if (parameters.isPresent()) {
            return new HttpRequest(
                method, path, query, headers, Optional.of(route.toString()), parameters.get());
          }
        }
      }
      return new HttpRequest(method, path, query, headers);
    };
  }

  private static HttpProblem missing(String attribute) {
    return new HttpProblem(
        400,
        "Invalid CloudEvent",
        "Missing required CloudEvent attribute '" + attribute + "' (header ce-" + attribute + ")");
  }

  private static String messageOf(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message.split("\n", 2)[0];
  }
}
