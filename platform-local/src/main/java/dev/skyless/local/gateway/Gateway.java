package dev.skyless.local.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyless.local.http.Headers;
import dev.skyless.local.instance.InstanceStartException;
import dev.skyless.local.scale.FunctionPool;
import dev.skyless.local.scale.Lease;
import dev.skyless.local.scale.PoolSnapshot;
import dev.skyless.runtime.http.ProblemWriter;
import dev.skyless.sdk.ProblemException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The one address developers call: {@code /<function>/<path>} is forwarded to {@code <path>} on an
 * instance of the function, which is started first when there is none (the request waits for it).
 * {@code GET /} and {@code GET /_skyless/status} list the functions and their state as JSON.
 */
public final class Gateway {

  /** Bodies up to this size are read whole before forwarding; larger ones are streamed. */
  private static final long BUFFERED = 1024 * 1024;

  private final Vertx vertx;
  private final Map<String, FunctionPool> pools;
  private final ProblemWriter problems;
  private final ObjectMapper json;
  private final HttpClient client;
  private HttpServer server;

  public Gateway(Vertx vertx, Map<String, FunctionPool> pools, ObjectMapper json) {
    this.vertx = vertx;
    this.pools = pools;
    this.json = json;
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
    int slash = path.indexOf('/', 1);
    String name = slash < 0 ? path.substring(1) : path.substring(1, slash);
    if (name.isEmpty() || name.equals("_skyless")) {
      status(request);
      return;
    }
    FunctionPool pool = pools.get(name);
    if (pool == null) {
      problem(
          request,
          new ProblemException(
              404,
              "No such function",
              "there is no function '"
                  + name
                  + "'; skyless dev serves: "
                  + String.join(", ", pools.keySet())));
      return;
    }
    String target = slash < 0 ? "/" : path.substring(slash);
    if (request.query() != null) {
      target = target + "?" + request.query();
    }
    request.pause();
    CompletableFuture<Lease> lease = pool.acquire();
    String uri = target;
    if (lease.isDone()) {
      forward(request, uri, lease);
    } else {
      Context context = vertx.getOrCreateContext();
      lease.whenComplete((l, e) -> context.runOnContext(v -> forward(request, uri, lease)));
    }
  }

  private void forward(HttpServerRequest request, String uri, CompletableFuture<Lease> pending) {
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
          relay(result.result(), request.response()).onComplete(done -> lease.release());
        });
  }

  private static Future<Void> relay(HttpClientResponse upstream, HttpServerResponse response) {
    response.setStatusCode(upstream.statusCode());
    response.setStatusMessage(upstream.statusMessage());
    Headers.forward(upstream.headers(), response.headers());
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
    if (request.response().headWritten()) {
      request.connection().close();
      return;
    }
    problems.write(request.response(), problem, request.path(), null, true);
  }
}
