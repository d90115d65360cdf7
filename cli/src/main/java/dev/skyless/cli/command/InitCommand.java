package dev.skyless.cli.command;

import dev.skyless.cli.init.ProjectGenerator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code skyless init}: a new function project that builds and tests as generated. */
@Command(
    name = "init",
    description = "Create a function project: pom, function class, test, k8s/function.yaml.",
    footer = {
      "%nExamples:",
      "  skyless init greeter",
      "  skyless init orders --template kafka --dir services/orders"
    })
public final class InitCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", description = "Function name (lower-case letters, digits, '-').")
  String name;

  @Option(
      names = {"-t", "--template"},
      defaultValue = "http",
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  ProjectGenerator.Template template;

  @Option(names = "--dir", description = "Where to create it (default: ./<name>).")
  Path dir;

  @Override
  public Integer call() throws Exception {
    Path target = dir != null ? dir : Path.of(name);
    var files = ProjectGenerator.generate(name, template, target);
    var out = spec.commandLine().getOut();
    out.println("Created " + template + " function " + name + " in " + target + ":");
    files.forEach(f -> out.println("  " + f));
    out.println();
    out.println("Next: cd " + target + " && mvn package && skyless dev .");
    out.flush();
    return 0;
  }
}
