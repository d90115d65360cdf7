package dev.skyless.cli.command;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.cli.SkylessCommand;
import dev.skyless.cli.cluster.Cluster;
import dev.skyless.cli.options.ClusterOptions;
import dev.skyless.cli.options.OutputOptions;
import dev.skyless.cli.output.FunctionPrinter;
import io.fabric8.kubernetes.api.model.Condition;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code skyless describe}: one Function's spec summary and every status condition. */
@Command(
    name = "describe",
    description = "Show a Function: image, scale, triggers, URL and status conditions.",
    footer = {
      "%nExamples:",
      "  skyless describe orders -n shop",
      "  skyless describe orders -o yaml"
    })
public final class DescribeCommand implements Callable<Integer> {

  @ParentCommand SkylessCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin ClusterOptions cluster;
  @Mixin OutputOptions output;

  @Parameters(index = "0", description = "The function's name.")
  String name;

  @Override
  public Integer call() {
    try (Cluster k8s = parent.context().clusters().connect(cluster.context)) {
      String namespace = cluster.namespaceIn(k8s);
      Function function = k8s.require(namespace, name);
      PrintWriter out = spec.commandLine().getOut();
      if (output.format != OutputOptions.Format.table) {
        FunctionPrinter.print(List.of(function), output.format, out);
        return 0;
      }
      var s = function.getSpec();
      out.println("Name:       " + name);
      out.println("Namespace:  " + namespace);
      out.println("Image:      " + s.getImage());
      if (s.getHandler() != null) {
        out.println("Handler:    " + s.getHandler());
      }
      if (s.getScale() != null) {
        out.println(
            "Scale:      min "
                + orDefault(s.getScale().getMin())
                + ", max "
                + orDefault(s.getScale().getMax())
                + ", target "
                + orDefault(s.getScale().getTarget()));
      }
      for (var trigger : s.getTriggers()) {
        out.println(
            "Trigger:    "
                + trigger.getName()
                + (trigger.getKafka() != null
                    ? " (Kafka " + String.join(",", trigger.getKafka().getTopics()) + ")"
                    : " (broker)"));
      }
      var status = function.getStatus();
      out.println(
          "URL:        " + (status == null || status.getUrl() == null ? "" : status.getUrl()));
      out.println("Conditions:");
      if (status == null || status.getConditions() == null || status.getConditions().isEmpty()) {
        out.println("  (none yet: is the Skyless controller running?)");
      } else {
        for (Condition c : status.getConditions()) {
          out.println(
              "  "
                  + c.getType()
                  + "="
                  + c.getStatus()
                  + (c.getReason() == null ? "" : "  " + c.getReason())
                  + (c.getMessage() == null ? "" : ": " + c.getMessage()));
        }
      }
      out.flush();
      return 0;
    }
  }

  private static String orDefault(Integer value) {
    return value == null ? "default" : value.toString();
  }
}
