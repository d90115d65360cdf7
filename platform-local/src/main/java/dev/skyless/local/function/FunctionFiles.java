package dev.skyless.local.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.skyless.api.v1alpha1.Function;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds and reads {@code Function} resources from YAML files: a file, or a folder searched for
 * {@code *.yaml} / {@code *.yml} files (two levels down, so {@code functions/} finds each project's
 * {@code k8s/function.yaml}). Documents of other kinds are skipped; a Function a cluster's API
 * server would refuse ({@link FunctionAdmission}) is refused here too, naming the field.
 */
public final class FunctionFiles {

  /** A Function and the file it came from. */
  public record Found(Function function, Path file) {}

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final int DEPTH = 3;

  private FunctionFiles() {}

  /**
   * Every Function in {@code paths}.
   *
   * @throws IllegalArgumentException naming the file when one is missing or not a valid Function
   */
  public static List<Found> read(List<Path> paths) {
    List<Found> found = new ArrayList<>();
    for (Path path : paths) {
      if (!Files.exists(path)) {
        throw new IllegalArgumentException(path + ": no such file or folder");
      }
      for (Path file : yamlFiles(path)) {
        found.addAll(readFile(file));
      }
    }
    return found;
  }

  private static List<Path> yamlFiles(Path path) {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    try (Stream<Path> files = Files.walk(path, DEPTH)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .filter(f -> !f.toString().contains("/target/"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Found> readFile(Path file) {
    List<Found> found = new ArrayList<>();
    try (MappingIterator<JsonNode> docs =
        YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc == null || !"Function".equals(doc.path("kind").asText())) {
          continue;
        }
        if (!doc.path("apiVersion").asText().startsWith("skyless.dev/")) {
          continue;
        }
        Function function = Serialization.unmarshal(doc.toString(), Function.class);
        if (function.getMetadata() == null || function.getMetadata().getName() == null) {
          throw new IllegalArgumentException(file + ": a Function without metadata.name");
        }
        if (function.getSpec() == null) {
          throw new IllegalArgumentException(
              file + ": Function " + function.getMetadata().getName() + " has no spec");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> resource = YAML.convertValue(doc, Map.class);
        List<String> problems = FunctionAdmission.problems(resource);
        if (!problems.isEmpty()) {
          throw new IllegalArgumentException(
              file
                  + ": Function "
                  + function.getMetadata().getName()
                  + " would be refused by a cluster's API server: "
                  + String.join("; ", problems));
        }
        found.add(new Found(function, file));
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae && iae.getMessage().startsWith(file + ":")) {
        throw iae;
      }
      throw new IllegalArgumentException(file + ": not a valid Function: " + reason(e), e);
    }
    return found;
  }

  /** Jackson's own words and the field's path (fabric8 wraps them in a generic message). */
  private static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof com.fasterxml.jackson.databind.JsonMappingException mapping) {
        String path =
            mapping.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                .orElse("");
        String message = mapping.getOriginalMessage().lines().findFirst().orElse("");
        return (path.isEmpty() ? "" : path + ": ") + message;
      }
    }
    return e.getMessage();
  }
}
