package dev.skyless.local.services.s3;

import dev.skyless.local.Causes;
import dev.skyless.local.Ports;
import dev.skyless.local.app.ServiceSpec;
import dev.skyless.local.services.DevService;
import dev.skyless.local.services.ServiceBindings;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * An S3-compatible store for {@code skyless dev}: s3proxy keeping objects as files under the
 * store's folder, behind a proxy that publishes bucket notifications to Kafka as MinIO does. Its
 * Secret and ConfigMap carry the credentials and the endpoint, as a cluster's would.
 */
public final class S3Service implements DevService {

  /** The port tried first (MinIO's). */
  public static final int WELL_KNOWN_PORT = 9000;

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final ServiceSpec.S3 spec;
  private final ObjectFiles objects;
  private final S3ProxyProcess store;
  private final int preferredPort;
  private NotifyingS3Proxy front;
  private int port;

  private S3Service(
      ServiceSpec.S3 spec, ObjectFiles objects, S3ProxyProcess store, int preferredPort) {
    this.spec = spec;
    this.objects = objects;
    this.store = store;
    this.preferredPort = preferredPort;
  }

  /**
   * Starts the store (its buckets made) without its front: call {@link #serve} once Kafka is up.
   *
   * @param dataDir the store's folder (one folder per bucket)
   * @throws IllegalStateException when s3proxy is missing or does not start
   */
  public static S3Service start(
      ServiceSpec.S3 spec, Path dataDir, Path logDir, Ports ports, boolean wellKnownPort) {
    ObjectFiles objects = new ObjectFiles(dataDir);
    try {
      for (String bucket : spec.buckets()) {
        objects.createBucket(bucket);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int preferred =
        ports.choose(spec.port(), WELL_KNOWN_PORT, wellKnownPort, "S3 store '" + spec.name() + "'");
    S3ProxyProcess store =
        S3ProxyProcess.start(
            spec.name(),
            ports.free(),
            objects.folder(),
            logDir.resolve("s3-" + spec.name() + ".log"),
            spec.accessKey(),
            spec.secretKey(),
            START_TIMEOUT);
    return new S3Service(spec, objects, store, preferred);
  }

  /** Opens the address clients use, publishing notifications through {@code notifier}. */
  public void serve(Vertx vertx, BucketNotifier notifier, Consumer<String> problems) {
    front = new NotifyingS3Proxy(vertx, spec, objects, store.port(), notifier, problems);
    try {
      port =
          front
              .listen(preferredPort)
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(
          "S3 store '"
              + spec.name()
              + "' cannot listen on 127.0.0.1:"
              + preferredPort
              + " ("
              + Causes.rootMessage(e)
              + "); name another port (port:) in skyless.yaml, or use --random-ports",
          e);
    }
  }

  @Override
  public ServiceSpec.S3 spec() {
    return spec;
  }

  /** The endpoint clients use. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public String address() {
    return endpoint();
  }

  @Override
  public String detail() {
    String buckets = String.join(", ", spec.buckets());
    String notifications =
        spec.notifications().stream()
            .map(n -> n.bucket() + " → " + n.topic())
            .distinct()
            .collect(Collectors.joining(", "));
    return "buckets "
        + (buckets.isEmpty() ? "none" : buckets)
        + (notifications.isEmpty() ? "" : "; events " + notifications)
        + "; Secret/ConfigMap "
        + spec.secret();
  }

  @Override
  public void bind(ServiceBindings bindings) {
    bindings.secret(
        spec.secret(),
        Map.of("AWS_ACCESS_KEY_ID", spec.accessKey(), "AWS_SECRET_ACCESS_KEY", spec.secretKey()));
    Map<String, String> config = new LinkedHashMap<>();
    config.put("endpoint", endpoint());
    config.put("region", spec.region());
    if (spec.buckets().size() == 1) {
      config.put("bucket", spec.buckets().getFirst());
    }
    config.put("buckets", String.join(",", spec.buckets()));
    bindings.configMap(spec.configMap(), config);
  }

  @Override
  public void close() {
    if (front != null) {
      front.close();
    }
    store.close();
  }
}
