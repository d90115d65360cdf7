package dev.skyless.cli;

import dev.skyless.cli.build.impl.JibImageBuilder;
import dev.skyless.cli.cluster.impl.KubernetesConnector;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code skyless} in-process with captured output, as the tests' one way in. */
public final class Cli {

  /** What a run printed and returned. */
  public record Run(int exitCode, String out, String err) {}

  private Cli() {}

  /** A context with this environment and home, the real kubeconfig lookup and Jib. */
  public static CliContext context(Path home, Map<String, String> env) {
    return new CliContext(env, home, new KubernetesConnector(env), new JibImageBuilder(env));
  }

  public static Run run(CliContext context, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = SkylessCommand.commandLine(context);
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    int code = line.execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
