package dev.skyless.runtime.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyless.sdk.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes RFC 9457 {@code application/problem+json} responses. */
public final class ProblemWriter {

  public static final String CONTENT_TYPE = "application/problem+json";

  private final ObjectMapper mapper;

  public ProblemWriter(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The problem body as JSON bytes. */
  public byte[] body(ProblemException problem, String instance, String correlationId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", problem.title());
    body.put("status", problem.status());
    if (problem.detail() != null) {
      body.put("detail", problem.detail());
    }
    if (instance != null) {
      body.put("instance", instance);
    }
    if (correlationId != null) {
      body.put("correlationId", correlationId);
    }
    problem.properties().forEach(body::putIfAbsent);
    try {
      return mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      body.keySet().retainAll(java.util.List.of("type", "title", "status", "detail"));
      try {
        return mapper.writeValueAsBytes(body);
      } catch (JsonProcessingException impossible) {
        throw new IllegalStateException(impossible);
      }
    }
  }

  /**
   * Ends {@code response} with the problem. A {@code connection} header is only sent over HTTP/1.x
   * (HTTP/2 forbids it).
   */
  public Future<Void> write(
      HttpServerResponse response,
      ProblemException problem,
      String instance,
      String correlationId,
      boolean http1) {
    response.setStatusCode(problem.status()).putHeader("content-type", CONTENT_TYPE);
    if (problem instanceof HttpProblem http) {
      http.headers()
          .forEach(
              (name, value) -> {
                if (http1 || !name.equals("connection")) {
                  response.putHeader(name, value);
                }
              });
    }
    return response.end(Buffer.buffer(body(problem, instance, correlationId)));
  }
}
