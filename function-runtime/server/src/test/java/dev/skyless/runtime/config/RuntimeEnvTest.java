package dev.skyless.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyless.runtime.config.RuntimeConfig.Ordering;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RuntimeEnvTest {

  @Test
  void defaultsNeedNoVariables() {
    RuntimeConfig config = RuntimeEnv.parse(Map.of());

    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.http().timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.http().maxBodyBytes()).isEqualTo(10L * 1024 * 1024);
    assertThat(config.http().maxConcurrency()).isEqualTo(1000);
    assertThat(config.jwt()).isEmpty();
    assertThat(config.rateLimit()).isEmpty();
    assertThat(config.kafka()).isEmpty();
    assertThat(config.consumer()).isEmpty();
    assertThat(config.events().configured()).isFalse();
    assertThat(config.events().source()).hasToString("/skyless/default/function");
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(25));
  }

  @Test
  void directConsumerModeWithItsDefaults() {
    RuntimeConfig config =
        RuntimeEnv.parse(
            Map.of(
                "K_SERVICE", "inventory",
                "SKYLESS_NAMESPACE", "shop",
                "SKYLESS_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "SKYLESS_KAFKA_TOPICS", "shop.orders, shop.returns",
                "SKYLESS_KAFKA_PROPERTIES", "security.protocol=SSL\nsasl.mechanism=PLAIN"));

    RuntimeConfig.Consumer consumer = config.consumer().orElseThrow();
    assertThat(consumer.topics()).containsExactly("shop.orders", "shop.returns");
    assertThat(consumer.groupId()).isEqualTo("skyless.shop.inventory");
    assertThat(consumer.ordering()).isEqualTo(Ordering.ORDERED);
    assertThat(consumer.retries()).isEqualTo(5);
    assertThat(consumer.deadLetterTopicFor("shop.orders")).isEqualTo("shop.orders.dlq");
    assertThat(consumer.backoff(1)).isEqualTo(Duration.ofMillis(200));
    assertThat(consumer.backoff(3)).isEqualTo(Duration.ofMillis(800));
    assertThat(consumer.backoff(30)).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.kafka().orElseThrow().clientProperties())
        .containsEntry("security.protocol", "SSL")
        .containsEntry("sasl.mechanism", "PLAIN");
  }

  @Test
  void durationsAndSizesInEverydayForms() {
    RuntimeConfig config =
        RuntimeEnv.parse(
            Map.of(
                "SKYLESS_TIMEOUT", "PT0.5S",
                "SKYLESS_SHUTDOWN_GRACE", "2m",
                "SKYLESS_MAX_BODY_SIZE", "512KiB",
                "SKYLESS_RATE_LIMIT_RPS", "2.5"));

    assertThat(config.http().timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.http().maxBodyBytes()).isEqualTo(512 * 1024);
    assertThat(config.rateLimit().orElseThrow().burst()).isEqualTo(3);
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of(Map.of("PORT", "http"), "PORT", "not a whole number"),
        Arguments.of(Map.of("PORT", "70000"), "PORT", "outside"),
        Arguments.of(Map.of("SKYLESS_TIMEOUT", "soon"), "SKYLESS_TIMEOUT", "not a duration"),
        Arguments.of(Map.of("SKYLESS_TIMEOUT", "0s"), "SKYLESS_TIMEOUT", "longer than zero"),
        Arguments.of(
            Map.of("SKYLESS_MAX_BODY_SIZE", "lots"), "SKYLESS_MAX_BODY_SIZE", "not a size"),
        Arguments.of(Map.of("SKYLESS_MAX_CONCURRENCY", "0"), "SKYLESS_MAX_CONCURRENCY", "outside"),
        Arguments.of(Map.of("K_SINK", "not a url"), "K_SINK", "URI"),
        Arguments.of(Map.of("K_SINK", "/relative"), "K_SINK", "absolute"),
        Arguments.of(
            Map.of("SKYLESS_EVENTS_TOPIC", "bad topic!"), "SKYLESS_EVENTS_TOPIC", "valid topic"),
        Arguments.of(
            Map.of("SKYLESS_EVENTS_TOPIC", "out"),
            "SKYLESS_KAFKA_BOOTSTRAP_SERVERS",
            "must be set"),
        Arguments.of(
            Map.of("SKYLESS_KAFKA_TOPICS", "in"), "SKYLESS_KAFKA_BOOTSTRAP_SERVERS", "must be set"),
        Arguments.of(
            withKafka("SKYLESS_KAFKA_ORDERING", "sideways"),
            "SKYLESS_KAFKA_ORDERING",
            "[ordered, unordered]"),
        Arguments.of(
            withKafka("SKYLESS_KAFKA_INITIAL_OFFSET", "middle"),
            "SKYLESS_KAFKA_INITIAL_OFFSET",
            "earliest or latest"),
        Arguments.of(withKafka("SKYLESS_KAFKA_RETRIES", "-1"), "SKYLESS_KAFKA_RETRIES", "outside"),
        Arguments.of(
            withKafka("SKYLESS_KAFKA_BACKOFF_DELAY", "fast"),
            "SKYLESS_KAFKA_BACKOFF_DELAY",
            "not a duration"),
        Arguments.of(Map.of("SKYLESS_RATE_LIMIT_RPS", "-3"), "SKYLESS_RATE_LIMIT_RPS", "positive"),
        Arguments.of(
            Map.of("SKYLESS_RATE_LIMIT_BURST", "5"), "SKYLESS_RATE_LIMIT_BURST", "RPS is not"),
        Arguments.of(Map.of("SKYLESS_JWT_ISSUER", "x"), "SKYLESS_JWT_ISSUER", "JWT checks are off"),
        Arguments.of(
            Map.of("SKYLESS_JWT_PUBLIC_KEY_FILE", "/no/such/key.pem"),
            "SKYLESS_JWT_PUBLIC_KEY_FILE",
            "cannot read"),
        Arguments.of(Map.of("SKYLESS_LOG_LEVEL", "loud"), "SKYLESS_LOG_LEVEL", "must be one of"));
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("badValues")
  void badValueStopsStartUpNamingTheVariable(
      Map<String, String> env, String variable, String message) {
    assertThatThrownBy(() -> RuntimeEnv.parse(env))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(variable + ": ")
        .hasMessageContaining(message)
        .extracting(e -> ((ConfigException) e).variable())
        .isEqualTo(variable);
  }

  private static Map<String, String> withKafka(String name, String value) {
    Map<String, String> env = new HashMap<>();
    env.put("SKYLESS_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
    env.put("SKYLESS_KAFKA_TOPICS", "in");
    env.put(name, value);
    return env;
  }
}
