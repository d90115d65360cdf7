package dev.skyless.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TriggerFiltersTest {

  @Test
  void roundTrips() {
    var filters =
        new TriggerFilters(
            Map.of(
                "orders", new TriggerFilter("com.example.order.placed", null, null),
                "odd", new TriggerFilter(null, "/a \"quoted\" \\ source", "com.")));
    String json = filters.encode();
    assertThat(TriggerFilters.decode(json)).isEqualTo(filters);
    assertThat(TriggerFilters.decode(json).admits("orders", "com.example.order.placed", "/x"))
        .isTrue();
    assertThat(TriggerFilters.decode(json).admits("orders", "other", "/x")).isFalse();
    assertThat(TriggerFilters.decode(json).admits("unfiltered", "other", "/x")).isTrue();
  }

  @Test
  void emptyIsNone() {
    assertThat(TriggerFilters.none().encode()).isEmpty();
    assertThat(TriggerFilters.decode("")).isEqualTo(TriggerFilters.none());
    assertThat(TriggerFilters.decode(" { } ")).isEqualTo(TriggerFilters.none());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"[]", "{\"a\":1}", "{\"a\":{\"kind\":\"x\"}}", "{\"a\":{}} x", "{\"a"})
  void refusesOtherShapes(String json) {
    assertThatThrownBy(() -> TriggerFilters.decode(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a JSON object of trigger filters");
  }

  @Test
  void pathsNameTheirTrigger() {
    assertThat(TriggerPaths.triggerOf(TriggerPaths.path("orders"))).contains("orders");
    assertThat(TriggerPaths.triggerOf("/_skyless/triggers/")).isEmpty();
    assertThat(TriggerPaths.triggerOf("/order")).isEmpty();
    assertThat(TriggerPaths.uri("orders", Optional.of("t0k")))
        .isEqualTo("/_skyless/triggers/orders?skyless-token=t0k");
  }

  @Test
  void tokensDependOnKeyAndIdentity() {
    byte[] key = "k".getBytes();
    String token = TriggerToken.derive(key, "shop", "order", "uid-1");
    assertThat(token).isEqualTo(TriggerToken.derive(key, "shop", "order", "uid-1")).hasSize(43);
    assertThat(token)
        .isNotEqualTo(TriggerToken.derive(key, "shop", "order", "uid-2"))
        .isNotEqualTo(TriggerToken.derive("j".getBytes(), "shop", "order", "uid-1"));
    assertThat(TriggerToken.matches(token, token)).isTrue();
    assertThat(TriggerToken.matches(token, token + "x")).isFalse();
    assertThat(TriggerToken.matches(token, null)).isFalse();
  }
}
