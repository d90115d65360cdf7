package dev.skyless.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyless.runtime.testing.FunctionTestServer;
import dev.skyless.runtime.testing.TestContext;
import dev.skyless.sdk.ProblemException;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GreetTest {

  @Test
  void greetsByNameWhenCalledDirectly() {
    Greet.Greeting greeting = new Greet().apply(new Greet.Request("Ada"), new TestContext());

    assertThat(greeting.message()).isEqualTo("Hello, Ada!");
  }

  @Test
  void aMissingNameIsABadRequest() {
    assertThatThrownBy(() -> new Greet().apply(new Greet.Request(" "), new TestContext()))
        .isInstanceOf(ProblemException.class)
        .extracting(e -> ((ProblemException) e).status())
        .isEqualTo(400);
  }

  @Test
  void answersACloudEventOverHttp() throws Exception {
    try (var server = FunctionTestServer.start(new Greet(), Map.of())) {
      HttpResponse<String> response =
          server.post(
              "{\"name\":\"Bob\"}",
              "ce-specversion",
              "1.0",
              "ce-id",
              "greet-1",
              "ce-source",
              "/tests",
              "ce-type",
              "dev.skyless.examples.greet",
              "content-type",
              "application/json");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("ce-type"))
          .hasValue("dev.skyless.examples.greet.response");
      assertThat(response.body()).isEqualTo("{\"message\":\"Hello, Bob!\"}");
    }
  }
}
