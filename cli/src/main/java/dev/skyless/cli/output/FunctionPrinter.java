package dev.skyless.cli.output;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.cli.cluster.impl.KubernetesCluster;
import dev.skyless.cli.options.OutputOptions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Prints Functions as a table (NAME, READY, URL, AGE), JSON or YAML. */
public final class FunctionPrinter {

  private FunctionPrinter() {}

  public static void print(List<Function> functions, OutputOptions.Format format, PrintWriter out) {
    switch (format) {
      case json -> out.println(json(one(functions)));
      case yaml -> out.print(Serialization.asYaml(one(functions)));
      case table -> table(functions, out);
    }
    out.flush();
  }

  private static String json(Object value) {
    try {
      return Serialization.jsonMapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object one(List<Function> functions) {
    return functions.size() == 1 ? functions.getFirst() : functions;
  }

  private static void table(List<Function> functions, PrintWriter out) {
    int width = "NAME".length();
    for (Function f : functions) {
      width = Math.max(width, f.getMetadata().getName().length());
    }
    String format = "%-" + width + "s  %-7s  %-50s  %s%n";
    out.printf(Locale.ROOT, format, "NAME", "READY", "URL", "AGE");
    for (Function f : functions) {
      String ready = KubernetesCluster.ready(f).map(Condition::getStatus).orElse("Unknown");
      String url =
          f.getStatus() == null || f.getStatus().getUrl() == null ? "" : f.getStatus().getUrl();
      out.printf(Locale.ROOT, format, f.getMetadata().getName(), ready, url, age(f));
    }
  }

  static String age(Function f) {
    String created = f.getMetadata().getCreationTimestamp();
    if (created == null) {
      return "";
    }
    Duration age = Duration.between(Instant.parse(created), Instant.now());
    if (age.toDays() > 0) {
      return age.toDays() + "d";
    }
    if (age.toHours() > 0) {
      return age.toHours() + "h";
    }
    if (age.toMinutes() > 0) {
      return age.toMinutes() + "m";
    }
    return Math.max(0, age.toSeconds()) + "s";
  }
}
