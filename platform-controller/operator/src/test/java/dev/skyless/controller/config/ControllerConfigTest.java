package dev.skyless.controller.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ControllerConfigTest {

  @Test
  void defaults() {
    ControllerConfig config = ControllerConfig.parse(Map.<String, String>of()::get);

    assertThat(config.namespace()).isEqualTo("skyless-system");
    assertThat(config.watchNamespaces()).isEmpty();
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.port()).isEqualTo(8081);
    assertThat(config.configMap()).isEqualTo("skyless-config");
  }

  @Test
  void namespacesAndPodNamespace() {
    ControllerConfig config =
        ControllerConfig.parse(
            Map.of("POD_NAMESPACE", "platform", "SKYLESS_WATCH_NAMESPACES", "a, b")::get);

    assertThat(config.namespace()).isEqualTo("platform");
    assertThat(config.watchNamespaces()).containsExactlyInAnyOrder("a", "b");
  }

  @ParameterizedTest
  @CsvSource({
    "SKYLESS_HTTP_PORT, http, not a whole number",
    "SKYLESS_HTTP_PORT, 99999, outside",
    "SKYLESS_LEADER_ELECTION, maybe, true or false",
    "SKYLESS_RECONCILE_THREADS, 0, outside",
    "SKYLESS_LOG_LEVEL, loud, must be"
  })
  void badValuesNameTheVariable(String variable, String value, String message) {
    assertThatThrownBy(() -> ControllerConfig.parse(Map.of(variable, value)::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(variable + ": ")
        .hasMessageContaining(message);
  }

  @Test
  void platformConfigMapErrorsNameTheKey() {
    assertThatThrownBy(() -> PlatformDefaults.fromConfigMap(Map.of("scale.max", "ten")))
        .hasMessageStartingWith("scale.max: ");
    assertThat(
            PlatformDefaults.fromConfigMap(Map.of("kafka.bootstrapServers", " a:1 , b:2 "))
                .kafkaBootstrapServers())
        .containsExactly("a:1", "b:2");
  }
}
