package dev.skyless.cli.command;

import dev.skyless.cli.SkylessCommand;
import dev.skyless.cli.cluster.Cluster;
import dev.skyless.cli.options.ClusterOptions;
import dev.skyless.cli.options.TargetOption;
import dev.skyless.local.status.DevState;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code skyless logs}: a function's logs from {@code skyless dev} or from its pods. */
@Command(
    name = "logs",
    description = "Print a function's logs (from skyless dev, or its pods in the cluster).",
    footer = {"%nExamples:", "  skyless logs hello -f", "  skyless logs orders -n shop --tail 200"})
public final class LogsCommand implements Callable<Integer> {

  @ParentCommand SkylessCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin ClusterOptions cluster;
  @Mixin TargetOption target;

  @Parameters(index = "0", description = "The function's name.")
  String name;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing new lines until Ctrl-C.")
  boolean follow;

  @Option(
      names = "--tail",
      defaultValue = "100",
      description = "Lines from the end (default: 100).")
  int tail;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Optional<DevState> dev = DevTarget.resolve(parent, target.target, name);
    if (dev.isPresent()) {
      devLogs(Path.of(dev.get().logDir()).resolve(name + ".log"), out);
      return 0;
    }
    try (Cluster k8s = parent.context().clusters().connect(cluster.context)) {
      String namespace = cluster.namespaceIn(k8s);
      k8s.logs(namespace, name, tail, follow, out);
      return 0;
    }
  }

  private void devLogs(Path log, PrintWriter out) throws IOException, InterruptedException {
    if (!Files.exists(log)) {
      out.println("(" + name + " has not started yet: no " + log + ")");
      out.flush();
      if (!follow) {
        return;
      }
      while (!Files.exists(log)) {
        Thread.sleep(200);
      }
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    lines.subList(Math.max(0, lines.size() - tail), lines.size()).forEach(out::println);
    out.flush();
    if (!follow) {
      return;
    }
    long position = Files.size(log);
    while (true) {
      long size = Files.size(log);
      if (size > position) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
          file.seek(position);
          byte[] added = new byte[(int) (size - position)];
          file.readFully(added);
          out.print(new String(added, StandardCharsets.UTF_8));
          out.flush();
        }
        position = size;
      }
      Thread.sleep(200);
    }
  }
}
