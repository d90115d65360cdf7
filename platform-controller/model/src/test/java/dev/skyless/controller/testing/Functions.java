package dev.skyless.controller.testing;

import dev.skyless.api.v1alpha1.Function;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Function resources for tests: the repository's samples, or YAML written in the test. */
public final class Functions {

  public static final Path SAMPLES = Path.of("..", "..", "k8s", "samples");

  private Functions() {}

  /** Parses a Function and gives it the uid and generation the API server would. */
  public static Function parse(String yaml) {
    Function function = Serialization.unmarshal(yaml, Function.class);
    function.getMetadata().setUid("uid-" + function.getMetadata().getName());
    function.getMetadata().setGeneration(1L);
    return function;
  }

  public static List<Function> samples() {
    try (Stream<Path> files = Files.list(SAMPLES)) {
      return files
          .filter(p -> p.toString().endsWith(".yaml"))
          .sorted()
          .map(
              p -> {
                try {
                  return parse(Files.readString(p));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A minimal Function in namespace {@code shop} with extra spec lines appended. */
  public static Function withSpec(String name, String specLines) {
    return parse(
        "apiVersion: skyless.dev/v1alpha1\nkind: Function\nmetadata: {name: "
            + name
            + ", namespace: shop}\nspec:\n  image: registry.example/"
            + name
            + ":1\n"
            + specLines.stripIndent().lines().map(l -> "  " + l + "\n").reduce("", String::concat));
  }
}
