package dev.skyless.local.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyless.local.dlq.DeadLetter;
import dev.skyless.local.dlq.DeadLetterSelection;
import dev.skyless.local.dlq.DeadLetterTopic;
import dev.skyless.local.dlq.DevDeadLetters;
import dev.skyless.local.dlq.Redriver;
import dev.skyless.local.telemetry.OtlpTraces;
import dev.skyless.local.telemetry.SpanRecord;
import dev.skyless.local.telemetry.TraceStore;
import dev.skyless.runtime.http.ProblemWriter;
import dev.skyless.sdk.ProblemException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The platform's own endpoints on the dev gateway, under {@code /_skyless/}: the OTLP receiver its
 * instances export traces to ({@code POST /_skyless/otlp/v1/traces}) and the JSON the dashboard
 * reads ({@code GET /_skyless/api/invocations}, {@code /_skyless/api/traces}, {@code
 * /_skyless/api/traces/<trace id>}), the dead letters ({@code GET /_skyless/api/dlq}, {@code POST
 * /_skyless/api/dlq/<function>/redrive?trigger=&record=<partition>/<offset>&since=}) and the
 * dashboard's page ({@code GET /_skyless/}).
 */
public final class DevApi {

  static final String OTLP_TRACES = "/_skyless/otlp/v1/traces";
  static final String API = "/_skyless/api/";
  static final String DASHBOARD = "/_skyless/";
  private static final byte[] PAGE = page();
  private static final int DEFAULT_LIMIT = 50;
  private static final int MAX_LIMIT = 500;

  private final Vertx vertx;
  private final TraceStore traces;
  private final DevDeadLetters deadLetters;
  private final ObjectMapper json;
  private final ProblemWriter problems;

  public DevApi(Vertx vertx, TraceStore traces, DevDeadLetters deadLetters, ObjectMapper json) {
    this.vertx = vertx;
    this.traces = traces;
    this.deadLetters = deadLetters;
    this.json = json;
    this.problems = new ProblemWriter(json);
  }

  /** Whether {@code path} is one of these endpoints. */
  boolean handles(String path) {
    return path.equals(OTLP_TRACES) || path.startsWith(API) || path.equals(DASHBOARD);
  }

  void handle(HttpServerRequest request) {
    String path = request.path();
    if (path.equals(DASHBOARD)) {
      request
          .response()
          .putHeader("content-type", "text/html; charset=utf-8")
          .putHeader("cache-control", "no-store")
          .end(Buffer.buffer(PAGE));
      return;
    }
    if (path.equals(OTLP_TRACES)) {
      receive(request);
      return;
    }
    String rest = path.substring(API.length());
    if (rest.startsWith("dlq/") && rest.endsWith("/redrive")) {
      redrive(request, rest.substring("dlq/".length(), rest.length() - "/redrive".length()));
      return;
    }
    if (!request.method().name().equals("GET")) {
      problem(request, new ProblemException(405, "Method not allowed", path + " takes GET"));
      return;
    }
    int limit = limit(request);
    if (rest.equals("invocations")) {
      write(
          request,
          Map.of("invocations", traces.invocations(limit).stream().map(this::span).toList()));
    } else if (rest.equals("traces")) {
      List<Map<String, Object>> summaries =
          traces.traces(limit).entrySet().stream()
              .map(e -> summary(e.getKey(), e.getValue()))
              .toList();
      write(request, Map.of("traces", summaries));
    } else if (rest.equals("dlq")) {
      blocking(request, () -> Map.of("topics", deadLetterTopics()));
    } else if (rest.startsWith("traces/")) {
      String id = rest.substring("traces/".length());
      List<SpanRecord> spans = traces.trace(id);
      if (spans.isEmpty()) {
        problem(
            request,
            new ProblemException(404, "No such trace", "no spans of trace " + id + " are kept"));
        return;
      }
      write(request, Map.of("traceId", id, "spans", spans.stream().map(this::span).toList()));
    } else {
      problem(
          request,
          new ProblemException(
              404,
              "Not found",
              "the dev API has /_skyless/api/invocations, /_skyless/api/traces,"
                  + " /_skyless/api/traces/<id>, /_skyless/api/dlq and"
                  + " /_skyless/api/dlq/<function>/redrive"));
    }
  }

  private List<Map<String, Object>> deadLetterTopics() {
    List<Map<String, Object>> out = new java.util.ArrayList<>();
    for (DeadLetterTopic topic : deadLetters.topics()) {
      List<DeadLetter> letters = deadLetters.read(topic);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("function", topic.function());
      row.put("trigger", topic.trigger());
      row.put("topic", topic.topic());
      row.put("count", letters.size());
      row.put("redriven", letters.stream().filter(l -> l.redriven().isPresent()).count());
      row.put("records", letters.reversed().stream().limit(MAX_LIMIT).map(DevApi::letter).toList());
      out.add(row);
    }
    return out;
  }

