package dev.skyless.runtime.function;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyless.runtime.testing.FunctionTestServer;
import dev.skyless.sdk.Context;
import dev.skyless.sdk.Function;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class FunctionResourcesTest {

  /** Holds a resource; records whether it was closed while a call was still possible. */
  static final class Pooled implements Function<String, String>, AutoCloseable {
    final AtomicBoolean closed = new AtomicBoolean();

    @Override
    public String apply(String input, Context ctx) {
      return closed.get() ? "closed" : "open";
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }

  @Test
  void anAutoCloseableFunctionIsClosedAtShutdownAfterItsCalls() throws Exception {
    Pooled function = new Pooled();
    try (var server = FunctionTestServer.start(function, Map.of())) {
      var response = server.post("\"x\"", "content-type", "application/json");
      assertThat(response.body()).isEqualTo("open");
      assertThat(function.closed).isFalse();
    }
    assertThat(function.closed).isTrue();
  }

  @Test
  void aPlainFunctionHasNoResources() {
    Function<String, String> plain = (input, ctx) -> input;
    assertThat(FunctionHandle.of(plain).resources()).isEmpty();
    assertThat(FunctionHandle.of(new Pooled()).resources()).isPresent();
  }
}
