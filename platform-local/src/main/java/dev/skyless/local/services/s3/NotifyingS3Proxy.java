package dev.skyless.local.services.s3;

import dev.skyless.local.app.ServiceSpec;
import dev.skyless.local.http.Headers;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The address S3 clients use: every request is relayed unchanged (the Host header too, so
 * signatures still verify) to s3proxy, and each one that succeeded in creating or removing an
 * object becomes a bucket notification, as MinIO sends them. Notifications leave in the order the
 * requests completed, from one thread, after the response.
 */
final class NotifyingS3Proxy {

  private final Vertx vertx;
  private final ServiceSpec.S3 spec;
  private final ObjectFiles objects;
  private final int upstreamPort;
  private final BucketNotifier notifier;
  private final Consumer<String> problems;
  private final HttpClient client;
  private final ExecutorService publishing =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().name("skyless-dev-s3-notify").daemon().unstarted(r));
  private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1_000_000L);
  private HttpServer server;

  NotifyingS3Proxy(
      Vertx vertx,
      ServiceSpec.S3 spec,
      ObjectFiles objects,
      int upstreamPort,
      BucketNotifier notifier,
      Consumer<String> problems) {
    this.vertx = vertx;
    this.spec = spec;
    this.objects = objects;
    this.upstreamPort = upstreamPort;
    this.notifier = notifier;
    this.problems = problems;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(30),
            new PoolOptions().setHttp1MaxSize(64));
  }

  /** Listens on 127.0.0.1; completes with the port. */
  Future<Integer> listen(int port) {
    return vertx
        .createHttpServer(
            new HttpServerOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setHandle100ContinueAutomatically(true))
        .requestHandler(this::handle)
        .listen()
        .map(
            s -> {
              server = s;
              return s.actualPort();
            });
  }

  private void handle(HttpServerRequest request) {
    request.pause(); // until the upstream request is there to take the body
    Optional<S3Operation> operation =
        S3Operation.of(
            request.method().name(),
            request.path(),
            query(request.params()),
            request.getHeader("x-amz-copy-source"));
    boolean existed =
        operation.filter(o -> o.kind() == S3Operation.Kind.DELETE).isPresent()
            && objects.exists(operation.get().bucket(), operation.get().key());
    HostAndPort authority = request.authority();
    RequestOptions options =
        new RequestOptions()
            .setMethod(request.method())
            .setServer(SocketAddress.inetSocketAddress(upstreamPort, "127.0.0.1"))
            .setURI(request.uri());
    if (authority != null) {
      options.setHost(authority.host());
      options.setPort(authority.port() > 0 ? authority.port() : 80);
    }
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    // Host is set from the authority above; Expect was answered here (100-continue).
    Headers.forward(request.headers(), headers, "host", "expect");
    options.setHeaders(headers);
    boolean deletesMany =
        operation.filter(o -> o.kind() == S3Operation.Kind.DELETE_OBJECTS).isPresent();
    // A multi-object delete's request names the keys (its answer may not: <Quiet>): read it whole.
    Future<Buffer> requestBody = deletesMany ? request.body() : Future.succeededFuture();
    if (deletesMany) {
      request.resume();
    }
    Future<HttpClientResponse> answered =
        requestBody.compose(
            body ->
                client
                    .request(options)
                    .compose(
                        upstream -> deletesMany ? upstream.send(body) : upstream.send(request)));
    answered.onComplete(
        result -> {
          HttpServerResponse response = request.response();
          if (result.failed()) {
            if (!response.headWritten()) {
              response.setStatusCode(502).end("s3proxy did not answer: " + result.cause());
            } else {
              response.reset();
            }
            return;
          }
          HttpClientResponse upstream = result.result();
          response.setStatusCode(upstream.statusCode());
          Headers.forward(upstream.headers(), response.headers());
          boolean succeeded = upstream.statusCode() / 100 == 2;
          if (operation.isEmpty() || !succeeded) {
            response.send(upstream);
            return;
          }
          S3Operation op = operation.get();
          Request seen = Request.of(request, upstream.headers());
          List<String> requestedKeys =
              deletesMany ? S3Xml.requestedKeys(requestBody.result().toString()) : List.of();
          if (op.kind().readsResponse()) {
            upstream
                .body()
                .onSuccess(
                    body -> {
                      // the store has done it: notify whether or not the client hears the answer
                      publish(
                          records(op, seen, Optional.of(body.toString()), existed, requestedKeys));
                      response.end(body);
                    })
                .onFailure(e -> response.reset());
          } else {
            publish(records(op, seen, Optional.empty(), existed, requestedKeys));
            response.send(upstream);
          }
        });
  }

  /** What the notification needs of a request, copied off the event loop's objects. */
  private record Request(
      String contentType,
      Map<String, String> userMetadata,
      String eTag,
      String requestId,
      String host,
      String userAgent) {
    static Request of(HttpServerRequest request, MultiMap responseHeaders) {
      Map<String, String> metadata = new LinkedHashMap<>();
      request
          .headers()
          .forEach(
              (k, v) -> {
                String lower = k.toLowerCase(Locale.ROOT);
                if (lower.startsWith("x-amz-meta-")) {
                  metadata.put(lower, v);
                }
              });
      return new Request(
          request.getHeader("content-type"),
          metadata,
          S3Xml.unquote(responseHeaders.get("etag")),
          Optional.ofNullable(responseHeaders.get("x-amz-request-id")).orElse(""),
          request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress(),
          Optional.ofNullable(request.getHeader("user-agent")).orElse(""));
    }
  }

  /** Queues the records for Kafka, in the order the requests completed. */
  private void publish(List<S3EventRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    publishing.execute(
        () -> {
          for (S3EventRecord record : records) {
            try {
              for (String topic :
                  BucketNotifier.topics(
                      spec.notifications(),
                      record.bucket(),
                      record.key(),
                      record.eventName().startsWith("s3:ObjectRemoved"))) {
                notifier.publish(topic, record);
              }
            } catch (RuntimeException e) {
              problems.accept("bucket notification for " + record.recordKey() + " failed: " + e);
            }
          }
        });
  }

  /**
   * The records of a completed operation, with the object's size and type read now (a later write
   * or delete must not change what this event says).
   */
  private List<S3EventRecord> records(
      S3Operation op,
      Request request,
      Optional<String> body,
      boolean existed,
      List<String> requestedKeys) {
    List<S3EventRecord> records = new ArrayList<>();
    switch (op.kind()) {
      case PUT, COPY, COMPLETE_MULTIPART_UPLOAD -> {
        if (body.isPresent() && S3Xml.isError(body.get())) {
          return records; // S3 answers 200 with an error for copies and completions
        }
        String eTag =
            request.eTag() != null ? request.eTag() : body.flatMap(S3Xml::eTag).orElse(null);
        records.add(
            record(
                op,
                op.key(),
                request,
                Optional.of(objects.size(op.bucket(), op.key())),
                Optional.ofNullable(eTag),
                Optional.of(
                    op.kind() == S3Operation.Kind.PUT && request.contentType() != null
                        ? request.contentType()
                        : objects.contentType(op.bucket(), op.key())),
                op.kind() == S3Operation.Kind.PUT ? request.userMetadata() : Map.of()));
      }
      case DELETE -> {
        if (existed) {
          records.add(
              record(
                  op,
                  op.key(),
                  request,
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  Map.of()));
        }
      }
      case DELETE_OBJECTS -> {
        List<String> failed = S3Xml.failedKeys(body.orElse(""));
        List<String> deleted = S3Xml.deletedKeys(body.orElse(""));
        java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>(deleted);
        requestedKeys.stream().filter(k -> !failed.contains(k)).forEach(keys::add);
        for (String key : keys) {
          records.add(
              record(
                  op,
                  key,
                  request,
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  Map.of()));
        }
      }
    }
    return records;
  }

  private S3EventRecord record(
      S3Operation op,
      String key,
      Request request,
      Optional<Long> size,
      Optional<String> eTag,
      Optional<String> contentType,
      Map<String, String> metadata) {
    return new S3EventRecord(
        op.kind().eventName(),
        spec.region(),
        op.bucket(),
        key,
        size,
        eTag,
        contentType,
        metadata,
        Instant.now(),
        Long.toHexString(sequence.incrementAndGet()).toUpperCase(Locale.ROOT),
        request.requestId(),
        request.host(),
        request.userAgent());
  }

  private static Map<String, List<String>> query(MultiMap params) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    for (String name : params.names()) {
      query.put(name, params.getAll(name));
    }
    return query;
  }

  /**
   * Stops listening, then sends the notifications already queued (blocks: not on an event loop).
   */
  void close() {
    try {
      Future<Void> closing = server == null ? Future.succeededFuture() : server.close();
      closing
          .eventually(client::close)
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing anyway
    }
    publishing.shutdown();
    try {
      publishing.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
