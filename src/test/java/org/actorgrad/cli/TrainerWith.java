package org.actorgrad.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.concurrent.Callable;
import org.actorgrad.cli.TrainCommandTest.Run;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code trainer} with a test's own {@link TrainingSession.Trainer} in place of the local or
 * cluster one, run in this JVM as {@link Main#run} runs the real command (its defaults, and a
 * failure told in one line with its exit code): for tests that act from inside a run (a stop
 * signal at a chosen step, a failure at a chosen moment).
 */
@Command(name = "trainer")
final class TrainerWith implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin TrainingOptions options;
  @Mixin UiOptions ui;
  private final TrainingSession.Trainer trainer;

  private TrainerWith(TrainingSession.Trainer trainer) {
    this.trainer = trainer;
  }

  @Override
  public Integer call() throws Exception {
    return TrainingSession.run(options, ui, spec, trainer);
  }

  /** Runs {@code trainer ARGS} with {@code trainer}; stdout goes to {@code out} (also in the result). */
  static Run execute(TrainingSession.Trainer trainer, Writer out, String... args) {
    CommandLine cli = new CommandLine(new TrainerWith(trainer));
    cli.setDefaultValueProvider(Settings.load(args).defaults());
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(out, true));
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("error: " + UserErrors.oneLine(UserErrors.message(e)));
      return UserErrors.exitCode(e);
    });
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** As {@link #execute(TrainingSession.Trainer, Writer, String...)}, stdout kept in the result. */
  static Run execute(TrainingSession.Trainer trainer, String... args) {
    return execute(trainer, new StringWriter(), args);
  }
}