  static Map<String, Object> letter(DeadLetter letter) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("position", letter.position());
    out.put("eventId", letter.eventId().orElse(null));
    out.put("type", letter.eventType().orElse(null));
    out.put("source", letter.eventSource().orElse(null));
    out.put("error", letter.error().orElse(null));
    out.put("status", letter.status().orElse(null));
    out.put("attempts", letter.attempts().orElse(null));
    out.put("origin", letter.originalTopic().orElse(null));
    out.put("deadLetteredAt", letter.deadLetteredAt().toString());
    out.put("payload", letter.payload());
    out.put("redrivenAt", letter.redriven().map(r -> r.at().toString()).orElse(null));
    out.put("redrivenTo", letter.redriven().map(DeadLetter.Redriven::to).orElse(null));
    return out;
  }

  private void redrive(HttpServerRequest request, String function) {
    if (!request.method().name().equals("POST")) {
      problem(
          request, new ProblemException(405, "Method not allowed", request.path() + " takes POST"));
      return;
    }
    DeadLetterSelection selection;
    try {
      selection =
          new DeadLetterSelection(
              Optional.ofNullable(request.getParam("trigger")).filter(s -> !s.isBlank()),
              Optional.ofNullable(request.getParam("since"))
                  .filter(s -> !s.isBlank())
                  .map(java.time.Instant::parse),
              Optional.ofNullable(request.getParam("record")).filter(s -> !s.isBlank()));
    } catch (java.time.format.DateTimeParseException e) {
      problem(
          request,
          new ProblemException(
              400, "Bad request", "since is not an ISO-8601 instant: " + e.getMessage()));
      return;
    }
    Optional<String> to = Optional.ofNullable(request.getParam("to")).filter(s -> !s.isBlank());
    blocking(
        request,
        () -> {
          Redriver.Result result = deadLetters.redrive(function, selection, to);
          return Map.of(
              "redriven", result.redriven(),
              "alreadyRedriven", result.alreadyRedriven(),
              "notSelected", result.notSelected());
        });
  }

  /** Runs Kafka work on a worker; a refusal (IllegalArgumentException) is a 400 problem. */
  private void blocking(HttpServerRequest request, java.util.concurrent.Callable<Object> work) {
    vertx
        .executeBlocking(work, false)
        .onComplete(
            done -> {
              if (done.succeeded()) {
                write(request, done.result());
              } else if (done.cause() instanceof IllegalArgumentException refused) {
                problem(request, new ProblemException(400, "Refused", refused.getMessage()));
              } else {
                problem(
                    request,
                    new ProblemException(
                        503, "Kafka unavailable", String.valueOf(done.cause().getMessage())));
              }
            });
  }

  private void receive(HttpServerRequest request) {
    if (!request.method().name().equals("POST")) {
      problem(
          request, new ProblemException(405, "Method not allowed", OTLP_TRACES + " takes POST"));
      return;
    }
    String type = request.getHeader("content-type");
    if (type == null || !type.startsWith(OtlpTraces.PROTOBUF)) {
      problem(
          request,
          new ProblemException(
              415,
              "Unsupported Media Type",
              "OTLP/HTTP in protobuf only ("
                  + OtlpTraces.PROTOBUF
                  + "): set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf"));
      return;
    }
    request
        .body()
        .onFailure(e -> problem(request, new ProblemException(400, "Bad request", e.getMessage())))
        .onSuccess(
            body -> {
              try {
                traces.addAll(OtlpTraces.read(body.getBytes()));
              } catch (IllegalArgumentException e) {
                problem(request, new ProblemException(400, "Bad request", e.getMessage()));
                return;
              }
              request
                  .response()
                  .putHeader("content-type", OtlpTraces.PROTOBUF)
                  .end(Buffer.buffer(OtlpTraces.accepted()));
            });
  }

  private Map<String, Object> summary(String traceId, List<SpanRecord> spans) {
    long start = spans.stream().mapToLong(SpanRecord::startEpochNanos).min().orElse(0);
    long end = spans.stream().mapToLong(SpanRecord::endEpochNanos).max().orElse(start);
    SpanRecord root =
        spans.stream().filter(s -> s.parentSpanId().isEmpty()).findFirst().orElse(spans.getFirst());
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("traceId", traceId);
    summary.put("root", root.service() + ": " + root.name());
    summary.put("start", Instant.ofEpochSecond(0, start).toString());
    summary.put("durationMs", (end - start) / 1e6);
    summary.put("spans", spans.size());
    summary.put("services", spans.stream().map(SpanRecord::service).distinct().toList());
    summary.put("error", spans.stream().anyMatch(SpanRecord::error));
    return summary;
  }

  private Map<String, Object> span(SpanRecord span) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("traceId", span.traceId());
    out.put("spanId", span.spanId());
    out.put("parentSpanId", span.parentSpanId().orElse(null));
    out.put("service", span.service());
    out.put("name", span.name());
    out.put("kind", span.kind());
    out.put("start", Instant.ofEpochSecond(0, span.startEpochNanos()).toString());
    out.put("startMs", span.startEpochNanos() / 1e6);
    out.put("durationMs", span.durationNanos() / 1e6);
    out.put("error", span.error());
    out.put("status", span.statusMessage());
    out.put("attributes", span.attributes());
    return out;
  }

  /** The dashboard: one page, no build step, nothing fetched from outside (works offline). */
  private static byte[] page() {
    try (var in = DevApi.class.getResourceAsStream("/dev/skyless/local/dashboard/index.html")) {
      if (in == null) {
        throw new IllegalStateException("the dashboard page is missing from the class path");
      }
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int limit(HttpServerRequest request) {
    String given = request.getParam("limit");
    if (given == null) {
      return DEFAULT_LIMIT;
    }
    try {
      return Math.max(1, Math.min(MAX_LIMIT, Integer.parseInt(given)));
    } catch (NumberFormatException e) {
      return DEFAULT_LIMIT;
    }
  }

  private void write(HttpServerRequest request, Object body) {
    try {
      request
          .response()
          .putHeader("content-type", "application/json")
          .putHeader("cache-control", "no-store")
          .end(Buffer.buffer(json.writeValueAsBytes(body)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      problem(request, new ProblemException(500, "Internal error", e.getMessage()));
    }
  }

  private void problem(HttpServerRequest request, ProblemException problem) {
    problems.write(request.response(), problem, request.path(), null, true);
  }
}
