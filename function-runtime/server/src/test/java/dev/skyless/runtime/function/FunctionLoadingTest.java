package dev.skyless.runtime.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyless.runtime.function.FunctionLoader.FunctionLoadException;
import dev.skyless.runtime.testing.CommandFunction;
import dev.skyless.sdk.AsyncFunction;
import dev.skyless.sdk.Context;
import dev.skyless.sdk.Function;
import io.cloudevents.CloudEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class FunctionLoadingTest {

  static final class Strings implements Function<String, String> {
    @Override
    public String apply(String input, Context ctx) {
      return input;
    }
  }

  static final class Events implements AsyncFunction<CloudEvent, String> {
    @Override
    public CompletionStage<String> apply(CloudEvent input, Context ctx) {
      return CompletableFuture.completedFuture(input.getId());
    }
  }

  abstract static class Base<T> implements Function<T, String> {}

  static final class Generic extends Base<Map<String, List<Integer>>> {
    @Override
    public String apply(Map<String, List<Integer>> input, Context ctx) {
      return "";
    }
  }

  @Test
  void readsTheDeclaredInputType() {
    assertThat(FunctionHandle.of(new Strings()).inputType()).isEqualTo(String.class);
    assertThat(FunctionHandle.of(new Events()).inputType()).isEqualTo(CloudEvent.class);
    assertThat(FunctionHandle.of(new CommandFunction()).inputType())
        .isEqualTo(CommandFunction.Command.class);
    assertThat(FunctionHandle.of(new Generic()).inputType().getTypeName())
        .isEqualTo("java.util.Map<java.lang.String, java.util.List<java.lang.Integer>>");
  }

  @Test
  void callsAsyncFunctionsToCompletion() throws Exception {
    FunctionHandle handle = FunctionHandle.of(new Events());
    CloudEvent event =
        io.cloudevents.core.builder.CloudEventBuilder.v1()
            .withId("abc")
            .withSource(java.net.URI.create("/t"))
            .withType("t")
            .build();

    assertThat(handle.call(event, null)).isEqualTo("abc");
  }

  @Test
  void loadsByClassName() {
    FunctionLoader loader = new FunctionLoader(getClass().getClassLoader());

    assertThat(loader.load(Optional.of(CommandFunction.class.getName())).name())
        .isEqualTo(CommandFunction.class.getName());
  }

  @Test
  void clearErrorsWhenTheFunctionCannotBeLoaded() {
    FunctionLoader loader = new FunctionLoader(getClass().getClassLoader());

    assertThatThrownBy(() -> loader.load(Optional.of("com.example.Missing")))
        .isInstanceOf(FunctionLoadException.class)
        .hasMessageContaining("not on the class path");
    assertThatThrownBy(() -> loader.load(Optional.of(String.class.getName())))
        .isInstanceOf(FunctionLoadException.class)
        .hasMessageContaining("implements neither");
    assertThatThrownBy(() -> loader.load(Optional.empty()))
        .isInstanceOf(FunctionLoadException.class)
        .hasMessageContaining("SKYLESS_FUNCTION");
  }
}
