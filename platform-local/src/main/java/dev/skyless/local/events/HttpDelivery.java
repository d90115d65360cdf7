package dev.skyless.local.events;

import dev.skyless.runtime.kafka.EventHandler;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.vertx.VertxMessageFactory;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Delivers an event the way a KafkaSource does: a binary-mode CloudEvent POSTed to the function
 * (through the gateway, so a cold function is started first); any 2xx is success.
 */
final class HttpDelivery implements EventHandler {

  private static final int MAX_DETAIL = 300;

  private final WebClient client;
  private final int gatewayPort;
  private final String uri;
  private final Duration timeout;

  HttpDelivery(WebClient client, int gatewayPort, String function, String path, Duration timeout) {
    this.client = client;
    this.gatewayPort = gatewayPort;
    this.uri = "/" + function + (path.startsWith("/") ? path : "/" + path);
    this.timeout = timeout;
  }

  @Override
  public void handle(CloudEvent event) throws Exception {
    var request = client.post(gatewayPort, "127.0.0.1", uri).timeout(timeout.toMillis());
    HttpResponse<Buffer> response;
    try {
      response =
          VertxMessageFactory.createWriter(request)
              .writeBinary(event)
              .toCompletionStage()
              .toCompletableFuture()
              .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      String body = response.bodyAsString();
      String detail = body == null ? "" : body.strip();
      throw new DeliveryFailedException(
          status,
          detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "..." : detail,
          response.body() == null ? new byte[0] : response.body().getBytes());
    }
  }
}
