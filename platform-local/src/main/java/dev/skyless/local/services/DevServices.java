package dev.skyless.local.services;

import dev.skyless.local.Ports;
import dev.skyless.local.app.ServiceSpec;
import dev.skyless.local.services.postgres.PostgresService;
import dev.skyless.local.services.s3.BucketNotifier;
import dev.skyless.local.services.s3.KafkaBucketNotifier;
import dev.skyless.local.services.s3.S3Service;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The services an app file declares, started side by side (and beside Kafka, which the platform
 * starts meanwhile), their data under the state folder: {@code postgres/<name>}, {@code
 * s3/<name>/<bucket>}. {@link #ready} waits for them and opens what needs Kafka; {@link #close}
 * stops them, data kept.
 */
public final class DevServices implements AutoCloseable {

  private final List<ServiceSpec> specs;
  private final List<CompletableFuture<? extends DevService>> starting = new ArrayList<>();
  private final List<DevService> running = new ArrayList<>();
  private final ServiceBindings bindings = ServiceBindings.none();
  private BucketNotifier notifier;

  private DevServices(List<ServiceSpec> specs) {
    this.specs = List.copyOf(specs);
  }

  /** No services. */
  public static DevServices none() {
    return new DevServices(List.of());
  }

  /**
   * Starts every PostgreSQL and S3 service, each on a thread of its own; returns at once.
   *
   * @param wellKnownPorts try 5432 and 9000 before free ports
   */
  public static DevServices launch(List<ServiceSpec> specs, Path stateDir, boolean wellKnownPorts) {
    DevServices services = new DevServices(specs);
    Ports ports = new Ports();
    for (ServiceSpec spec : specs) {
      switch (spec) {
        case ServiceSpec.Postgres postgres ->
            services.starting.add(
                async(
                    () ->
                        PostgresService.start(
                            postgres,
                            stateDir.resolve("postgres").resolve(postgres.name()),
                            stateDir.resolve("logs"),
                            ports,
                            wellKnownPorts)));
        case ServiceSpec.S3 s3 ->
            services.starting.add(
                async(
                    () ->
                        S3Service.start(
                            s3,
                            stateDir.resolve("s3").resolve(s3.name()),
                            stateDir.resolve("logs"),
                            ports,
                            wellKnownPorts)));
        case ServiceSpec.Kafka
                kafka -> {} // the platform's Kafka; its topics are made with the others
      }
    }
    return services;
  }

  private static <T> CompletableFuture<T> async(java.util.function.Supplier<T> start) {
    CompletableFuture<T> future = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("skyless-dev-service")
        .start(
            () -> {
              try {
                future.complete(start.get());
              } catch (Throwable e) {
                future.completeExceptionally(e);
              }
            });
    return future;
  }

  /**
   * Waits until every service has started, then opens the S3 stores' addresses with their
   * notifications going to Kafka.
   *
   * @throws IllegalStateException the first service that failed, the others stopped
   */
  public void ready(Vertx vertx, String kafkaBootstrapServers, Consumer<String> problems) {
    IllegalStateException failure = null;
    for (CompletableFuture<? extends DevService> future : starting) {
      try {
        running.add(future.join());
      } catch (CompletionException e) {
        if (failure == null) {
          failure =
              e.getCause() instanceof IllegalStateException ise
                  ? ise
                  : new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
      }
    }
    starting.clear();
    if (failure != null) {
      close();
      throw failure;
    }
    for (DevService service : running) {
      if (service instanceof S3Service s3) {
        if (notifier == null) {
          notifier = new KafkaBucketNotifier(kafkaBootstrapServers, problems);
        }
        s3.serve(vertx, notifier, problems);
      }
      service.bind(bindings);
    }
  }

  /** What the functions' Secret and ConfigMap references resolve to. */
  public ServiceBindings bindings() {
    return bindings;
  }

  /** The services running, in the app file's order. */
  public List<DevService> running() {
    return List.copyOf(running);
  }

  /** Every topic the app's services need: declared topics and notification topics. */
  public List<ServiceSpec.Topic> topics() {
    List<ServiceSpec.Topic> topics = new ArrayList<>();
    for (ServiceSpec spec : specs) {
      if (spec instanceof ServiceSpec.Kafka kafka) {
        topics.addAll(kafka.topics());
      } else if (spec instanceof ServiceSpec.S3 s3) {
        s3.notifications().forEach(n -> topics.add(new ServiceSpec.Topic(n.topic(), 1)));
      }
    }
    return topics;
  }

  /** Stops every service (those still starting once they have started); their data stays. */
  @Override
  public synchronized void close() {
    for (CompletableFuture<? extends DevService> future : starting) {
      try {
        running.add(future.join());
      } catch (CompletionException e) {
        // it did not start: nothing to stop
      }
    }
    starting.clear();
    for (DevService service : running.reversed()) {
      try {
        service.close();
      } catch (RuntimeException e) {
        // stopping the others anyway
      }
    }
    running.clear();
    if (notifier != null) {
      notifier.close();
      notifier = null;
    }
  }
}
