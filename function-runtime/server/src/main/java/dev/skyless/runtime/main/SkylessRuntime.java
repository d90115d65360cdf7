package dev.skyless.runtime.main;

import dev.skyless.logging.LogLevels;
import dev.skyless.runtime.config.RuntimeConfig;
import dev.skyless.runtime.event.AsyncDestinations;
import dev.skyless.runtime.event.EventFactory;
import dev.skyless.runtime.event.EventSink;
import dev.skyless.runtime.event.impl.HttpEventSink;
import dev.skyless.runtime.event.impl.KafkaEventSink;
import dev.skyless.runtime.event.impl.NoEventSink;
import dev.skyless.runtime.function.FunctionHandle;
import dev.skyless.runtime.function.Invocation;
import dev.skyless.runtime.function.Invoker;
import dev.skyless.runtime.function.PayloadCodec;
import dev.skyless.runtime.http.Authenticator;
import dev.skyless.runtime.http.HttpServerVerticle;
import dev.skyless.runtime.http.InvocationHandler;
import dev.skyless.runtime.http.ProblemWriter;
import dev.skyless.runtime.http.RateLimiter;
import dev.skyless.runtime.http.ResponseWriter;
import dev.skyless.runtime.http.impl.JwtAuthenticator;
import dev.skyless.runtime.kafka.ConsumerHealth;
import dev.skyless.runtime.kafka.DeadLetterPublisher;
import dev.skyless.runtime.kafka.DirectConsumer;
import dev.skyless.runtime.kafka.KafkaClients;
import dev.skyless.runtime.kafka.RecordEvents;
import dev.skyless.runtime.kafka.RecordProcessor;
import dev.skyless.runtime.lifecycle.Lifecycle;
import dev.skyless.runtime.metrics.RuntimeMetrics;
import dev.skyless.runtime.tracing.OtlpTracing;
import dev.skyless.runtime.tracing.Tracing;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running runtime: wires the parts from a {@link RuntimeConfig} and a loaded function, starts
 * them, and stops them gracefully. {@code Main} runs one per process; tests start one in-process.
 */
