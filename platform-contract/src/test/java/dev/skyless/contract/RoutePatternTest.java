package dev.skyless.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoutePatternTest {

  @Test
  void matchesLiteralParameterAndRestSegments() {
    RoutePattern byId = RoutePattern.of("GET", "/orders/{id}");
    assertThat(byId.matchPath("/orders/42")).contains(Map.of("id", "42"));
    assertThat(byId.matchPath("/orders/a%20b")).contains(Map.of("id", "a b"));
    assertThat(byId.matchPath("/orders/42/")).contains(Map.of("id", "42"));
    assertThat(byId.matchPath("/orders")).isEmpty();
    assertThat(byId.matchPath("/orders/42/lines")).isEmpty();

    RoutePattern files = RoutePattern.of(null, "/files/{bucket}/*");
    assertThat(files.matchPath("/files/media")).contains(Map.of("bucket", "media"));
    assertThat(files.matchPath("/files/media/a/b.jpg")).contains(Map.of("bucket", "media"));
    assertThat(files.takes("DELETE")).isTrue();

    assertThat(RoutePattern.of("GET", "/").matchPath("/")).contains(Map.of());
    assertThat(RoutePattern.of("GET", "/").matchPath("/x")).isEmpty();
    assertThat(byId.takes("HEAD")).isTrue();
    assertThat(byId.takes("POST")).isFalse();
  }

  @Test
  void theRegexAGatewayGetsMatchesWhatTheRuntimeMatches() {
    List<String> paths =
        List.of(
            "/",
            "/orders",
            "/orders/42",
            "/orders/42/lines",
            "/files/m/a.jpg",
            "/files",
            "/a.b",
            "/aXb");
    for (RoutePattern route :
        List.of(
            RoutePattern.of("GET", "/orders/{id}"),
            RoutePattern.of("GET", "/files/*"),
            RoutePattern.of("GET", "/files/{b}/*"),
            RoutePattern.of("GET", "/a.b"),
            RoutePattern.of("GET", "/"),
            RoutePattern.of("GET", "/*"))) {
      Pattern regex = Pattern.compile(route.regex());
      for (String path : paths) {
        assertThat(regex.matcher(path).matches())
            .as(route + " on " + path + " (" + route.regex() + ")")
            .isEqualTo(route.matchPath(path).isPresent());
      }
    }
  }

  @Test
  void conflictsAreTheSameMethodAndTemplateWhateverTheNames() {
    assertThat(
            RoutePattern.of("GET", "/orders/{id}")
                .conflictsWith(RoutePattern.of("GET", "/orders/{orderId}")))
        .isTrue();
    assertThat(RoutePattern.of(null, "/orders").conflictsWith(RoutePattern.of("POST", "/orders")))
        .isTrue();
    assertThat(RoutePattern.of("GET", "/orders").conflictsWith(RoutePattern.of("POST", "/orders")))
        .isFalse();
    assertThat(
            RoutePattern.of("GET", "/orders/{id}")
                .conflictsWith(RoutePattern.of("GET", "/orders/new")))
        .isFalse();
  }

  @Test
  void theMostSpecificRouteComesFirst() {
    List<RoutePattern> routes =
        new ArrayList<>(
            List.of(
                RoutePattern.of(null, "/*"),
                RoutePattern.of("GET", "/orders/{id}"),
                RoutePattern.of("GET", "/orders/new"),
                RoutePattern.of(null, "/orders/new")));
    routes.sort(RoutePattern::bySpecificity);
    assertThat(routes.stream().map(RoutePattern::toString))
        .containsExactly("GET /orders/new", "* /orders/new", "GET /orders/{id}", "* /*");
  }

  @Test
  void theRuntimeFormRoundTrips() {
    List<RoutePattern> routes =
        List.of(RoutePattern.of("POST", "/orders"), RoutePattern.of(null, "/orders/{id}/*"));
    assertThat(RoutePattern.parseAll(RoutePattern.format(routes))).isEqualTo(routes);
    assertThat(RoutePattern.parseAll("")).isEmpty();
    assertThat(routes.get(1).method()).isEqualTo(Optional.empty());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "FETCH|/a|method 'FETCH' is not one of",
        "GET|a|must start with /",
        "GET|/_skyless/health|which the platform keeps",
        "GET|/a//b|an empty segment",
        "GET|/a/{1x}|a name is letters, digits and _",
        "GET|/a/{id}/{id}|names {id} twice",
        "GET|/a/*/b|only the last may be *",
        "GET|/a/x{id}|only the last may be *",
        "GET|'/a,b'|has a comma, which a route cannot"
      })
  void badRoutesAreRefusedSayingWhy(String method, String path, String message) {
    // A comma separates routes in SKYLESS_HTTP_ROUTES, so a path with one cannot be carried there.
    assertThatThrownBy(() -> RoutePattern.of(method, path))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
