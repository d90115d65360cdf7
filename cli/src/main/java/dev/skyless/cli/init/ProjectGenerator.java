package dev.skyless.cli.init;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a new function project from the templates in {@code dev/skyless/cli/init/}: a pom on the
 * SDK, a function class, its test, {@code k8s/function.yaml} and a README. Builds and tests as
 * generated.
 */
public final class ProjectGenerator {

  /** The kinds of function a project can start as. */
  public enum Template {
    /** Plain HTTP: JSON in, JSON out. */
    http,
    /** A CloudEvent in, a follow-up event out. */
    cloudevent,
    /** One call per Kafka record, with retries and a dead-letter topic. */
    kafka
  }

  /**
   * What generated projects depend on and build with, from this build ({@code versions.properties},
   * filtered by Maven): the Skyless version (its BOM) and every plugin of the lifecycle they use,
   * so they build the same with any Maven 3.8+ (whose default plugins are older than Java 25).
   */
  static final Map<String, String> VERSIONS = versions();

  /** The version of Skyless generated projects depend on. */
  public static final String SKYLESS_VERSION = VERSIONS.get("skylessVersion");

  private static Map<String, String> versions() {
    java.util.Properties properties = new java.util.Properties();
    try (var in = ProjectGenerator.class.getResourceAsStream("versions.properties")) {
      properties.load(in);
    } catch (java.io.IOException | NullPointerException e) {
      throw new IllegalStateException("the CLI's versions.properties is missing", e);
    }
    Map<String, String> versions = new java.util.LinkedHashMap<>();
    properties.stringPropertyNames().forEach(k -> versions.put(k, properties.getProperty(k)));
    return Map.copyOf(versions);
  }

  private ProjectGenerator() {}

  /**
   * Writes the project into {@code dir} (which must not exist or be empty).
   *
   * @return the files written, relative to {@code dir}
   * @throws IllegalArgumentException when the name is not a valid Function name or {@code dir} is
   *     not empty
   */
  public static List<Path> generate(String name, Template template, Path dir) throws IOException {
    if (!name.matches("[a-z]([-a-z0-9]{0,40}[a-z0-9])?")) {
      throw new IllegalArgumentException(
          "'"
              + name
              + "' is not a valid function name: lower-case letters, digits and '-', starting with"
              + " a letter, at most 42 characters");
    }
    if (Files.isDirectory(dir)) {
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException(dir + " exists and is not empty");
        }
      }
    }
    String className = className(name);
    String pkg = "com.example." + name.replace("-", "");
    Map<String, String> values = new LinkedHashMap<>();
    values.put("name", name);
    values.put("groupId", "com.example");
    values.put("package", pkg);
    values.put("class", className);
    values.put("template", template.name());
    values.putAll(VERSIONS);
    values.put("image", "registry.example.com/functions/" + name + ":latest");
    values.put("extra", extraSpec(template, name));
    values.put("sample", sample(template));

    String source = "src/main/java/" + pkg.replace('.', '/') + "/";
    String test = "src/test/java/" + pkg.replace('.', '/') + "/";
    Map<String, String> files = new LinkedHashMap<>();
    files.put("pom.xml", "pom.xml.tmpl");
    files.put(source + className + ".java", template + ".java.tmpl");
    files.put(test + className + "Test.java", template + ".test.tmpl");
    files.put("k8s/function.yaml", "function.yaml.tmpl");
    files.put("README.md", "README.md.tmpl");
    List<Path> written = new ArrayList<>();
    for (var file : files.entrySet()) {
      Path target = dir.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, fill(read(file.getValue()), values));
      written.add(Path.of(file.getKey()));
    }
    Path services = dir.resolve("src/main/resources/META-INF/services/dev.skyless.sdk.Function");
    Files.createDirectories(services.getParent());
    Files.writeString(services, pkg + "." + className + "\n");
    written.add(dir.relativize(services));
    Files.writeString(dir.resolve(".gitignore"), "target/\n");
    return written;
  }

  /** {@code order-api} becomes {@code OrderApi}. */
  static String className(String name) {
    StringBuilder out = new StringBuilder();
    for (String part : name.split("-")) {
      if (!part.isEmpty()) {
        out.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
      }
    }
    return out.toString();
  }

  private static String extraSpec(Template template, String name) {
    return switch (template) {
      case http -> "";
      case cloudevent -> "  events: {topic: " + name + ".events}\n";
      case kafka ->
          "  triggers:\n"
              + "    - name: records\n"
              + "      kafka: {topics: ["
              + name
              + ".records], ordering: ordered}\n"
              + "      delivery: {retries: 5, backoff: exponential, backoffDelay: PT0.2S}\n";
    };
  }

  private static String sample(Template template) {
    return switch (template) {
      case http -> "{\"name\":\"Ada\"}";
      case cloudevent -> "{\"orderId\":\"o-1\"}";
      case kafka -> "{\"id\":\"r-1\",\"quantity\":2}";
    };
  }

  private static String read(String template) {
    try (InputStream in = ProjectGenerator.class.getResourceAsStream(template)) {
      if (in == null) {
        throw new IllegalStateException("template " + template + " is missing from the CLI");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String fill(String text, Map<String, String> values) {
    String out = text;
    for (var value : values.entrySet()) {
      out = out.replace("{{" + value.getKey() + "}}", value.getValue());
    }
    return out;
  }
}
