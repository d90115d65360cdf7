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
import dev.skyless.local.app.AppFile;
import dev.skyless.local.app.AppFiles;
import dev.skyless.local.function.FunctionFiles;
import io.fabric8.kubernetes.api.model.Condition;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code skyless deploy}: build, push, apply the Function, wait for Ready, print the URL. Given an
 * app (a folder with {@code skyless.yaml}, or the file), every function in it: all images built
 * first (a build that fails applies nothing), then every Function applied, then each awaited.
 */
@Command(
    name = "deploy",
    description = {
      "Build and push the image, apply k8s/function.yaml, wait until Ready.",
      "Given an app (skyless.yaml), every function in it; the services it declares are the",
      "platform's on a cluster (docs/dev-services.md)."
    },
    footer = {
      "%nExamples:",
      "  skyless deploy --registry registry.example.com/shop",
      "  skyless deploy --image registry.example.com/shop/orders@sha256:... -n shop",
      "  skyless deploy functions --registry registry.example.com/shop -n shop   # the whole app"
    })
public final class DeployCommand implements Callable<Integer> {

  @ParentCommand SkylessCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin ClusterOptions cluster;

  @Parameters(
      arity = "0..1",
      description = "The project folder, or an app folder or skyless.yaml (default: this folder).")
  Path project = Path.of(".");

  @Option(
      names = "--registry",
      description = "Push to <registry>/<name>:<tag> (default: $SKYLESS_REGISTRY).")
  String registry;

  @Option(names = "--tag", defaultValue = "latest", description = "Image tag (default: latest).")
  String tag;

  @Option(
      names = {"-i", "--image"},
      description = "Deploy this image as it is: no build (one function only).")
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
      description = "How long to wait for Ready, for all functions together (default: 5m).")
  Duration timeout;

  /** One function to deploy: its project folder and its Function. */
  private record Target(Path project, Function function) {
    String name() {
      return function.getMetadata().getName();
    }
  }

  @Override
  public Integer call() throws Exception {
    Optional<Path> appFile = AppFile.locate(project);
    List<Target> targets;
    if (appFile.isPresent()) {
      if (image != null) {
        throw new CliException(
            ExitCodes.USAGE,
            "--image names one function's image; an app's are built: use --registry, or deploy"
                + " one function's folder with --image");
      }
      targets = targets(AppFiles.read(appFile.get()));
    } else {
      targets = List.of(new Target(project, ProjectFiles.function(project)));
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (Cluster k8s = parent.context().clusters().connect(cluster.context)) {
      String namespace = cluster.namespaceIn(k8s);
      boolean many = targets.size() > 1;
      List<String> references = new ArrayList<>();
      for (int i = 0; i < targets.size(); i++) {
        Target target = targets.get(i);
        String label =
            many ? "[" + (i + 1) + "/" + targets.size() + "] " + target.name() + ": " : "";
        references.add(image != null ? image : build(k8s, target, label + "build: "));
      }
      for (int i = 0; i < targets.size(); i++) {
        Function function = targets.get(i).function();
        function.getSpec().setImage(references.get(i));
        function.getMetadata().setNamespace(namespace);
        function.getMetadata().setResourceVersion(null);
        err.println(
            "deploy: applying Function "
                + namespace
                + "/"
                + function.getMetadata().getName()
                + " ("
                + references.get(i)
                + ")");
        err.flush();
        k8s.apply(function);
      }
      References.of(targets.stream().map(Target::function).toList())
          .describe()
          .ifPresent(
              line -> {
                err.println("deploy: " + line);
                err.flush();
              });
      return awaitAll(k8s, namespace, targets, out, err);
    }
  }

  /** Every Function of the app, each with the project folder its image is built from. */
  private static List<Target> targets(AppFile app) {
    List<Target> targets = new ArrayList<>();
    for (FunctionFiles.Found found : FunctionFiles.read(app.functionPaths())) {
      Path folder = found.file().toAbsolutePath().getParent();
      if (folder.getFileName() == null || !folder.getFileName().toString().equals("k8s")) {
        throw new CliException(
            ExitCodes.USAGE,
            found.file()
                + ": deploy builds a function from its project, so keep its Function at"
                + " <project>/k8s/function.yaml");
      }
      targets.add(new Target(folder.getParent(), found.function()));
    }
    if (targets.isEmpty()) {
      throw new CliException(
          ExitCodes.NOT_FOUND, app.file() + ": its functions hold no Function resource");
    }
    return targets;
  }

  private String build(Cluster k8s, Target target, String label) throws Exception {
    String destination =
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
    return BuildCommand.build(
            parent,
            spec,
            target.project(),
            destination.replaceAll("/+$", "") + "/" + target.name() + ":" + tag,
            null,
            true,
            base,
            !noAot,
            insecure,
            label)
        .pinned();
  }

  /**
   * Waits for each Function in turn, within one deadline; prints each URL (one function) or a table
   * (an app). Exit: 0 all Ready, 1 one is not, 6 the deadline passed.
   */
  private int awaitAll(
      Cluster k8s, String namespace, List<Target> targets, PrintWriter out, PrintWriter err)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> notReady = new ArrayList<>();
    List<Function> results = new ArrayList<>();
    int timeouts = 0;
    for (Target target : targets) {
      String name = target.name();
      Duration left =
          targets.size() == 1
              ? timeout
              : Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      String prefix = targets.size() > 1 ? "deploy: " + name + ": " : "deploy: ";
      Function ready;
      try {
        ready =
            k8s.awaitReady(
                namespace,
                name,
                left.isZero() ? Duration.ofMillis(1) : left,
                f -> {
                  err.println(prefix + describe(f));
                  err.flush();
                });
      } catch (CliException e) {
        if (e.exitCode() != ExitCodes.TIMEOUT || targets.size() == 1) {
          throw e;
        }
        timeouts++;
        notReady.add(name + ": " + e.getMessage());
        continue;
      }
      results.add(ready);
      Condition condition = KubernetesCluster.ready(ready).orElseThrow();
      if (!"True".equals(condition.getStatus())) {
        notReady.add(
            name
                + " is not Ready: "
                + condition.getReason()
                + (condition.getMessage() == null ? "" : ": " + condition.getMessage()));
      }
    }
    if (targets.size() == 1) {
      if (!notReady.isEmpty()) {
        throw new CliException(ExitCodes.FAILED, notReady.getFirst());
      }
      out.println(results.getFirst().getStatus().getUrl());
      out.flush();
      return 0;
    }
    int width = targets.stream().mapToInt(t -> t.name().length()).max().orElse(4);
    String format = "%-" + Math.max(width, 8) + "s  %-7s  %s%n";
    out.printf(Locale.ROOT, format, "FUNCTION", "READY", "URL");
    for (Function f : results) {
      out.printf(
          Locale.ROOT,
          format,
          f.getMetadata().getName(),
          KubernetesCluster.ready(f).map(Condition::getStatus).orElse("Unknown"),
          f.getStatus() == null || f.getStatus().getUrl() == null ? "" : f.getStatus().getUrl());
    }
    out.flush();
    if (!notReady.isEmpty()) {
      throw new CliException(
          timeouts == notReady.size() ? ExitCodes.TIMEOUT : ExitCodes.FAILED,
          notReady.size()
              + " of "
              + targets.size()
              + " functions not Ready: "
              + String.join("; ", notReady));
    }
    return 0;
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
