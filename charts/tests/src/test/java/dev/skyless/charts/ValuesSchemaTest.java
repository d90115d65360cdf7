package dev.skyless.charts;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
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
    "leaderElection, maybe, boolean"
  })
  void badValuesAreRefusedNamingTheKey(String key, String value, String reason) {
    assertThatThrownBy(() -> Chart.template(Map.of(key, value)))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(reason);
  }
}
