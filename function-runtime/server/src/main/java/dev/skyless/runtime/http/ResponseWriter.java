package dev.skyless.runtime.http;

import dev.skyless.runtime.event.EventFactory;
import dev.skyless.runtime.function.Invocation;
import dev.skyless.runtime.function.Invocation.Mode;
import dev.skyless.runtime.function.Result;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.vertx.VertxMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes a function's output: plain JSON (or text, bytes) to a plain request; a CloudEvent, in the
 * same mode as the request, to a CloudEvent request. No output is a 204.
 */
public final class ResponseWriter {

  private final EventFactory events;

  public ResponseWriter(EventFactory events) {
    this.events = events;
  }

  public Future<Void> write(HttpServerResponse response, Invocation invocation, Result result) {
    Object output = result.output();
    if (output instanceof CloudEvent event) {
      return writeEvent(response, invocation.mode(), event);
    }
    if (result.payload().isEmpty()) {
      return response.setStatusCode(204).end();
    }
    if (!invocation.cloudEvent()) {
      return response
          .setStatusCode(200)
          .putHeader("content-type", result.payload().contentType())
          .end(Buffer.buffer(result.payload().bytes()));
    }
    return writeEvent(
        response, invocation.mode(), events.response(invocation.event(), result.payload()));
  }

  private static Future<Void> writeEvent(HttpServerResponse response, Mode mode, CloudEvent event) {
    response.setStatusCode(200);
    var writer = VertxMessageFactory.createWriter(response);
    if (mode == Mode.STRUCTURED) {
      writer.writeStructured(event, JsonFormat.CONTENT_TYPE);
    } else {
      writer.writeBinary(event);
    }
    return Future.succeededFuture();
  }
}