public final class SkylessRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SkylessRuntime.class);

  private final RuntimeConfig config;
  private final Vertx vertx;
  private final Lifecycle lifecycle;
  private final RuntimeMetrics metrics;
  private final EventSink sink;
  private final KafkaProducer<byte[], byte[]> producer;
  private DirectConsumer consumer;
  private Invoker invoker;
  private Tracing tracing = Tracing.off();
  private FunctionHandle function;
  private int port;

  private SkylessRuntime(
      RuntimeConfig config,
      Vertx vertx,
      RuntimeMetrics metrics,
      EventSink sink,
      KafkaProducer<byte[], byte[]> producer) {
    this.config = config;
    this.vertx = vertx;
    this.lifecycle = new Lifecycle(config.http().maxConcurrency());
    this.metrics = metrics;
    this.sink = sink;
    this.producer = producer;
  }

  /** Starts the runtime and returns once it is ready to serve. */
  public static SkylessRuntime start(RuntimeConfig config, FunctionHandle function)
      throws Exception {
    LogLevels.set(config.logLevel());
    // The SDK's autoconfiguration loads a few hundred classes: on a thread of its own, alongside
    // Vert.x's start, and awaited before the first request can arrive.
    java.util.concurrent.CompletableFuture<Tracing> tracing =
        config.telemetry().tracesOn()
            ? java.util.concurrent.CompletableFuture.supplyAsync(
                () -> OtlpTracing.start(config.telemetry(), config.service()),
                runnable -> Thread.ofPlatform().name("skyless-tracing-init").start(runnable))
            : java.util.concurrent.CompletableFuture.completedFuture(Tracing.off());
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setFileSystemOptions(
                    new FileSystemOptions()
                        .setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
    RuntimeMetrics metrics = new RuntimeMetrics(config.service().name());
    String clientId = config.service().name() + "-" + config.service().revision();
    KafkaProducer<byte[], byte[]> producer =
        needsProducer(config)
            ? KafkaClients.producer(config.kafka().orElseThrow(), clientId)
            : null;
    EventSink sink = sink(config, vertx, producer);
    SkylessRuntime runtime = new SkylessRuntime(config, vertx, metrics, sink, producer);
    try {
      runtime.startParts(function, clientId, tracing);
    } catch (Exception | Error e) {
      runtime.close();
      // An SDK still starting, or started but never taken into use: stop its exporter too.
      tracing.thenAccept(
          started -> {
            if (started != runtime.tracing) {
              started.close();
            }
          });
      throw e;
    }
    return runtime;
  }

  private static boolean needsProducer(RuntimeConfig config) {
    boolean eventsToKafka = config.events().topic().isPresent() && config.events().sink().isEmpty();
    return eventsToKafka || config.consumer().isPresent() || config.triggers().hasDestinations();
  }

  private static EventSink sink(
      RuntimeConfig config, Vertx vertx, KafkaProducer<byte[], byte[]> producer) {
    RuntimeConfig.Events events = config.events();
    if (events.sink().isPresent()) {
      return new HttpEventSink(vertx, events.sink().get());
    }
    if (events.topic().isPresent()) {
      return new KafkaEventSink(producer, events.topic().get());
    }
    return new NoEventSink();
  }

  private static AsyncDestinations destinations(
      RuntimeConfig config, KafkaProducer<byte[], byte[]> producer) {
    RuntimeConfig.Triggers triggers = config.triggers();
    if (!triggers.hasDestinations()) {
      return AsyncDestinations.none();
    }
    return new AsyncDestinations(
        config.events().source(),
        triggers.onSuccess().map(topic -> (EventSink) new KafkaEventSink(producer, topic)),
        triggers.onFailure().map(topic -> (EventSink) new KafkaEventSink(producer, topic)));
  }

  private void startParts(
      FunctionHandle function,
      String clientId,
      java.util.concurrent.CompletableFuture<Tracing> tracingStarted)
      throws Exception {
    this.function = function;
    PayloadCodec codec = new PayloadCodec();
    EventFactory events =
        new EventFactory(config.events().source(), config.events().responseType());
    try {
      tracing = tracingStarted.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
    invoker =
        new Invoker(
            function,
            codec,
            events,
            sink,
            config.http().timeout(),
            tracing,
            metrics.functionMetrics());

    Optional<Authenticator> authenticator = Optional.empty();
    if (config.jwt().isPresent()) {
      authenticator = Optional.of(await(JwtAuthenticator.create(vertx, config.jwt().get())));
    }
    InvocationHandler handler =
        new InvocationHandler(
            vertx,
            invoker,
            lifecycle,
            metrics,
            config.http().maxBodyBytes(),
            config.rateLimit().map(r -> new RateLimiter(r.rps(), r.burst())),
            authenticator,
            new ResponseWriter(events),
            new ProblemWriter(codec.mapper()),
            config.triggers(),
            config.http().routes(),
            destinations(config, producer));
    startHttp(handler);

    if (config.consumer().isPresent()) {
      RuntimeConfig.Consumer consumerConfig = config.consumer().get();
      RecordEvents recordEvents =
          new RecordEvents(config.service().namespace(), config.service().name());
      DeadLetterPublisher deadLetters =
          new DeadLetterPublisher(
              producer,
              new DeadLetterPublisher.Origin(
                  config.service().namespace(), config.service().name(), Optional.empty()));
      RuntimeConfig.Kafka kafka = config.kafka().orElseThrow();
      consumer =
          new DirectConsumer(
              member -> KafkaClients.consumer(kafka, consumerConfig, clientId, member),
              consumerConfig,
              metrics,
              new RecordProcessor(
                  event -> invoker.call(Invocation.fromKafka(event)),
                  recordEvents,
                  deadLetters,
                  consumerConfig,
                  metrics),
              config.shutdownGrace(),
              new ConsumerHealth(
                  consumerConfig.groupId(), consumerConfig.stallAfter(), this::consumerHealth));
      consumer.start();
    }

    lifecycle.markReady();
    Duration coldStart = dev.skyless.runtime.lifecycle.ProcessAge.now();
    metrics.coldStart(coldStart);
    LOG.info(
        "ready: {} on port {} ({} ms after process start)",
        function.name(),
        port,
        coldStart.toMillis());
  }

  /** Readiness off while the consumer is stalled; liveness off if it stopped for good. */
  private void consumerHealth(ConsumerHealth.State state, Optional<String> reason) {
    String part = "kafka consumer";
    metrics.kafkaStalled(state == ConsumerHealth.State.STALLED);
    switch (state) {
      case STALLED -> lifecycle.impaired(part, reason.orElse("stalled"));
      case STOPPED -> lifecycle.broken(part + ": " + reason.orElse("stopped"));
      default -> lifecycle.restored(part);
    }
  }

  private void startHttp(InvocationHandler handler) throws Exception {
    String host = config.http().host();
    // One server per event loop, sharing the port. A negative port is how Vert.x shares one
    // random port among instances; port 0 would give each instance its own.
    int bind = config.http().port() == 0 ? -1 : config.http().port();
    List<HttpServerVerticle> servers = new CopyOnWriteArrayList<>();
    await(
        vertx.deployVerticle(
            () -> {
              HttpServerVerticle server =
                  new HttpServerVerticle(host, bind, lifecycle, metrics, handler);
              servers.add(server);
              return server;
            },
            new DeploymentOptions()
                .setInstances(Math.max(1, Runtime.getRuntime().availableProcessors()))));
    port = servers.getFirst().actualPort();
  }

  /** The HTTP port bound. */
  public int port() {
    return port;
  }

  public Lifecycle lifecycle() {
    return lifecycle;
  }

  public RuntimeMetrics metrics() {
    return metrics;
  }

  /**
   * Stops gracefully: refuses new calls, lets those in flight finish (up to the shutdown grace),
   * finishes and commits the Kafka batch in flight, flushes emitted events, then stops.
   */
  @Override
  public void close() {
    if (lifecycle.state() == Lifecycle.State.STOPPED) {
      return;
    }
    lifecycle.drain();
    try {
      if (!lifecycle.awaitIdle(config.shutdownGrace())) {
        LOG.warn("{} call(s) still running after the shutdown grace", lifecycle.inFlight());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeQuietly("Kafka consumer", consumer);
    closeQuietly("function", function == null ? null : function.resources().orElse(null));
    closeQuietly("invoker", invoker);
    closeQuietly("event sink", sink);
    closeQuietly("trace exporter", tracing); // after the last span: flushes them
    if (producer != null) {
      try {
        producer.close(Duration.ofSeconds(10));
      } catch (RuntimeException e) {
        LOG.warn("closing the Kafka producer failed: {}", e.toString());
      }
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("closing Vert.x failed: {}", e.toString());
    }
    lifecycle.markStopped();
    LOG.info("stopped");
  }

  private static void closeQuietly(String what, AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.warn("closing the {} failed: {}", what, e.toString());
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }
}
