package org.actorgrad.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code trainer} command. Maps every failure to one line on stderr and a non-zero exit code;
 * a stack trace only with {@code --verbose}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true"); // charts are drawn without a display
    // Initialise logging on this thread before Pekko's threads log concurrently (else SLF4J warns).
    org.slf4j.LoggerFactory.getLogger(Main.class);
    PrintWriter err = new PrintWriter(System.err, true);
    StopSignals.install(err); // SIGTERM and Ctrl-C finish the step in flight and checkpoint it
    System.exit(run(args, new PrintWriter(System.out, true), err));
  }

  /** Runs the command line with the given streams and returns the exit code (tests call this). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
    CommandLine cli;
    Settings settings;
    try {
      settings = Settings.load(args);
      cli = commandLine(settings);
    } catch (RuntimeException e) {
      err.println("error: " + UserErrors.oneLine(e.getMessage()));
      return UserErrors.exitCode(e); // 1: the --config file cannot be read; 2: it does not parse
    }
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("error: " + UserErrors.oneLine(UserErrors.message(e)));
      if (verbose) {
        e.printStackTrace(line.getErr());
      }
      return UserErrors.exitCode(e);
    });
    cli.setParameterExceptionHandler((e, argv) -> {
      e.getCommandLine().getErr().println("error: " + UserErrors.oneLine(e.getMessage())
          + didYouMean(e) + fromConfig(e, argv, settings)
          + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
      return 2;
    });
    return cli.execute(args);
  }

  /**
   * The nearest option names to a mistyped one, on the same line ("; did you mean --workers?").
   * picocli's own suggestions cover subcommand names only on a command that has subcommands.
   */
  private static String didYouMean(CommandLine.ParameterException e) {
    if (!(e instanceof CommandLine.UnmatchedArgumentException u) || u.getUnmatched().isEmpty()
        || !u.getUnmatched().get(0).startsWith("--")) {
      return "";
    }
    String typed = u.getUnmatched().get(0).split("=", 2)[0];
    List<String> near = UserErrors.nearest(typed, e.getCommandLine().getCommandSpec().optionsMap().keySet());
    return near.isEmpty() ? "" : "; did you mean " + String.join(" or ", near) + "?";
  }

  /**
   * Where a bad value came from when the command line did not give it: "; the value is --config
   * FILE's actorgrad.training.epochs" (picocli names only the option, which the user never typed).
   */
  private static String fromConfig(CommandLine.ParameterException e, String[] argv, Settings settings) {
    if (!(e.getArgSpec() instanceof OptionSpec option)) {
      return "";
    }
    for (String arg : argv) {
      for (String name : option.names()) {
        if (arg.equals(name) || arg.startsWith(name + "=")) {
          return ""; // typed: picocli's line says it
        }
      }
    }
    String key = settings.fileKeyOf(option);
    return key == null ? "" : "; the value is " + key;
  }

  static CommandLine commandLine(Settings settings) {
    CommandLine cli = new CommandLine(new TrainCommand());
    cli.setDefaultValueProvider(settings.defaults());
    cli.addSubcommand(new EvaluateCommand());
    cli.addSubcommand(new PredictCommand());
    cli.addSubcommand(new ExportCommand());
    cli.addSubcommand(new ShowCommand());
    cli.addSubcommand(new DownloadCommand());
    cli.addSubcommand(new InspectCommand());
    cli.addSubcommand(new CoordinatorCommand());
    cli.addSubcommand(new WorkerCommand());
    for (CommandLine sub : cli.getSubcommands().values()) {
      sub.setDefaultValueProvider(settings.defaults());
      // run() shows stack traces when --verbose is anywhere on the line; every command accepts it.
      if (sub.getCommandSpec().findOption("--verbose") == null) {
        sub.getCommandSpec().addOption(OptionSpec.builder("--verbose").type(boolean.class).description("stack traces on errors").build());
      }
    }
    settings.requireKnownKeys(cli);
    return cli;
  }
}
