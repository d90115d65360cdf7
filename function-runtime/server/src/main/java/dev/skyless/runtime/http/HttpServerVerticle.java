package dev.skyless.runtime.http;

import dev.skyless.runtime.lifecycle.Lifecycle;
import dev.skyless.runtime.metrics.RuntimeMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * The HTTP listener: health and metrics endpoints, and everything else to the function. Deployed
 * once per event loop; the instances share the port.
 */
public final class HttpServerVerticle extends VerticleBase {

  private final String host;
  private final int port;
  private final Lifecycle lifecycle;
  private final RuntimeMetrics metrics;
  private final InvocationHandler invocations;
  private HttpServer server;

  public HttpServerVerticle(
      String host,
      int port,
      Lifecycle lifecycle,
      RuntimeMetrics metrics,
      InvocationHandler invocations) {
    this.host = host;
    this.port = port;
    this.lifecycle = lifecycle;
    this.metrics = metrics;
    this.invocations = invocations;
  }

  @Override
  public Future<?> start() {
    server =
        vertx.createHttpServer(
            new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setHandle100ContinueAutomatically(true));
    return server
        .requestHandler(this::route)
        .invalidRequestHandler(invocations::refuseMalformed)
        .listen();
  }

  /** The port actually bound (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }

  private void route(HttpServerRequest request) {
    String path = request.path();
    if (path.startsWith("/health/") || path.equals("/metrics")) {
      switch (path) {
        case "/health/live" -> {
          String broken = lifecycle.brokenReason();
          text(request, broken == null ? 200 : 503, broken == null ? "live" : "broken\n" + broken);
        }
        case "/health/ready" -> text(request, lifecycle.ready() ? 200 : 503, lifecycle.readiness());
        case "/metrics" -> {
          request.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8");
          request.response().end(metrics.scrape());
        }
        default -> invocations.handle(request);
      }
      return;
    }
    invocations.handle(request);
  }

  private static void text(HttpServerRequest request, int status, String body) {
    request.response().setStatusCode(status).putHeader("content-type", "text/plain").end(body);
  }

  @Override
  public Future<?> stop() {
    Promise<Void> closed = Promise.promise();
    if (server == null) {
      closed.complete();
    } else {
      server.close().onComplete(closed);
    }
    return closed.future();
  }
}
