package dev.skyless.cli.command;

import dev.skyless.api.v1alpha1.Function;
import dev.skyless.cli.CliException;
import dev.skyless.cli.ExitCodes;
import dev.skyless.cli.SkylessCommand;
import dev.skyless.cli.cluster.Cluster;
import dev.skyless.cli.invoke.Invocation;
import dev.skyless.cli.options.ClusterOptions;
import dev.skyless.cli.options.DurationConverter;
import dev.skyless.cli.options.TargetOption;
import dev.skyless.local.status.DevState;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code skyless invoke}: calls a function on {@code skyless dev} or in the cluster. */
@Command(
    name = "invoke",
    description = "Call a function with JSON or as a CloudEvent; print its answer.",
    footer = {
      "%nExamples:",
      "  skyless invoke hello --data '{\"name\":\"Ada\"}'",
      "  skyless invoke inventory --cloudevent --type com.example.order.placed --file order.json",
      "  skyless invoke orders --path /order --data @order.json --target cluster -n shop"
    })
public final class InvokeCommand implements Callable<Integer> {

  @ParentCommand SkylessCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin ClusterOptions cluster;
  @Mixin TargetOption target;

  @Parameters(index = "0", description = "The function's name.")
  String name;

  @ArgGroup(exclusive = true)
  Body body = new Body();

  static final class Body {
    @Option(
        names = {"-d", "--data"},
        description = "The request body (JSON); @file reads a file.")
    String data;

    @Option(
        names = {"-f", "--file"},
        description = "Read the request body from this file.")
    Path file;
  }

  @Option(names = "--path", defaultValue = "/", description = "Path on the function (default: /).")
  String path;

  @Option(
      names = "--content-type",
      defaultValue = "application/json",
      description = "Content type of the body (default: ${DEFAULT-VALUE}).")
  String contentType;

  @Option(names = "--cloudevent", description = "Send a CloudEvent (binary mode).")
  boolean cloudEvent;

  @Option(names = "--type", description = "CloudEvent type (implies --cloudevent).")
  String type;

  @Option(
      names = "--source",
      defaultValue = "/skyless/cli",
      description = "CloudEvent source (default: ${DEFAULT-VALUE}).")
  String source;

  @Option(
      names = {"-H", "--header"},
      description = "Extra header, name=value (repeatable).")
  Map<String, String> headers = new LinkedHashMap<>();

  @Option(
      names = "--timeout",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "How long to wait for the answer (default: 60s).")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    if (cloudEvent && type == null) {
      throw new CliException(ExitCodes.USAGE, "--cloudevent needs --type <event type>");
    }
    URI base = baseUrl();
    String suffix = path.startsWith("/") ? path : "/" + path;
    URI url = URI.create(base.toString().replaceAll("/+$", "") + suffix);
    Invocation invocation =
        new Invocation(url, body(), contentType, type, source, headers, timeout);
    HttpResponse<String> response;
    try {
      response = invocation.send();
    } catch (java.net.http.HttpTimeoutException e) {
      throw new CliException(
          ExitCodes.TIMEOUT, name + " did not answer within " + timeout.toSeconds() + " s");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (response.statusCode() >= 400) {
      err.println("error: " + name + " answered " + response.statusCode());
      err.println(response.body());
      err.flush();
      return ExitCodes.FAILED;
    }
    response
        .headers()
        .firstValue("ce-type")
        .ifPresent(t -> err.println("(" + response.statusCode() + ", CloudEvent " + t + ")"));
    err.flush();
    out.println(response.body());
    out.flush();
    return 0;
  }

  private URI baseUrl() {
    Optional<DevState> dev = DevTarget.resolve(parent, target.target, name);
    if (dev.isPresent()) {
      return URI.create(dev.get().url() + "/" + name);
    }
    try (Cluster k8s = parent.context().clusters().connect(cluster.context)) {
      String namespace = cluster.namespaceIn(k8s);
      Function function = k8s.require(namespace, name);
      if (function.getStatus() == null || function.getStatus().getUrl() == null) {
        throw new CliException(
            ExitCodes.FAILED, name + " has no URL yet: see `skyless describe " + name + "`");
      }
      return URI.create(function.getStatus().getUrl());
    }
  }

  private byte[] body() throws Exception {
    if (body.file != null) {
      return read(body.file);
    }
    if (body.data != null) {
      return body.data.startsWith("@")
          ? read(Path.of(body.data.substring(1)))
          : body.data.getBytes(StandardCharsets.UTF_8);
    }
    return "{}".getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] read(Path file) throws Exception {
    if (!Files.isRegularFile(file)) {
      throw new CliException(ExitCodes.USAGE, "no such file: " + file);
    }
    return Files.readAllBytes(file);
  }
}
