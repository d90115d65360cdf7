package dev.skyless.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyless.contract.Durations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Helm checks values against values.schema.json before rendering: bad values never render. */
class ValuesSchemaTest {

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "replicaCount, -1, minimum",
    "replicaCount, 0, minimum",
    "replicaCount, two, integer",
    "logLevel, loud, logLevel",
    "unknownKey, 1, additional properties",
    "platform.scale.min, -1, minimum",
    "platform.scale.target, 0, minimum",
    "platform.colour, blue, additional properties",
    "metrics.port, 80, minimum",
    "image.pullPolicy, Sometimes, pullPolicy",
    "image.digest, latest, pattern",
    "networkPolicy.apiServerCidr, everywhere, pattern",
    "leaderElection, maybe, boolean",
    "platform.timeout, 30 seconds, pattern",
    "platform.timeout, 30s1m, pattern",
    "platform.delivery.backoffDelay, fast, pattern",
    "retry.max, forever, pattern",
    "terminationGracePeriodSeconds, 1, minimum"
  })
  void badValuesAreRefusedNamingTheKey(String key, String value, String reason) {
    assertThatThrownBy(() -> Chart.template(Map.of(key, value)))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(reason);
  }

  /** The chart's durations are the platform's one grammar (what the ConfigMap reader parses). */
  @Test
  void everyDurationInTheSchemaIsThePlatformsGrammar() throws Exception {
    var schema =
        new ObjectMapper().readTree(Path.of("..", "skyless", "values.schema.json").toFile());
    List<String> durations = new ArrayList<>();
    schema.findParents("pattern").stream()
        .map(n -> n.get("pattern").asText())
        .filter(p -> p.contains("ms") && !p.equals("^[0-9]+(ms|s|m|h)$"))
        .forEach(durations::add);
    // The one exception, ^[0-9]+(ms|s|m|h)$, is the ServiceMonitor's scrape interval: Prometheus's.
    assertThat(durations).hasSize(6).allSatisfy(p -> assertThat(p).isEqualTo(Durations.PATTERN));
  }
}
