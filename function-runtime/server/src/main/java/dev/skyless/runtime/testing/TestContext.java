package dev.skyless.runtime.testing;

import dev.skyless.sdk.Context;
import dev.skyless.sdk.HttpRequest;
import dev.skyless.sdk.Logger;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * A {@link Context} for calling a function directly in a unit test: fixed attributes, a real
 * logger, and emitted events kept in {@link #emitted()} instead of being sent.
 */
public final class TestContext implements Context {

  /** An event the function emitted: its type and data as given. */
  public record Emitted(String type, Object data, CloudEvent event) {}

  private final String id;
  private final String type;
  private final String source;
  private final Map<String, Object> extensions;
  private final Instant deadline;
  private final List<Emitted> emitted = new CopyOnWriteArrayList<>();
  private final org.slf4j.Logger log = LoggerFactory.getLogger("function");
  private final io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
      new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
  private final dev.skyless.sdk.Metrics metrics =
      new dev.skyless.runtime.metrics.FunctionMetrics(meters);

  public TestContext() {
    this(UUID.randomUUID().toString(), "dev.skyless.test", "/test", Map.of());
  }

  public TestContext(String id, String type, String source, Map<String, Object> extensions) {
    this.id = id;
    this.type = type;
    this.source = source;
    this.extensions = Map.copyOf(extensions);
    this.deadline = Instant.now().plus(Duration.ofSeconds(30));
  }

  /** What the function recorded through {@code ctx.metrics()}, to assert on. */
  public io.micrometer.core.instrument.MeterRegistry meters() {
    return meters;
  }

  @Override
  public dev.skyless.sdk.Metrics metrics() {
    return metrics;
  }

  /** What the function emitted, in order. */
  public List<Emitted> emitted() {
    return List.copyOf(emitted);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public String source() {
    return source;
  }

  @Override
  public Optional<String> subject() {
    return Optional.empty();
  }

  @Override
  public Optional<OffsetDateTime> time() {
    return Optional.empty();
  }

  @Override
  public Map<String, Object> extensions() {
    return extensions;
  }

  @Override
  public Optional<CloudEvent> event() {
    return Optional.empty();
  }

  @Override
  public Optional<HttpRequest> http() {
    return Optional.empty();
  }

  @Override
  public Logger logger() {
    return new Logger() {
      @Override
      public void debug(String message, Object... args) {
        log.debug(message, args);
      }

      @Override
      public void info(String message, Object... args) {
        log.info(message, args);
      }

      @Override
      public void warn(String message, Object... args) {
        log.warn(message, args);
      }

      @Override
      public void error(String message, Object... args) {
        log.error(message, args);
      }

      @Override
      public void error(String message, Throwable error) {
        log.error(message, error);
      }
    };
  }

  @Override
  public Instant deadline() {
    return deadline;
  }

  @Override
  public void emit(String type, Object data) {
    emitted.add(new Emitted(type, data, null));
  }

  @Override
  public void emit(CloudEvent event) {
    emitted.add(new Emitted(event.getType(), event.getData(), event));
  }
}
