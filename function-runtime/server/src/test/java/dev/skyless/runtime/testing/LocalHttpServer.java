package dev.skyless.runtime.testing;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.TimeUnit;

/** A Vert.x HTTP server on 127.0.0.1 and a free port, standing in for a sink or a JWKS host. */
public final class LocalHttpServer {

  private LocalHttpServer() {}

  public static HttpServer start(Vertx vertx, Handler<HttpServerRequest> handler) throws Exception {
    return vertx
        .createHttpServer()
        .requestHandler(handler)
        .listen(0, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  /** {@code http://127.0.0.1:<port><path>} of a started server. */
  public static String url(HttpServer server, String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }
}
