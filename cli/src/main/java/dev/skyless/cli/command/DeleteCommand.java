package dev.skyless.cli.command;

import dev.skyless.cli.CliException;
import dev.skyless.cli.ExitCodes;
import dev.skyless.cli.SkylessCommand;
import dev.skyless.cli.cluster.Cluster;
import dev.skyless.cli.options.ClusterOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code skyless delete}: removes a Function (its Service and triggers go with it). */
@Command(
    name = "delete",
    description = "Delete a Function; its Knative Service and event wiring go with it.",
    footer = {"%nExamples:", "  skyless delete orders -n shop"})
public final class DeleteCommand implements Callable<Integer> {

  @ParentCommand SkylessCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin ClusterOptions cluster;

  @Parameters(index = "0", description = "The function's name.")
  String name;

  @Override
  public Integer call() {
    try (Cluster k8s = parent.context().clusters().connect(cluster.context)) {
      String namespace = cluster.namespaceIn(k8s);
      if (!k8s.delete(namespace, name)) {
        throw new CliException(
            ExitCodes.NOT_FOUND, "no function " + name + " in namespace " + namespace);
      }
      spec.commandLine().getOut().println("Deleted function " + namespace + "/" + name);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
