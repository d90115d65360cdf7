package dev.skyless.cli.command;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.cli.SkylessCommand;
import dev.skyless.cli.build.BuildRequest;
import dev.skyless.cli.build.BuildResult;
import dev.skyless.cli.build.FunctionProject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code skyless build}: an OCI image of a built project, with no container daemon. */
@Command(
    name = "build",
    description = {
      "Build the function's OCI image (no Docker needed): JRE base, libraries layer, function",
      "layer and a Java AOT cache trained with the base's own Java. Push it (printing",
      "name@sha256:digest), write an OCI tarball, or both."
    },
    footer = {
      "%nExamples:",
      "  skyless build --image registry.example.com/shop/orders:1.0",
      "  skyless base -o ~/.skyless/base && skyless build --base oci:$HOME/.skyless/base \\",
      "      --push --insecure-registry --image 127.0.0.1:5000/orders:dev",
      "  skyless build ./orders --image orders:dev --output orders.tar"
    })
public final class BuildCommand implements Callable<Integer> {

  @ParentCommand SkylessCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "0..1", description = "The project folder (default: the current one).")
  Path project = Path.of(".");

  @Option(
      names = {"-i", "--image"},
      required = true,
      description = "The image to build, e.g. registry.example.com/shop/orders:1.0.")
  String image;

  @Option(names = "--output", description = "Write an OCI tarball here instead of pushing.")
  Path output;

  @Option(
      names = "--push",
      description = "Push to the registry (the default without --output; with it, both).")
  boolean push;

  @Option(
      names = "--base",
      defaultValue = BuildRequest.DEFAULT_BASE,
      description = {
        "Base image: a registry reference, or one on disk: oci:<layout folder>,",
        "oci-archive:<tar>, docker-archive:<tar> (default: ${DEFAULT-VALUE})."
      })
  String base;

  @Option(names = "--no-aot", description = "Skip the AOT cache (faster builds, slower starts).")
  boolean noAot;

  @Option(names = "--insecure-registry", description = "Allow a plain-HTTP registry.")
  boolean insecure;

  @Override
  public Integer call() throws Exception {
    BuildResult result =
        build(parent, spec, project, image, output, push, base, !noAot, insecure, "build: ");
    PrintWriter out = spec.commandLine().getOut();
    out.println(result.pinned());
    out.flush();
    return 0;
  }

  /** Builds a project's image, telling progress on stderr; shared with {@code deploy}. */
  static BuildResult build(
      SkylessCommand parent,
      picocli.CommandLine.Model.CommandSpec spec,
      Path project,
      String image,
      Path output,
      boolean push,
      String base,
      boolean aot,
      boolean insecure,
      String label)
      throws Exception {
    Function function = ProjectFiles.function(project);
    FunctionProject built =
        FunctionProject.at(
            project,
            function.getMetadata().getName(),
            Optional.ofNullable(function.getSpec().getHandler()));
    PrintWriter err = spec.commandLine().getErr();
    BuildResult result =
        parent
            .context()
            .images()
            .build(
                new BuildRequest(
                    built, base, image, Optional.ofNullable(output), push, aot, insecure),
                line -> {
                  err.println(label + line);
                  err.flush();
                });
    err.println(
        label
            + "done, "
            + result.digest()
            + (result.withAotCache() ? " (with AOT cache)" : " (no AOT cache)"));
    err.flush();
    return result;
  }
}
