package dev.skyless.runtime.event.impl;

import dev.skyless.runtime.event.EventSink;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.vertx.VertxMessageFactory;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/** POSTs events in binary mode to an HTTP sink: {@code K_SINK}, set by a Knative SinkBinding. */
public final class HttpEventSink implements EventSink {

  private final WebClient client;
  private final String uri;

  public HttpEventSink(Vertx vertx, URI sink) {
    this.client = WebClient.create(vertx, new WebClientOptions().setUserAgent("skyless-runtime"));
    this.uri = sink.toString();
  }

  @Override
  public String destination() {
    return uri;
  }

  @Override
  public CompletableFuture<Void> send(CloudEvent event) {
    var request = client.postAbs(uri);
    // The W3C header too, for the sink's own tracing (a Broker's ingress reads it).
    if (event.getExtension("traceparent") instanceof String traceparent) {
      request.putHeader("traceparent", traceparent);
    }
    return VertxMessageFactory.createWriter(request)
        .writeBinary(event)
        .<Void>compose(
            response -> {
              if (response.statusCode() / 100 == 2) {
                return io.vertx.core.Future.succeededFuture();
              }
              return io.vertx.core.Future.failedFuture(
                  new IllegalStateException(
                      "the sink " + uri + " answered " + response.statusCode()));
            })
        .toCompletionStage()
        .toCompletableFuture();
  }

  @Override
  public void close() {
    client.close();
  }
}
