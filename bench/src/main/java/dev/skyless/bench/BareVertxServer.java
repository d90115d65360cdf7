package dev.skyless.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.util.UUID;

/**
 * The baseline: a bare Vert.x 5 handler doing the same work per CloudEvent POST as the runtime's
 * trivial function (check the required ce-* headers, bind the JSON body, write a JSON reply with
 * ce-* headers), with none of the runtime (no virtual thread, limits, metrics, logging).
 */
public final class BareVertxServer extends VerticleBase {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] REQUIRED = {"ce-specversion", "ce-id", "ce-source", "ce-type"};

  private final int port;

  BareVertxServer(int port) {
    this.port = port;
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
    Vertx vertx = Vertx.vertx();
    vertx
        .deployVerticle(
            () -> new BareVertxServer(port),
            new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))
        .onFailure(
            e -> {
              e.printStackTrace();
              System.exit(1);
            });
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer().requestHandler(this::handle).listen(port, "127.0.0.1");
  }

  private static final boolean HOP = Boolean.getBoolean("bare.hop");

  private void handle(HttpServerRequest request) {
    request
        .body()
        .onSuccess(
            body -> {
              if (HOP) {
                var context = vertx.getOrCreateContext();
                Thread.ofVirtual().start(() -> context.runOnContext(v -> reply(request, body)));
                return;
              }
              reply(request, body);
            });
  }

  private void reply(HttpServerRequest request, io.vertx.core.buffer.Buffer body) {
    {
      {
        for (String header : REQUIRED) {
          if (request.getHeader(header) == null) {
            request.response().setStatusCode(400).end("missing " + header);
            return;
          }
        }
        try {
          Ping ping = JSON.readValue(body.getBytes(), Ping.class);
          byte[] reply = JSON.writeValueAsBytes(new Pong("hello " + ping.name(), ping.n() + 1));
          request
              .response()
              .putHeader("ce-specversion", "1.0")
              .putHeader("ce-id", UUID.randomUUID().toString())
              .putHeader("ce-source", "/bare")
              .putHeader("ce-type", request.getHeader("ce-type") + ".response")
              .putHeader("content-type", "application/json")
              .end(io.vertx.core.buffer.Buffer.buffer(reply));
        } catch (Exception e) {
          request.response().setStatusCode(400).end("bad body");
        }
      }
    }
  }
}
