package dev.skyless.cli.command;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.cli.CliException;
import dev.skyless.cli.ExitCodes;
import dev.skyless.local.function.FunctionFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The Function resource of a project: {@code <project>/k8s/function.yaml}. */
final class ProjectFiles {

  private ProjectFiles() {}

  static Function function(Path project) {
    Path file = project.resolve("k8s").resolve("function.yaml");
    if (!Files.isRegularFile(file)) {
      throw new CliException(
          ExitCodes.NOT_FOUND,
          "no "
              + file
              + ": run this in a function project (skyless init makes one), or name its folder");
    }
    List<FunctionFiles.Found> found = FunctionFiles.read(List.of(file));
    if (found.size() != 1) {
      throw new CliException(
          ExitCodes.USAGE,
          file + " must hold exactly one Function (it holds " + found.size() + ")");
    }
    return found.getFirst().function();
  }
}
