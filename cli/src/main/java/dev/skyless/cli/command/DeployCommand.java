package dev.skyless.cli.command;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.cli.CliException;
import dev.skyless.cli.ExitCodes;
import dev.skyless.cli.SkylessCommand;
import dev.skyless.cli.build.BuildRequest;
import dev.skyless.cli.cluster.Cluster;
import dev.skyless.cli.cluster.impl.KubernetesCluster;
import dev.skyless.cli.options.ClusterOptions;
import dev.skyless.cli.options.DurationConverter;
import io.fabric8.kubernetes.api.model.Condition;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code skyless deploy}: build, push, apply the Function, wait for Ready, print the URL. */
@Command(
    name = "deploy",
    description = "Build and push the image, apply k8s/function.yaml, wait until Ready.",
    footer = {
      "%nExamples:",
      "  skyless deploy --registry registry.example.com/shop",
      "  skyless deploy --image registry.example.com/shop/orders@sha256:... -n shop"
    })
public final class DeployCommand implements Callable<Integer> {

  @ParentCommand SkylessCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin ClusterOptions cluster;

  @Parameters(arity = "0..1", description = "The project folder (default: the current one).")
  Path project = Path.of(".");

  @Option(
      names = "--registry",
      description = "Push to <registry>/<name>:<tag> (default: $SKYLESS_REGISTRY).")
  String registry;

  @Option(names = "--tag", defaultValue = "latest", description = "Image tag (default: latest).")
  String tag;

  @Option(
      names = {"-i", "--image"},
      description = "Deploy this image as it is: no build.")
  String image;

  @Option(
      names = "--base",
      defaultValue = BuildRequest.DEFAULT_BASE,
      description = "Base image (default: ${DEFAULT-VALUE}).")
  String base;

  @Option(names = "--no-aot", description = "Skip the AOT cache.")
  boolean noAot;

  @Option(names = "--insecure-registry", description = "Allow a plain-HTTP registry.")
  boolean insecure;

  @Option(
      names = "--timeout",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description = "How long to wait for Ready (default: 5m).")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Function function = ProjectFiles.function(project);
    String name = function.getMetadata().getName();
    try (Cluster k8s = parent.context().clusters().connect(cluster.context)) {
      String reference = image;
      if (reference == null) {
        String target =
            registry != null
                ? registry
                : Optional.ofNullable(parent.context().env().get("SKYLESS_REGISTRY"))
                    .filter(r -> !r.isBlank())
                    .or(() -> k8s.platformSetting("registry"))
                    .orElseThrow(
                        () ->
                            new CliException(
                                ExitCodes.USAGE,
                                "name where to push the image: --registry <registry/path> (or set"
                                    + " SKYLESS_REGISTRY, or the chart's platform.registry), or"
                                    + " deploy a built image with --image"));
        reference =
            BuildCommand.build(
                    parent,
                    spec,
                    project,
                    target.replaceAll("/+$", "") + "/" + name + ":" + tag,
                    null,
                    base,
                    !noAot,
                    insecure)
                .pinned();
      }
      function.getSpec().setImage(reference);
      String namespace = cluster.namespaceIn(k8s);
      function.getMetadata().setNamespace(namespace);
      function.getMetadata().setResourceVersion(null);
      err.println("deploy: applying Function " + namespace + "/" + name + " (" + reference + ")");
      err.flush();
      k8s.apply(function);
      Function ready =
          k8s.awaitReady(
              namespace,
              name,
              timeout,
              f -> {
                err.println("deploy: " + describe(f));
                err.flush();
              });
      Condition condition = KubernetesCluster.ready(ready).orElseThrow();
      if (!"True".equals(condition.getStatus())) {
        throw new CliException(
            ExitCodes.FAILED,
            name
                + " is not Ready: "
                + condition.getReason()
                + (condition.getMessage() == null ? "" : ": " + condition.getMessage()));
      }
      out.println(ready.getStatus().getUrl());
      out.flush();
      return 0;
    }
  }

  private static String describe(Function function) {
    return KubernetesCluster.ready(function)
        .map(
            c ->
                "Ready="
                    + c.getStatus()
                    + (c.getReason() == null ? "" : " (" + c.getReason() + ")")
                    + (c.getMessage() == null ? "" : " " + c.getMessage()))
        .orElse("waiting for the controller to pick it up");
  }
}
