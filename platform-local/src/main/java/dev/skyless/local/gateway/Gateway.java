package dev.skyless.local.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyless.contract.AsyncInvocations;
import dev.skyless.controller.function.model.FunctionSettings.CorsSettings;
import dev.skyless.local.dlq.DevDeadLetters;
import dev.skyless.local.http.Headers;
import dev.skyless.local.instance.InstanceStartException;
import dev.skyless.local.scale.FunctionPool;
import dev.skyless.local.scale.Lease;
import dev.skyless.local.scale.PoolSnapshot;
import dev.skyless.local.schedule.LocalScheduler;
import dev.skyless.local.telemetry.TraceStore;
import dev.skyless.runtime.http.ProblemWriter;
import dev.skyless.sdk.ProblemException;
import io.cloudevents.CloudEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.producer.Producer;

/**
 * The one address developers call. A request that one of the Functions' {@code spec.http.routes}
 * takes goes to that function with its path unchanged ({@link RouteTable}, CORS as the Gateway's
 * filter does it: {@link CorsHeaders}); else {@code /<function>/<path>} is forwarded to {@code
 * <path>} on an instance of the function, which is started first when there is none (the request
 * waits for it). A call with {@code Prefer: respond-async} to a function with {@code spec.async} is
 * queued in Kafka instead ({@link AsyncCalls}, 202). {@code POST
 * /_skyless/schedules/<function>/<trigger>} fires a schedule now. {@code GET /} (unless a route
 * takes it) and {@code GET /_skyless/status} list the functions and their state as JSON.
 */
public final class Gateway {

  private static final String SCHEDULES = "/_skyless/schedules/";

  /** Bodies up to this size are read whole before forwarding; larger ones are streamed. */
  private static final long BUFFERED = 1024 * 1024;

  private final Vertx vertx;
  private final Map<String, FunctionPool> pools;
  private final ProblemWriter problems;
  private final ObjectMapper json;
  private final HttpClient client;
  private final RouteTable routes;
  private final AsyncCalls asyncCalls;
  private final LocalScheduler scheduler;
  private final DevApi devApi;
  private HttpServer server;

  /**
   * @param producer writes async calls to Kafka
   * @param scheduler fires schedules on request
   */
  public Gateway(
      Vertx vertx,
      Map<String, FunctionPool> pools,
      ObjectMapper json,
      RouteTable routes,
      Producer<byte[], byte[]> producer,
      LocalScheduler scheduler) {
    this(
        vertx,
        pools,
        json,
        routes,
        producer,
        scheduler,
        new DevApi(vertx, new TraceStore(), DevDeadLetters.none(), json));
  }

