package dev.skyless.cli;

import dev.skyless.cli.command.BaseCommand;
import dev.skyless.cli.command.BuildCommand;
import dev.skyless.cli.command.DeleteCommand;
import dev.skyless.cli.command.DeployCommand;
import dev.skyless.cli.command.DescribeCommand;
import dev.skyless.cli.command.DevCommand;
import dev.skyless.cli.command.DlqCommand;
import dev.skyless.cli.command.InitCommand;
import dev.skyless.cli.command.InvokeCommand;
import dev.skyless.cli.command.ListCommand;
import dev.skyless.cli.command.LogsCommand;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code skyless}: the verbs. Each verb is one class in {@code command/}. */
@Command(
    name = "skyless",
    mixinStandardHelpOptions = true,
    // -h/--help and -V/--version on every subcommand too.
    scope = CommandLine.ScopeType.INHERIT,
    version = "skyless 0.1.0",
    description =
        "Functions on your own Kubernetes cluster, or on this machine with `skyless dev`.",
    subcommands = {
      InitCommand.class,
      BuildCommand.class,
      BaseCommand.class,
      DeployCommand.class,
      InvokeCommand.class,
      ListCommand.class,
      DescribeCommand.class,
      LogsCommand.class,
      DeleteCommand.class,
      DlqCommand.class,
      DevCommand.class,
      AutoComplete.GenerateCompletion.class
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  done",
      "  1  the work failed (build, invocation, deploy not Ready)",
      "  2  bad flags or arguments",
      "  3  no such function or project",
      "  4  no kubeconfig, cluster unreachable, Skyless not installed, or no `skyless dev` running",
      "  5  the image registry refused",
      "  6  timed out"
    })
public final class SkylessCommand implements Runnable {

  private final CliContext context;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Read by {@link ErrorHandler}; declared here so that every command accepts it. */
  @CommandLine.Option(
      names = {"-v", "--verbose"},
      scope = CommandLine.ScopeType.INHERIT,
      description = "Print a stack trace with an error.")
  boolean verbose;

  public SkylessCommand(CliContext context) {
    this.context = context;
  }

  public CliContext context() {
    return context;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
  }

  /** The command line with our error handling, for {@link Main} and for tests. */
  public static CommandLine commandLine(CliContext context) {
    CommandLine line = new CommandLine(new SkylessCommand(context));
    line.setExecutionExceptionHandler(new ErrorHandler());
    line.setParameterExceptionHandler(
        (e, args) -> {
          CommandLine command = e.getCommandLine();
          var err = command.getErr();
          err.println(command.getColorScheme().errorText("error: " + e.getMessage()));
          CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
          command.usage(err, command.getColorScheme());
          return ExitCodes.USAGE;
        });
    line.setCaseInsensitiveEnumValuesAllowed(true);
    line.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
    return line;
  }
}
