package org.actorgrad.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.actorgrad.checkpoint.Checkpoint;
import org.actorgrad.checkpoint.CheckpointException;
import org.actorgrad.checkpoint.CheckpointFormat;
import org.actorgrad.checkpoint.CheckpointStore;
import org.actorgrad.model.Fingerprint;
import org.actorgrad.model.NetworkSpec;
import org.actorgrad.training.RunCheckpoint;
import org.actorgrad.training.TrainingConfig;
import picocli.CommandLine.ParseResult;

/**
 * {@code --resume}: finds the checkpoint, and takes the math of the run from it. An option that
 * would change the math may be repeated with the same value, never with another.
 */
final class Resumption {
  private Resumption() {}

  /** The checkpoint to resume: the given file, or the newest valid one in the store (loudly). */
  static Checkpoint find(String resume, CheckpointStore store, PrintWriter err) throws IOException {
    if (!resume.isEmpty()) {
      Path file = Path.of(resume);
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("--resume " + resume + ": no such checkpoint file");
      }
      try {
        return CheckpointFormat.read(file);
      } catch (CheckpointException e) {
        throw new IllegalArgumentException(e.getMessage());
      }
    }
    CheckpointStore.Recovery recovery = store.latestValid();
    for (CheckpointStore.Damaged d : recovery.skipped()) {
      err.println("warning: skipping damaged checkpoint " + d.file() + ": " + d.reason());
    }
    CheckpointStore.Loaded loaded = recovery.loaded().orElseThrow(() -> new IllegalArgumentException(
        "nothing to resume in " + store.dir() + ": no valid checkpoint there (start without --resume, or"
            + " point --checkpoint-dir or --resume at one)"));
    if (!recovery.skipped().isEmpty()) {
      err.println("warning: resuming from the newest valid checkpoint instead: " + loaded.file());
    }
    return loaded.checkpoint();
  }

  /** Every math option given on the command line must agree with the checkpoint. */
  static void requireSameMath(Checkpoint c, TrainingOptions o, ParseResult given) {
    Map<String, Object> t = RunCheckpoint.section(c, "training");
    Map<String, Object> n = RunCheckpoint.section(c, "network");
    Map<String, Object> d = RunCheckpoint.section(c, "data");
    same(given, "--layers", NetworkSpec.canonicalLayers(o.layers, (String) n.get("layers")), n.get("layers"));
    same(given, "--loss", o.loss, n.get("loss"));
    same(given, "--optimizer", o.optimizer, t.get("optimizer"));
    same(given, "--schedule", o.schedule, t.get("schedule"));
    same(given, "--lr", o.lr, ((Number) t.get("lr")).floatValue());
    same(given, "--batch-size", o.batchSize, ((Number) t.get("batch_size")).intValue());
    same(given, "--partitions", o.partitions, ((Number) t.get("partitions")).intValue());
    same(given, "--seed", o.seed, ((Number) t.get("seed")).longValue());
    same(given, "--validation", o.validation, ((Number) t.get("validation")).intValue());
    same(given, "--limit", o.limit, ((Number) t.get("limit")).intValue());
    same(given, "--dataset", o.data.dataset, d.get("dataset"));
  }

  private static void same(ParseResult given, String option, Object value, Object stored) {
    if (!given.hasMatchedOption(option)) {
      return;
    }
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
  static TrainingConfig config(Checkpoint c, TrainingOptions o, ParseResult given) {
    int trained = ((Number) RunCheckpoint.section(c, "training").get("epochs")).intValue();
    int epochs = given.hasMatchedOption("--epochs") ? o.epochs : trained;
    int done = RunCheckpoint.state(c).epoch();
    if (epochs < done) {
      throw new IllegalArgumentException("--epochs " + epochs + " is fewer than the " + done
          + " epochs this run has already trained");
    }
    return RunCheckpoint.config(c, epochs, o.workerCount(), o.threadCount(), o.stepTimeoutDuration());
  }

  /** For a finished run: what it reached, instead of training again. */
  static void printFinished(Checkpoint c, PrintWriter out) {
    var s = RunCheckpoint.state(c);
    out.printf(Locale.ROOT, "this run has already finished: %d epochs, %,d steps%n", s.epoch(), s.globalStep());
    for (var m : s.history()) {
      out.printf(Locale.ROOT, "epoch %d  loss %.4f  train %.2f%%  val %.2f%%%n",
          m.epoch(), m.loss(), 100 * m.trainAccuracy(), 100 * m.validationAccuracy());
    }
    if (c.header().get("test_accuracy") instanceof Number acc) {
      out.printf(Locale.ROOT, "test accuracy %.4f%n", acc.doubleValue());
    }
    out.println("raise --epochs to train further");
    out.println("weights sha256: " + Fingerprint.sha256(c.tensors().get(RunCheckpoint.PARAMS)));
    out.flush();
  }
}
