package dev.skyless.cli.command;

import dev.skyless.cli.SkylessCommand;
import dev.skyless.cli.cluster.Cluster;
import dev.skyless.cli.options.ClusterOptions;
import dev.skyless.cli.options.OutputOptions;
import dev.skyless.cli.output.FunctionPrinter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code skyless list}: the Functions of a namespace with readiness and URL. */
@Command(
    name = "list",
    aliases = "ls",
    description = "List the Functions of a namespace.",
    footer = {"%nExamples:", "  skyless list -n shop", "  skyless list -o json"})
public final class ListCommand implements Callable<Integer> {

  @ParentCommand SkylessCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin ClusterOptions cluster;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    try (Cluster k8s = parent.context().clusters().connect(cluster.context)) {
      String namespace = cluster.namespaceIn(k8s);
      var functions = k8s.list(namespace);
      if (functions.isEmpty() && output.format == OutputOptions.Format.table) {
        spec.commandLine().getOut().println("No functions in namespace " + namespace + ".");
        spec.commandLine().getOut().flush();
        return 0;
      }
      FunctionPrinter.print(functions, output.format, spec.commandLine().getOut());
      return 0;
    }
  }
}
