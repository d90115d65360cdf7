package dev.skyless.cli.command;

import dev.skyless.cli.SkylessCommand;
import dev.skyless.cli.options.DurationConverter;
import dev.skyless.local.main.LocalOptions;
import dev.skyless.local.main.LocalPlatform;
import dev.skyless.local.status.ConsoleReporter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code skyless dev}: the whole platform on this machine until Ctrl-C: Kafka, the gateway,
 * functions started on their first request or event and stopped when idle.
 */
@Command(
    name = "dev",
    description =
        "Run functions on this machine: Kafka, gateway, scale from and to zero, and the"
            + " databases and S3 stores skyless.yaml declares.",
    footer = {
      "%nExamples:",
      "  skyless dev                      # skyless.yaml here, else the functions under this folder",
      "  skyless dev functions --reset    # the shop, its data from earlier runs deleted first",
      "  skyless dev functions/ --idle 10s",
      "  skyless dev k8s/function.yaml --kafka localhost:9092 --port 9000",
      "  skyless dev functions --check     # does the app start? (exit 0, everything stopped)"
    })
public final class DevCommand implements Callable<Integer> {

  @ParentCommand SkylessCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      arity = "0..*",
      description = "Function YAML files or folders to search (default: the current folder).")
  List<Path> paths = List.of(Path.of("."));

  @Option(names = "--port", defaultValue = "8080", description = "Gateway port (default: 8080).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Gateway address (default: 127.0.0.1, this machine only).")
  String host;

  @Option(
      names = "--kafka",
      description = "Use this Kafka (bootstrap servers) instead of starting one.")
  String kafka;

  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      description = "Port of the Kafka started here (default: 9092, else a free one).")
  int kafkaPort;

  @Option(
      names = "--idle",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "Stop an instance after it idles this long (default: 30s).")
  Duration idle;

  @Option(
      names = "--start-timeout",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "How long an instance may take to start (default: 60s).")
  Duration startTimeout;

  @Option(
      names = "--reset",
      description =
          "Delete the data of earlier runs first: Kafka's, the databases', the stores' (kept"
              + " between runs otherwise, under ~/.skyless/dev).")
  boolean reset;

  @Option(
      names = "--random-ports",
      description =
          "Services on free ports instead of their usual ones (PostgreSQL 5432, S3 9000).")
  boolean randomPorts;

  @Option(
      names = "--check",
      description =
          "Start everything, print the ready line and the table, then stop: does the app start?"
              + " (CI, scripts).")
  boolean check;

  @Option(
      names = "--no-live",
      description = "Print events as lines instead of a live table (the default off a terminal).")
  boolean noLive;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (!parent.context().env().containsKey("SKYLESS_LOG_LEVEL")) {
      dev.skyless.logging.LogLevels.setLibraries("error"); // the broker's notices are not news
    }
    LocalOptions defaults = LocalOptions.defaults(paths);
    LocalOptions options =
        new LocalOptions(
            paths,
            host,
            port,
            Optional.ofNullable(kafka),
            kafkaPort,
            idle,
            parent.context().devStateDir(),
            startTimeout,
            defaults.jvmOptions(),
            parent.context().env(),
            reset,
            !randomPorts);
    boolean live =
        !noLive
            && !check
            && System.console() != null
            && !"dumb".equals(parent.context().env().get("TERM"));
    ConsoleReporter console = new ConsoleReporter(out, live);
    out.println(
        "skyless dev: starting"
            + (kafka == null ? " Kafka," : "")
            + " services and the gateway...");
    out.flush();
    LocalPlatform platform = LocalPlatform.create(options, console);
    CountDownLatch stopped = new CountDownLatch(1);
    // Registered before the start: Ctrl-C while services start stops what has started.
    Thread hook =
        Thread.ofPlatform()
            .name("skyless-dev-stop")
            .unstarted(
                () -> {
                  out.println("skyless dev: stopping every function, service and Kafka...");
                  out.flush();
                  platform.close();
                  out.println("skyless dev: stopped");
                  out.flush();
                  stopped.countDown();
                });
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      platform.begin();
    } catch (IllegalStateException e) { // a port taken, Kafka unreachable, a service not started
      removeHook(hook);
      throw new dev.skyless.cli.CliException(
          dev.skyless.cli.ExitCodes.ENVIRONMENT, e.getMessage(), e);
    } catch (RuntimeException | InterruptedException e) {
      removeHook(hook);
      throw e;
    }
    out.println(
        "skyless dev: ready at "
            + platform.url()
            + " (Kafka at "
            + platform.kafkaBootstrapServers()
            + ", logs in "
            + options.stateDir().resolve("logs")
            + "); dashboard: "
            + platform.url()
            + "/_skyless/");
    if (!live) {
      out.print(
          dev.skyless.local.status.StatusTable.render(
              platform.url(), platform.snapshots(), platform.serviceRows()));
    }
    out.flush();
    if (check) {
      removeHook(hook);
      platform.close();
      out.println("skyless dev: check passed: everything started, and stopped again");
      out.flush();
      return 0;
    }
    stopped.await();
    return 0;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is exiting: the hook runs, and closing twice is harmless
    }
  }
}