  /**
   * @param producer writes async calls to Kafka
   * @param scheduler fires schedules on request
   * @param devApi the platform's own endpoints: OTLP receiver, dashboard, its API
   */
  public Gateway(
      Vertx vertx,
      Map<String, FunctionPool> pools,
      ObjectMapper json,
      RouteTable routes,
      Producer<byte[], byte[]> producer,
      LocalScheduler scheduler,
      DevApi devApi) {
    this.devApi = devApi;
    this.vertx = vertx;
    this.pools = pools;
    this.json = json;
    this.routes = routes;
    this.asyncCalls = new AsyncCalls(producer);
    this.scheduler = scheduler;
    this.problems = new ProblemWriter(json);
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(30),
            new PoolOptions().setHttp1MaxSize(512));
  }

  /** Starts listening; completes with the bound port. */
  public Future<Integer> listen(String host, int port) {
    return vertx
        .createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
        .requestHandler(this::handle)
        .listen()
        .map(
            s -> {
              server = s;
              return s.actualPort();
            });
  }

  /** Stops listening and closes connections to instances. */
  public Future<Void> close() {
    Future<Void> closing = server == null ? Future.succeededFuture() : server.close();
    return closing.eventually(client::close);
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    if (path.startsWith(SCHEDULES)) {
      fireSchedule(request, path.substring(SCHEDULES.length()));
      return;
    }
    if (devApi.handles(path)) {
      devApi.handle(request);
      return;
    }
    int slash = path.indexOf('/', 1);
    String name = slash < 0 ? path.substring(1) : path.substring(1, slash);
    if (name.equals("_skyless")) {
      status(request);
      return;
    }
    String method = request.method().name();
    RouteTable.Resolution resolution =
        routes.isEmpty() ? new RouteTable.Unrouted() : routes.resolve(method, path);
    if (resolution instanceof RouteTable.Routed routed) {
      Optional<CorsSettings> cors = routed.entry().cors();
      if (cors.isPresent() && CorsHeaders.isPreflight(method, request.headers())) {
        preflight(request, cors.get());
        return;
      }
      dispatch(request, pools.get(routed.entry().function()), withQuery(path, request), cors);
      return;
    }
    if (resolution instanceof RouteTable.WrongMethod wrong
        && wrong.cors().isPresent()
        && CorsHeaders.isPreflight(method, request.headers())) {
      preflight(request, wrong.cors().get());
      return;
    }
    if (name.isEmpty()) {
      status(request);
      return;
    }
    FunctionPool pool = pools.get(name);
    if (pool == null) {
      if (resolution instanceof RouteTable.WrongMethod wrong) {
        problem(
            request,
            new ProblemException(
                405,
                "Method not allowed",
                method
                    + " is not routed to "
                    + path
                    + "; it takes "
                    + String.join(", ", wrong.allow()),
                Map.of()),
            Map.of("allow", String.join(", ", wrong.allow())));
        return;
      }
      problem(
          request,
          new ProblemException(
              404,
              "No such function",
              "no route takes "
                  + method
                  + " "
                  + path
                  + " and there is no function '"
                  + name
                  + "'; skyless dev serves: "
                  + String.join(", ", pools.keySet())
                  + (routes.isEmpty() ? "" : " (each at /<name>/...) and their routes")));
      return;
    }
    String target = slash < 0 ? "/" : path.substring(slash);
    dispatch(request, pool, withQuery(target, request), Optional.empty());
  }

  private static String withQuery(String target, HttpServerRequest request) {
    return request.query() == null ? target : target + "?" + request.query();
  }

  /** Queues an async call, or forwards to an instance (started first if there is none). */
  private void dispatch(
      HttpServerRequest request, FunctionPool pool, String uri, Optional<CorsSettings> cors) {
    Optional<String> asyncTopic = pool.function().asyncTopic();
    if (asyncTopic.isPresent() && AsyncInvocations.prefersAsync(request.getHeader("prefer"))) {
      queue(request, asyncTopic.get(), cors);
      return;
    }
    request.pause();
    CompletableFuture<Lease> lease = pool.acquire();
    if (lease.isDone()) {
      forward(request, uri, lease, cors);
    } else {
      Context context = vertx.getOrCreateContext();
      lease.whenComplete((l, e) -> context.runOnContext(v -> forward(request, uri, lease, cors)));
    }
  }

  private void queue(HttpServerRequest request, String topic, Optional<CorsSettings> cors) {
    Context context = vertx.getOrCreateContext();
    request
        .body()
        .onFailure(
            e ->
                problem(
                    request,
                    new ProblemException(
                        400,
                        "Bad request",
                        "the async call's body could not be read: " + e.getMessage())))
        .onSuccess(
            body -> {
              CloudEvent event;
              try {
                event = AsyncCalls.toEvent(request.headers(), body);
              } catch (RuntimeException e) {
                problem(
                    request,
                    new ProblemException(
                        400,
                        "Invalid CloudEvent",
                        "the async call is not a valid CloudEvent: " + e.getMessage()));
                return;
              }
              // Off the event loop: the producer blocks for up to max.block.ms when Kafka is down.
              vertx
                  .executeBlocking(() -> asyncCalls.submit(topic, event), false)
                  .compose(queued -> Future.fromCompletionStage(queued, context))
                  .onComplete(
                      done -> {
                        if (done.failed()) {
                          problem(
                              request,
                              new ProblemException(
                                  503,
                                  "Not queued",
                                  "Kafka did not take the async call: "
                                      + done.cause().getMessage()));
                          return;
                        }
                        String id = done.result();
                        HttpServerResponse response = request.response();
                        cors.ifPresent(
                            c ->
                                CorsHeaders.actual(
                                    c, request.getHeader("origin"), response.headers()));
                        response
                            .setStatusCode(202)
                            .putHeader("preference-applied", AsyncInvocations.PREFER_ASYNC)
                            .putHeader("content-type", "application/json")
                            .end(json.createObjectNode().put("invocationId", id).toString());
                      });
            });
  }

  private static void preflight(HttpServerRequest request, CorsSettings cors) {
    HttpServerResponse response = request.response();
    CorsHeaders.preflight(cors, request.headers(), response.headers());
    response.setStatusCode(204).end();
  }

  /** {@code POST /_skyless/schedules/<function>/<trigger>}: one firing now. */
  private void fireSchedule(HttpServerRequest request, String rest) {
    String[] parts = rest.split("/");
    if (!request.method().name().equals("POST") || parts.length != 2) {
      problem(
          request,
          new ProblemException(
              404, "No such schedule", "POST /_skyless/schedules/<function>/<trigger>"));
      return;
    }
    vertx
        .executeBlocking(() -> scheduler.fireNow(parts[0], parts[1]))
        .onComplete(
            fired -> {
              if (fired.failed()) {
                problem(
                    request,
                    new ProblemException(
                        503,
                        "Not fired",
                        "the firing was not written: " + fired.cause().getMessage()));
              } else if (fired.result().isEmpty()) {
                problem(
                    request,
                    new ProblemException(
                        404,
                        "No such schedule",
                        "there is no schedule trigger "
                            + parts[1]
                            + " on "
                            + parts[0]
                            + "; schedules: "
                            + String.join(", ", scheduler.triggers())));
              } else {
                request
                    .response()
                    .setStatusCode(202)
                    .putHeader("content-type", "application/json")
                    .end(json.createObjectNode().put("id", fired.result().get()).toString());
              }
            });
  }

  private void forward(
      HttpServerRequest request,
      String uri,
      CompletableFuture<Lease> pending,
      Optional<CorsSettings> cors) {
    Lease lease;
    try {
      lease = pending.join();
    } catch (CompletionException e) {
      request.resume();
      problem(request, unavailable(e.getCause()));
      return;
    }
    RequestOptions options =
        new RequestOptions()
            .setMethod(request.method())
            .setHost("127.0.0.1")
            .setPort(lease.port())
            .setURI(uri);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    Headers.forward(request.headers(), headers, "host");
    options.setHeaders(headers);
    long length = contentLength(request.headers().get("content-length"));
    Future<HttpClientResponse> answered;
    if (length >= 0 && length <= BUFFERED) {
      // Small bodies (nearly all calls) are read whole: cheaper than a flow-controlled pipe.
      Future<Buffer> body = request.body();
      request.resume();
      answered =
          body.compose(bytes -> client.request(options).compose(upstream -> upstream.send(bytes)));
    } else if (length < 0 && !request.headers().contains("transfer-encoding")) {
      request.resume();
      answered = client.request(options).compose(HttpClientRequest::send);
    } else {
      answered = client.request(options).compose(upstream -> upstream.send(request));
    }
    answered.onComplete(
        result -> {
          if (result.failed()) {
            lease.release();
            problem(
                request,
                new ProblemException(
                    502,
                    "Bad gateway",
                    "the function's instance did not answer: " + result.cause().getMessage()));
            return;
          }
          cors.ifPresent(
              c ->
                  CorsHeaders.actual(c, request.getHeader("origin"), request.response().headers()));
          relay(result.result(), request.response()).onComplete(done -> lease.release());
        });
  }

  private static Future<Void> relay(HttpClientResponse upstream, HttpServerResponse response) {
    response.setStatusCode(upstream.statusCode());
    response.setStatusMessage(upstream.statusMessage());
    MultiMap cors = MultiMap.caseInsensitiveMultiMap().addAll(response.headers());
    Headers.forward(upstream.headers(), response.headers());
    cors.forEach(h -> response.headers().set(h.getKey(), h.getValue()));
    long length = contentLength(upstream.headers().get("content-length"));
    if (length >= 0 && length <= BUFFERED) {
      return upstream.body().compose(response::end);
    }
    return response.send(upstream);
  }

  private static long contentLength(String header) {
    if (header == null) {
      return -1;
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void status(HttpServerRequest request) {
    List<PoolSnapshot> snapshots = pools.values().stream().map(FunctionPool::snapshot).toList();
    try {
      request
          .response()
          .putHeader("content-type", "application/json")
          .end(Buffer.buffer(json.writeValueAsBytes(Map.of("functions", snapshots))));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      request.response().setStatusCode(500).end();
    }
  }

  /** One line of reason and, apart, the instance's log: never the log's contents. */
  private static ProblemException unavailable(Throwable cause) {
    if (cause instanceof InstanceStartException start && start.log().isPresent()) {
      return new ProblemException(
          503,
          "Function unavailable",
          start.getMessage(),
          java.util.Map.of("log", start.log().get().toString()));
    }
    return new ProblemException(503, "Function unavailable", cause.getMessage());
  }

  private void problem(HttpServerRequest request, ProblemException problem) {
    problem(request, problem, Map.of());
  }

  private void problem(
      HttpServerRequest request, ProblemException problem, Map<String, String> headers) {
    if (request.response().headWritten()) {
      request.connection().close();
      return;
    }
    headers.forEach(request.response()::putHeader);
    problems.write(request.response(), problem, request.path(), null, true);
  }
}
