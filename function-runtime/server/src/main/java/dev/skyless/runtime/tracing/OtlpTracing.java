package dev.skyless.runtime.tracing;

import dev.skyless.runtime.config.ConfigException;
import dev.skyless.runtime.config.RuntimeConfig;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.resources.Resource;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Tracing through the OpenTelemetry SDK, configured by the standard {@code OTEL_*} variables
 * (autoconfiguration: endpoint, protocol, headers, sampler, batch settings, resource attributes).
 * Only OTLP trace export is built in; metrics stay on {@code /metrics} and logs on stdout, so their
 * OTLP exporters default to none. The protocol defaults to {@code http/protobuf} (what {@code
 * skyless dev} receives); the service name to the Knative service. Loaded only when tracing is on.
 */
public final class OtlpTracing {

  private OtlpTracing() {}

  /**
   * Starts the SDK.
   *
   * @throws ConfigException naming the variable when the OTEL_* settings are not usable
   */
  public static Tracing start(RuntimeConfig.Telemetry telemetry, RuntimeConfig.Service service) {
    Map<String, String> properties = new HashMap<>();
    properties.put("otel.metrics.exporter", "none");
    properties.put("otel.logs.exporter", "none");
    properties.put("otel.exporter.otlp.protocol", "http/protobuf");
    properties.put("otel.service.name", service.name());
    telemetry
        .variables()
        .forEach(
            (name, value) ->
                properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value));
    Resource function =
        Resource.create(
            Attributes.builder()
                .put("service.namespace", service.namespace())
                .put("service.version", service.revision())
                .put("faas.name", service.name())
                .put("faas.version", service.revision())
                .build());
    OpenTelemetrySdk sdk;
    try {
      sdk =
          AutoConfiguredOpenTelemetrySdk.builder()
              .disableShutdownHook()
              .addPropertiesSupplier(() -> properties)
              .addResourceCustomizer((resource, config) -> function.merge(resource))
              .build()
              .getOpenTelemetrySdk();
    } catch (ConfigurationException e) {
      throw new ConfigException(variableIn(e.getMessage()), e.getMessage());
    }
    return Tracing.of(sdk, () -> sdk.shutdown().join(10, TimeUnit.SECONDS));
  }

  /** The OTEL_* variable an autoconfiguration message names ({@code otel.traces.exporter}). */
  private static String variableIn(String message) {
    var matcher =
        java.util.regex.Pattern.compile("otel(\\.[a-z0-9_-]+)+").matcher(String.valueOf(message));
    return matcher.find()
        ? matcher.group().toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_')
        : "OTEL_*";
  }
}
