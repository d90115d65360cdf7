package dev.skyless.controller.function.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyless.controller.config.PlatformDefaults;
import dev.skyless.controller.testing.Desired;
import dev.skyless.controller.testing.Functions;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What admission lets through by shape but the controller refuses by value (a cron field out of
 * range, a zone that does not exist, overlapping routes, a destination that would loop): one
 * sentence naming the field, as the Function's status will say.
 */
class FunctionSettingsTest {

  private static final PlatformDefaults DEFAULTS =
      PlatformDefaults.fromConfigMap(
          Map.of("kafka.bootstrapServers", "k0:9092", "gateway.name", "skyless"));

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "triggers: [{name: t, schedule: {cron: '61 * * * *'}}]|spec.triggers[t].schedule.cron: the minute 61 is out of range 0-59",
        "triggers: [{name: t, schedule: {cron: '0 0 30 FEB *'}}]|spec.triggers[t].schedule.cron: '0 0 30 FEB *' names a day that never comes",
        "triggers: [{name: t, schedule: {cron: '@daily', timeZone: Mars/Olympus}}]|spec.triggers[t].schedule.timeZone: 'Mars/Olympus' is not an IANA time zone",
        "http: {routes: [{method: GET, path: '/a/{x}'}, {method: GET, path: '/a/{y}'}]}|spec.http.routes[1]: 'GET /a/{y}' overlaps 'GET /a/{x}'",
        "http: {routes: [{path: '/a/*/b'}]}|spec.http.routes[0]: path '/a/*/b' has the segment '*'",
        "triggers: [{name: async-failure, kafka: {topics: [t]}}]|spec.triggers[async-failure].name: the trigger names async and async-failure are kept for spec.async",
        "http: {routes: [{method: GET, path: '/a,b'}]}|spec.http.routes[0]: path '/a,b' has a comma, which a route cannot",
        "async: {onSuccess: shop.fn.async}|spec.async.onSuccess: 'shop.fn.async' is the topic async calls wait in"
      })
  void valuesAdmissionCannotCheckAreRefusedNamingTheField(String spec, String message) {
    assertThatThrownBy(() -> Desired.settings(Functions.withSpec("fn", spec), DEFAULTS))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http: {routes: [{path: /a}]}|spec.http.routes: needs the platform's Gateway, but the platform ConfigMap sets no gateway.name"
      })
  void routesNeedThePlatformsGateway(String spec, String message) {
    PlatformDefaults noGateway =
        PlatformDefaults.fromConfigMap(Map.of("kafka.bootstrapServers", "k0:9092"));
    assertThatThrownBy(() -> Desired.settings(Functions.withSpec("fn", spec), noGateway))
        .hasMessageContaining(message);
    assertThat(Desired.settings(Functions.withSpec("fn", "timeout: 30s"), noGateway).routes())
        .isEmpty();
  }
}
