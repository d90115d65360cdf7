package dev.skyless.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SdkTypesTest {

  @Test
  void problemsAreClientOrServerErrorsAndOnlyServerErrorsAreRetried() {
    var invalid =
        new ProblemException(400, "Bad Request", "no items", Map.of("errors", List.of("items")));
    assertThat(invalid.retryable()).isFalse();
    assertThat(invalid.properties()).containsKey("errors");
    assertThat(new ProblemException(503, "Unavailable", "db down").retryable()).isTrue();
    assertThatThrownBy(() -> new ProblemException(200, "OK", "not a problem"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void headerLookupIgnoresCase() {
    var request = new HttpRequest("POST", "/order", "", Map.of("idempotency-key", List.of("abc")));

    assertThat(request.header("Idempotency-Key")).hasValue("abc");
    assertThat(request.header("X-Missing")).isEmpty();
  }
}
