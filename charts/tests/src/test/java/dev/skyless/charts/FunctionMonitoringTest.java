package dev.skyless.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyless.api.admission.CrdValidator;
import dev.skyless.controller.config.PlatformDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Function pods' metrics on a cluster: the chart's PodMonitor (and the controller's ServiceMonitor)
 * against the Prometheus Operator's real CRDs, the Grafana dashboard querying only what the runtime
 * exposes, and the telemetry values reaching the controller's ConfigMap.
 */
class FunctionMonitoringTest {

  static final Path PLATFORM_CRDS =
      Path.of("..", "..", "..", "shared", "fixtures", "platform-crds").toAbsolutePath().normalize();

  private static final Map<String, Object> MONITORED =
      Map.of(
          "functionMetrics.podMonitor.enabled", true,
          "functionMetrics.grafanaDashboard.enabled", true,
          "metrics.serviceMonitor.enabled", true);

  @Test
  void thePodMonitorAndServiceMonitorPassThePrometheusOperatorsSchemas() throws Exception {
    assumeTrue(
        Files.isDirectory(PLATFORM_CRDS),
        "platform CRD fixtures not found at " + PLATFORM_CRDS + ": schema validation skipped");
    CrdValidator podMonitors =
        CrdValidator.forFile(PLATFORM_CRDS.resolve("prometheus-podmonitors.yaml"), "v1");
    CrdValidator serviceMonitors =
        CrdValidator.forFile(PLATFORM_CRDS.resolve("prometheus-servicemonitors.yaml"), "v1");
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (String namespaces : List.of("", "shop,payments")) {
      Map<String, Object> values = new java.util.HashMap<>(MONITORED);
      if (!namespaces.isEmpty()) {
        String[] names = namespaces.split(",");
        for (int i = 0; i < names.length; i++) {
          values.put("functionMetrics.podMonitor.namespaces[" + i + "]", names[i]);
        }
      }
      for (Map<String, Object> document : Chart.documents(Chart.template(values))) {
        Object kind = document.get("kind");
        if ("PodMonitor".equals(kind)) {
          problems.addAll(podMonitors.check(document));
          assertThat(document.toString())
              .contains("portNumber=8080", "path=/metrics", "skyless.dev/function");
          assertThat(document.toString())
              .contains(namespaces.isEmpty() ? "any=true" : "matchNames=[shop, payments]");
          checked++;
        } else if ("ServiceMonitor".equals(kind)) {
          problems.addAll(serviceMonitors.check(document));
          checked++;
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(checked).isEqualTo(4);
    assertThat(Chart.documents(Chart.template(Map.of())))
        .as("off by default")
        .noneMatch(d -> "PodMonitor".equals(d.get("kind")));
  }

  @Test
  void theDashboardConfigMapHoldsTheChartsDashboardForGrafanasSidecar() throws Exception {
    Map<String, Object> configMap =
        Chart.documents(Chart.template(MONITORED)).stream()
            .filter(d -> "ConfigMap".equals(d.get("kind")))
            .filter(
                d -> ((Map<?, ?>) d.get("metadata")).get("name").toString().endsWith("-dashboard"))
            .findFirst()
            .orElseThrow();
    @SuppressWarnings("unchecked")
    Map<String, Object> labels =
        (Map<String, Object>) ((Map<?, ?>) configMap.get("metadata")).get("labels");
    assertThat(labels).containsEntry("grafana_dashboard", "1");
    String json = (String) ((Map<?, ?>) configMap.get("data")).get("skyless-functions.json");
    JsonNode dashboard = new ObjectMapper().readTree(json);
    assertThat(dashboard.path("uid").asText()).isEqualTo("skyless-functions");

    assertThat(json)
        .as(
            "the chart's dashboard file, checked against the runtime's meters in the runtime's tests")
        .isEqualTo(
            Files.readString(Path.of("..", "skyless", "dashboards", "skyless-functions.json"))
                .strip());
  }

  @Test
  void telemetryValuesReachTheControllersConfigMap() {
    Map<String, Object> configMap =
        Chart.documents(
                Chart.template(
                    Map.of(
                        "platform.telemetry.otlpEndpoint",
                            "http://otel-collector.observability:4318",
                        "platform.telemetry.tracesSampler", "parentbased_traceidratio",
                        "platform.telemetry.tracesSamplerArg", "0.1")))
            .stream()
            .filter(d -> "ConfigMap".equals(d.get("kind")))
            .filter(d -> ((Map<?, ?>) d.get("data")).containsKey("telemetry.otlpEndpoint"))
            .findFirst()
            .orElseThrow();
    @SuppressWarnings("unchecked")
    Map<String, String> data = (Map<String, String>) configMap.get("data");
    PlatformDefaults defaults = PlatformDefaults.fromConfigMap(data);
    assertThat(defaults.telemetry().otlpEndpoint())
        .contains("http://otel-collector.observability:4318");
    assertThat(defaults.telemetry().sampler()).contains("parentbased_traceidratio");
    assertThat(defaults.telemetry().samplerArg()).contains("0.1");
  }
}
