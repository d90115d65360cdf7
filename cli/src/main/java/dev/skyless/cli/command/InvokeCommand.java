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
import dev.skyless.contract.AsyncInvocations;
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
      "  skyless invoke orders --path /order --data @order.json --target cluster -n shop",
      "  skyless invoke report --async --data '{\"month\":\"2026-11\"}'   (202 and the id)",
      "  skyless invoke report --schedule nightly   (fire a schedule trigger now)"
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
      names = "--async",
      description =
          "Queue the call (spec.async) and print its invocation id: on skyless dev with Prefer:"
              + " respond-async, on a cluster as a CloudEvent to status.asyncUrl.")
  boolean async;

  @Option(
      names = "--schedule",
      paramLabel = "<trigger>",
      description = "Fire the function's schedule trigger now (skyless dev), instead of a call.")
  String schedule;

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
    if (schedule != null) {
      return fireSchedule();
    }
    if (async) {
      Optional<DevState> dev = DevTarget.resolve(parent, target.target, name);
      if (dev.isEmpty()) {
        return asyncOnCluster();
      }
      headers.putIfAbsent("prefer", AsyncInvocations.PREFER_ASYNC);
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

  /** {@code --schedule}: skyless dev's gateway fires it as its scheduler would. */
  private int fireSchedule() throws Exception {
    Optional<DevState> dev = DevTarget.resolve(parent, target.target, name);
    if (dev.isEmpty()) {
      throw new CliException(
          ExitCodes.USAGE,
          "--schedule fires a schedule under skyless dev; on a cluster the PingSource "
              + name
              + "-"
              + schedule
              + " fires it (kubectl get pingsource)");
    }
    URI url = URI.create(dev.get().url() + "/_skyless/schedules/" + name + "/" + schedule);
    HttpResponse<String> response =
        new Invocation(url, new byte[0], contentType, null, source, Map.of(), timeout).send();
    return report(response, "fired " + name + "/" + schedule);
  }

  /**
   * {@code --async} on a cluster: the call as a binary CloudEvent POSTed to the Function's async
   * KafkaSink ({@code status.asyncUrl}) through the API server's service proxy.
   */
  private int asyncOnCluster() throws Exception {
    try (Cluster k8s = parent.context().clusters().connect(cluster.context)) {
      String namespace = cluster.namespaceIn(k8s);
      Function function = k8s.require(namespace, name);
      if (function.getSpec().getAsync() == null) {
        throw new CliException(ExitCodes.USAGE, name + " takes no async calls: give it spec.async");
      }
      if (function.getStatus() == null || function.getStatus().getAsyncUrl() == null) {
        throw new CliException(
            ExitCodes.FAILED,
            name + " has no async address yet: see `skyless describe " + name + "`");
      }
      String id = java.util.UUID.randomUUID().toString();
      Map<String, String> all = new LinkedHashMap<>();
      all.put("content-type", contentType);
      all.put("ce-specversion", "1.0");
      all.put("ce-id", id);
      all.put("ce-type", type == null ? AsyncInvocations.INVOKED : type);
      all.put("ce-source", source);
      all.putAll(headers);
      Cluster.Answer answer =
          k8s.postInside(URI.create(function.getStatus().getAsyncUrl()), all, body(), timeout);
      if (answer.status() >= 300) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("error: the async sink of " + name + " answered " + answer.status());
        err.println(answer.body());
        err.flush();
        return ExitCodes.FAILED;
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("{\"invocationId\":\"" + id + "\"}");
      out.flush();
      return 0;
    }
  }

  private int report(HttpResponse<String> response, String what) {
    PrintWriter err = spec.commandLine().getErr();
    if (response.statusCode() >= 400) {
      err.println("error: " + response.statusCode());
      err.println(response.body());
      err.flush();
      return ExitCodes.FAILED;
    }
    err.println("(" + response.statusCode() + ", " + what + ")");
    err.flush();
    spec.commandLine().getOut().println(response.body());
    spec.commandLine().getOut().flush();
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
