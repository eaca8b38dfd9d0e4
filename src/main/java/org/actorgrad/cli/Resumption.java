package org.actorgrad.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.actorgrad.checkpoint.Checkpoint;
import org.actorgrad.checkpoint.CheckpointException;
import org.actorgrad.checkpoint.CheckpointFormat;
import org.actorgrad.checkpoint.CheckpointStore;
import org.actorgrad.checkpoint.HeaderBinding;
import org.actorgrad.checkpoint.UnusableFileException;
import org.actorgrad.model.Fingerprint;
import org.actorgrad.model.Network;
import org.actorgrad.model.NetworkSpec;
import org.actorgrad.training.MathOptions;
import org.actorgrad.training.RunCheckpoint;
import org.actorgrad.training.RunHeader;
import org.actorgrad.training.TrainingConfig;
import picocli.CommandLine.ParseResult;

/**
 * {@code --resume}: finds the checkpoint, and takes the math of the run from it. An option that
 * would change the math may be repeated with the same value, never with another.
 */
final class Resumption {
  private Resumption() {}

  /**
   * The run to resume: {@code source} if it is a file, else the newest valid checkpoint in the
   * folder {@code source} (loudly when newer ones are damaged). Reads only. A file whose header is
   * not a valid run's fails with one line naming the file and the field.
   */
  static RunCheckpoint.Run find(Path source, PrintWriter err) throws IOException {
    if (Files.isRegularFile(source)) {
      Path file = source;
      try {
        return read(file, CheckpointFormat.read(file));
      } catch (CheckpointException e) {
        throw new UnusableFileException(e.getMessage());
      }
    }
    if (!Files.isDirectory(source)) {
      throw new UnusableFileException("nothing to resume in " + source + ": no such folder (start without"
          + " --resume, or point --checkpoint-dir or --resume at a run)");
    }
    CheckpointStore.Recovery recovery = CheckpointStore.recover(source);
    for (CheckpointStore.Damaged d : recovery.skipped()) {
      err.println("warning: skipping damaged checkpoint " + d.file() + ": " + d.reason());
    }
    CheckpointStore.Loaded loaded = recovery.loaded().orElseThrow(() -> new UnusableFileException(
        "nothing to resume in " + source + ": no valid checkpoint there (start without --resume, or"
            + " point --checkpoint-dir or --resume at one)"));
    if (!recovery.skipped().isEmpty()) {
      err.println("warning: resuming from the newest valid checkpoint instead: " + loaded.file());
    }
    return read(loaded.file(), loaded.checkpoint());
  }

  private static RunCheckpoint.Run read(Path file, Checkpoint c) {
    RunCheckpoint.Run run;
    try {
      run = RunCheckpoint.read(c);
    } catch (IllegalArgumentException e) {
      throw new UnusableFileException(file + ": " + e.getMessage() + "; it cannot be resumed");
    }
    int revision = run.header().mathRevision();
    if (revision != MathOptions.REVISION && !(revision == 2 && revisionTwoComputesAlike(file, run.header()))) {
      throw new UnusableFileException(file + ": written with math revision " + revision + ", this build"
          + " computes revision " + MathOptions.REVISION + ", so the run cannot continue bit-exactly here:"
          + " resume it with the build that wrote it, or start a new run");
    }
    return run;
  }

  /** {@link MathOptions#computesAsInRevision} for a revision-2 header; its network must parse. */
  private static boolean revisionTwoComputesAlike(Path file, RunHeader h) {
    try {
      return MathOptions.computesAsInRevision(2, network(h));
    } catch (IllegalArgumentException e) {
      throw new UnusableFileException(file + ": " + e.getMessage() + "; it cannot be resumed");
    }
  }

  /** The network a run's header describes (its layers and loss, its inputs and classes). */
  private static Network network(RunHeader h) {
    return new Network(NetworkSpec.parse(h.network().inputs(), h.network().classes(), h.math().layers(),
        h.math().loss()));
  }

  /**
   * Every math option given on the command line must agree with the checkpoint: walks the
   * components of {@link MathOptions}, component {@code batchSize} being option {@code --batch-size}.
   */
  static void requireSameMath(RunHeader h, ParseResult given) {
    for (RecordComponent c : MathOptions.class.getRecordComponents()) {
      String option = optionName(c);
      if (given.hasMatchedOption(option)) {
        Object typed = given.matchedOption(option).getValue();
        Object stored = value(c, h.math());
        if (option.equals("--layers")) { // canonical forms: a CNN's stored spec carries its input shape
          typed = NetworkSpec.canonicalLayers((String) typed, (String) stored);
          stored = NetworkSpec.canonicalLayers((String) stored, (String) stored);
        }
        same(option, typed, stored);
      }
    }
    if (given.hasMatchedOption("--dataset")) {
      same("--dataset", given.matchedOption("--dataset").getValue(), h.data().dataset());
    }
  }

  /** The command-line option of a math component: {@code batchSize} is {@code --batch-size}. */
  static String optionName(RecordComponent c) {
    return "--" + HeaderBinding.jsonName(c.getName()).replace('_', '-');
  }

  private static Object value(RecordComponent c, MathOptions math) {
    try {
      return c.getAccessor().invoke(math);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read MathOptions." + c.getName(), e);
    }
  }

  private static void same(String option, Object value, Object stored) {
    boolean equal = value instanceof String s && stored instanceof String t
        ? s.trim().equalsIgnoreCase(t.trim())
        : Objects.equals(value, stored);
    if (!equal) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s %s differs from the resumed run's %s: options that change the math come from the"
              + " checkpoint (drop %s, or start a new run without --resume)", option, value, stored, option));
    }
  }

  /** The resumed run's configuration: its math, this session's scheduling and epochs. */
  static TrainingConfig config(RunCheckpoint.Run run, TrainingOptions o, ParseResult given) {
    int epochs = given.hasMatchedOption("--epochs") ? o.epochs : run.header().epochs();
    int done = run.state().epoch();
    if (epochs < done) {
      throw new IllegalArgumentException("--epochs " + epochs + " is fewer than the " + done
          + " epochs this run has already trained");
    }
    return RunCheckpoint.config(run.header(), epochs, o.workerCount(), o.threadCount(), o.stepTimeoutDuration());
  }

  /** For a finished run: what it reached, instead of training again. */
  static void printFinished(RunCheckpoint.Run run, PrintWriter out) {
    var s = run.state();
    out.printf(Locale.ROOT, "this run has already finished: %d epochs, %,d steps%n", s.epoch(), s.globalStep());
    for (var m : s.history()) {
      out.printf(Locale.ROOT, "epoch %d  loss %.4f  train %.2f%%  val %.2f%%%n",
          m.epoch(), m.loss(), 100 * m.trainAccuracy(), 100 * m.validationAccuracy());
    }
    if (Double.isFinite(run.header().testAccuracy())) {
      out.printf(Locale.ROOT, "test accuracy %.4f%n", run.header().testAccuracy());
    }
    out.println("raise --epochs to train further");
    out.println("weights sha256: " + Fingerprint.sha256(s.params()));
    out.flush();
  }
}
