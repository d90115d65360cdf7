package dev.skyless.runtime.http;

import dev.skyless.contract.AsyncInvocations;
import dev.skyless.contract.RoutePattern;
import dev.skyless.contract.ScheduleEvents;
import dev.skyless.contract.TriggerPaths;
import dev.skyless.contract.TriggerToken;
import dev.skyless.runtime.config.RuntimeConfig;
import dev.skyless.runtime.event.AsyncDestinations;
import dev.skyless.runtime.event.EventIds;
import dev.skyless.runtime.function.Correlation;
import dev.skyless.runtime.function.Failures;
import dev.skyless.runtime.function.Invocation;
import dev.skyless.runtime.function.Invoker;
import dev.skyless.runtime.lifecycle.Lifecycle;
import dev.skyless.runtime.metrics.RuntimeMetrics;
import dev.skyless.sdk.ProblemException;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Serves one invocation request, in this order: trigger path without the trigger token (403), rate
 * limit (429), admission (503 when draining or at the concurrency cap), body (413), authentication
 * (401/403), decoding (400/415), the call on a virtual thread (500/504), the reply. Every refusal
 * is problem+json.
 */
public final class InvocationHandler implements Handler<HttpServerRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(InvocationHandler.class);
  private static final String CHANNEL = "http";

  private static final Map<String, String> CLOSE = Map.of("connection", "close");
  private final Vertx vertx;
  private final Invoker invoker;
  private final Lifecycle lifecycle;
  private final RuntimeMetrics metrics;
  private final long maxBodyBytes;
  private final Optional<RateLimiter> rateLimiter;
  private final Optional<Authenticator> authenticator;
  private final RequestDecoder decoder;
  private final AsyncDestinations destinations;
  private final ResponseWriter responses;
  private final ProblemWriter problems;
  private final ProblemMapper mapper;
  private final RuntimeConfig.Triggers triggers;

  public InvocationHandler(
      Vertx vertx,
      Invoker invoker,
      Lifecycle lifecycle,
      RuntimeMetrics metrics,
      long maxBodyBytes,
      Optional<RateLimiter> rateLimiter,
      Optional<Authenticator> authenticator,
      ResponseWriter responses,
      ProblemWriter problems,
      RuntimeConfig.Triggers triggers,
      List<RoutePattern> routes,
      AsyncDestinations destinations) {
    this.vertx = Objects.requireNonNull(vertx);
    this.invoker = Objects.requireNonNull(invoker);
    this.lifecycle = Objects.requireNonNull(lifecycle);
    this.metrics = Objects.requireNonNull(metrics);
    this.maxBodyBytes = maxBodyBytes;
    this.rateLimiter = rateLimiter;
    this.authenticator = authenticator;
    this.responses = responses;
    this.problems = problems;
    this.mapper = new ProblemMapper(invoker.timeout());
    this.triggers = Objects.requireNonNull(triggers);
    this.decoder = new RequestDecoder(routes);
    this.destinations = Objects.requireNonNull(destinations);
  }

  @Override
  public void handle(HttpServerRequest request) {
    long start = System.nanoTime();
    if (triggers.token().isPresent()
        && TriggerPaths.triggerOf(request.path()).isPresent()
        && !isTrustedTriggerDelivery(request)) {
      // With or without JWT: a public route such as /* reaches these paths too, and a delivery
      // there is trusted (an async-failure one is reported as the call's final failure).
      refuse(
          request,
          new HttpProblem(
              403,
              "Forbidden",
              "Trigger paths take only the platform's own deliveries, with this function's"
                  + " trigger token on its cluster-local address"));
      return;
    }
    if (rateLimiter.isPresent()) {
      long waitNanos = rateLimiter.get().tryAcquire();
      if (waitNanos > 0) {
        long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        refuse(
            request,
            new HttpProblem(
                429,
                "Too Many Requests",
                "The rate limit of this function is reached",
                Map.of("retry-after", Long.toString(seconds))));
        return;
      }
    }
    switch (lifecycle.admit()) {
      case DRAINING -> {
        refuse(
            request,
            new HttpProblem(
                503,
                "Shutting Down",
                "The function is shutting down; retry on another instance",
                Map.of("connection", "close", "retry-after", "1")));
        return;
      }
      case FULL -> {
        refuse(
            request,
            new HttpProblem(
                503,
                "Too Many Concurrent Requests",
                "The function is at its concurrency limit of " + lifecycle.maxConcurrency(),
                Map.of("retry-after", "1")));
        return;
      }
      case ADMITTED -> {}
    }
    metrics.started();
    Future<Buffer> body = BodyReader.read(request, maxBodyBytes);
    if (authenticator.isPresent() && !isTrustedTriggerDelivery(request)) {
      body =
          body.compose(
              b -> authenticator.get().authenticate(request.getHeader("authorization")).map(b));
    }
    body.compose(b -> call(request, b))
        .onComplete(
            done -> {
              int status = request.response().getStatusCode();
              if (done.failed()) {
                status = fail(request, done.cause(), null);
              }
              lifecycle.leave();
              metrics.finished(CHANNEL, status, System.nanoTime() - start);
            });
  }

  /**
   * A delivery from the cluster's dispatchers (KafkaSource, Broker) to a trigger path, carrying the
   * trigger token the controller gave this function: it needs no user JWT.
   */
  private boolean isTrustedTriggerDelivery(HttpServerRequest request) {
    return triggers.token().isPresent()
        && TriggerPaths.triggerOf(request.path()).isPresent()
        && TriggerPaths.isInternalHost(
            request.authority() == null ? null : request.authority().host())
        && TriggerToken.matches(
            triggers.token().get(), request.getParam(TriggerPaths.TOKEN_PARAMETER));
  }

  /**
   * A destination send, started on a worker: the producer blocks for up to {@code max.block.ms}
   * while it waits for the topic's metadata (Kafka down), which must not stall this event loop.
   */
  private Future<Void> offTheEventLoop(
      java.util.function.Supplier<java.util.concurrent.CompletableFuture<Void>> send) {
    var context = vertx.getOrCreateContext();
    return vertx
        .executeBlocking(send::get, false)
        .compose(sent -> Future.fromCompletionStage(sent, context));
  }

  private Future<Void> call(HttpServerRequest request, Buffer body) {
    Invocation decoded = decoder.decode(request, body);
    Optional<String> trigger = TriggerPaths.triggerOf(request.path());
    Invocation invocation = trigger.isPresent() ? withScheduledType(decoded) : decoded;
    if (trigger.isPresent() && trigger.get().equals(AsyncInvocations.FAILURE_TRIGGER)) {
      // A dead-lettered async call: reported to onFailure, the function is not called again.
      return offTheEventLoop(() -> destinations.failed(invocation.event()))
          .compose(v -> request.response().setStatusCode(204).end());
    }
    if (trigger.isPresent()
        && !triggers
            .filters()
            .admits(
                trigger.get(),
                invocation.event().getType(),
                invocation.event().getSource().toString())) {
      return request.response().setStatusCode(204).end();
    }
    var context = vertx.getOrCreateContext();
    return Future.fromCompletionStage(invoker.invoke(invocation), context)
        .recover(
            failure -> {
              fail(request, failure, invocation);
              return Future.succeededFuture();
            })
        .compose(
            result -> {
              if (result == null) {
                return Future.succeededFuture();
              }
              if (trigger.isPresent() && trigger.get().equals(AsyncInvocations.TRIGGER)) {
                // Acknowledged once the result is in its destination topic.
                return offTheEventLoop(
                        () -> destinations.succeeded(invocation.event(), result.payload()))
                    .compose(v -> request.response().setStatusCode(204).end());
              }
              if (trigger.isPresent()) {
                // A trigger delivery is acknowledged without a reply event: a Broker would
                // publish the reply back to itself, and a trigger matching it would loop.
                return request.response().setStatusCode(204).end();
              }
              return responses.write(request.response(), invocation, result);
            });
  }

  /**
   * A schedule trigger's firing carries the type it asks for in an extension, since a PingSource
   * cannot set the type itself ({@link ScheduleEvents}): the function sees that type.
   */
  private static Invocation withScheduledType(Invocation invocation) {
    Object type = invocation.event().getExtension(ScheduleEvents.TYPE_EXTENSION);
    if (!(type instanceof String t) || t.isBlank()) {
      return invocation;
    }
    return invocation.withEvent(
        CloudEventBuilder.from(invocation.event())
            .withType(t)
            .withoutExtension(ScheduleEvents.TYPE_EXTENSION)
            .build());
  }

  /**
   * Answers a request the HTTP codec could not read (Vert.x's invalid-request handler): a request
   * line over the limit is 414, headers over the limit 431, any other malformed framing (a bad
   * {@code Content-Length}, say) 400; each a problem, and the connection is closed after it.
   */
  public void refuseMalformed(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    HttpProblem problem =
        switch (cause) {
          case TooLongHttpLineException e ->
              new HttpProblem(
                  414, "URI Too Long", "The request line is over the server's limit", CLOSE);
          case TooLongHttpHeaderException e ->
              new HttpProblem(
                  431,
                  "Request Header Fields Too Large",
                  "The request's headers are over the server's limit",
                  CLOSE);
          case null, default ->
              new HttpProblem(
                  400,
                  "Bad Request",
                  "The request is not valid HTTP"
                      + (cause == null || cause.getMessage() == null
                          ? ""
                          : ": " + cause.getMessage().split("\n", 2)[0]),
                  CLOSE);
        };
    metrics.rejected(CHANNEL, problem.status());
    problems
        .write(request.response(), problem, null, correlationId(request), true)
        .onComplete(v -> request.connection().close());
  }

  /** For a refusal before the request became an invocation: from its headers, else a new id. */
  private static String correlationId(HttpServerRequest request) {
    String id = request.getHeader("ce-id");
    if (id == null || id.isEmpty()) {
      id = request.getHeader("x-request-id");
    }
    return Correlation.id(
        request.getHeader("traceparent"), id == null || id.isEmpty() ? EventIds.next() : id);
  }

  private int fail(HttpServerRequest request, Throwable failure, Invocation invocation) {
    ProblemException problem = mapper.map(failure);
    String correlationId = invocation == null ? correlationId(request) : invocation.correlationId();
    if (ProblemMapper.isServerFault(failure) && !(failure instanceof HttpProblem)) {
      Runnable log =
          () ->
              LOG.error(
                  "{} failed for {} {}",
                  invoker.function().name(),
                  request.method(),
                  request.path(),
                  Failures.unwrap(failure));
      if (invocation != null) {
        Correlation.around(invocation.logFields(), log); // with the failed call's trace and span
      } else {
        MDC.put(Correlation.CORRELATION_ID, correlationId);
        log.run();
        MDC.remove(Correlation.CORRELATION_ID);
      }
    }
    if (!request.response().ended()) {
      problems
          .write(request.response(), problem, request.path(), correlationId, isHttp1(request))
          .onComplete(v -> closeIfAsked(request, problem));
    }
    return problem.status();
  }

  private void refuse(HttpServerRequest request, HttpProblem problem) {
    metrics.rejected(CHANNEL, problem.status());
    problems
        .write(
            request.response(), problem, request.path(), correlationId(request), isHttp1(request))
        .onComplete(v -> closeIfAsked(request, problem));
  }

  private static boolean isHttp1(HttpServerRequest request) {
    return request.version() != HttpVersion.HTTP_2;
  }

  private static void closeIfAsked(HttpServerRequest request, ProblemException problem) {
    if (isHttp1(request)
        && problem instanceof HttpProblem http
        && "close".equals(http.headers().get("connection"))) {
      request.connection().close();
    }
  }
}
