package dev.skyless.runtime.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;

/** Reads a request body up to a limit; beyond it, fails with a 413 problem without buffering. */
final class BodyReader {

  private BodyReader() {}

  static Future<Buffer> read(HttpServerRequest request, long limit) {
    String length = request.getHeader("content-length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > limit) {
          return Future.failedFuture(tooLarge(limit));
        }
      } catch (NumberFormatException e) {
        return Future.failedFuture(
            new HttpProblem(400, "Bad Request", "Content-Length is not a number"));
      }
    }
    Promise<Buffer> promise = Promise.promise();
    Buffer body = Buffer.buffer();
    request.handler(
        chunk -> {
          if (promise.future().isComplete()) {
            return;
          }
          if (body.length() + chunk.length() > limit) {
            promise.tryFail(tooLarge(limit));
          } else {
            body.appendBuffer(chunk);
          }
        });
    request.endHandler(v -> promise.tryComplete(body));
    request.exceptionHandler(promise::tryFail);
    return promise.future();
  }

  private static HttpProblem tooLarge(long limit) {
    return new HttpProblem(
        413,
        "Content Too Large",
        "The body is larger than the limit of " + limit + " bytes",
        Map.of("connection", "close"));
  }
}
