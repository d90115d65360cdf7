package dev.skyless.local.telemetry;

import dev.skyless.local.function.LocalFunction;
import java.util.Map;

/**
 * Traces under {@code skyless dev}: every instance exports its spans (OTLP/HTTP, protobuf) to the
 * gateway, which keeps them in a {@link TraceStore} for the dashboard. A function whose variables
 * (its YAML or the developer's shell) name an OTLP endpoint of their own keeps it, and its spans go
 * there instead.
 */
public final class DevTelemetry {

  /** How long an instance's exporter waits before sending a batch: the dashboard is live. */
  static final String BATCH_DELAY_MS = "200";

  private final TraceStore traces = new TraceStore();
  private volatile String gatewayUrl;

  public TraceStore traces() {
    return traces;
  }

  /** Where the gateway listens, once it does ({@code http://127.0.0.1:8080}). */
  public void gatewayAt(String url) {
    this.gatewayUrl = url;
  }

  /** The OTEL_* variables an instance of {@code function} is started with. */
  public Map<String, String> instanceEnv(LocalFunction function) {
    String url = gatewayUrl;
    if (url == null
        || function.env().containsKey("OTEL_EXPORTER_OTLP_ENDPOINT")
        || function.env().containsKey("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")) {
      return Map.of();
    }
    return Map.of(
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        url + "/_skyless/otlp",
        "OTEL_EXPORTER_OTLP_PROTOCOL",
        "http/protobuf",
        "OTEL_BSP_SCHEDULE_DELAY",
        BATCH_DELAY_MS);
  }
}
