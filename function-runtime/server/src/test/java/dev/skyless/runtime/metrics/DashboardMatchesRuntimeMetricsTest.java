package dev.skyless.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard the chart ships ({@code charts/skyless/dashboards}) queries only meters
 * this runtime exposes, with the labels it puts on them: a renamed meter fails here, not on a
 * platform team's screen.
 */
class DashboardMatchesRuntimeMetricsTest {

  static final Path DASHBOARD =
      Path.of("..", "..", "charts", "skyless", "dashboards", "skyless-functions.json");

  @Test
  void everyQueriedMeterIsScrapedWithTheFunctionLabel() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    List<String> titles = new ArrayList<>();
    Set<String> queried = new TreeSet<>();
    Pattern meter = Pattern.compile("skyless_[a-z_]+");
    for (JsonNode panel : dashboard.path("panels")) {
      titles.add(panel.path("title").asText());
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText();
        assertThat(expr).as(panel.path("title").asText()).contains("function=~\"$function\"");
        Matcher m = meter.matcher(expr);
        while (m.find()) {
          queried.add(m.group());
        }
      }
    }
    assertThat(titles)
        .contains("Invocations", "Errors", "Latency p99", "Cold starts", "Dead letters");
    assertThat(queried).hasSizeGreaterThanOrEqualTo(5);

    RuntimeMetrics runtime = new RuntimeMetrics("order");
    runtime.started();
    runtime.finished("http", 200, Duration.ofMillis(12).toNanos());
    runtime.started();
    runtime.finished("http", 500, Duration.ofMillis(30).toNanos());
    runtime.started();
    runtime.finished("http", 404, Duration.ofMillis(3).toNanos());
    runtime.deadLettered();
    runtime.retried();
    runtime.coldStart(Duration.ofMillis(800));
    String scrape = runtime.scrape();
    for (String name : queried) {
      assertThat(scrape)
          .as("the runtime exposes " + name)
          .containsPattern("(?m)^" + name + "\\{[^}]*function=\"order\"");
    }
    assertThat(scrape)
        .as("the Errors panel's outcomes")
        .contains("outcome=\"server_error\"", "outcome=\"client_error\"");
  }
}
