package org.actorgrad.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.actorgrad.checkpoint.AtomicFiles;
import org.actorgrad.checkpoint.CheckpointException;
import org.actorgrad.checkpoint.CheckpointFormat;
import org.actorgrad.model.Fingerprint;
import org.actorgrad.training.RunCheckpoint;
import org.actorgrad.training.RunObserver;
import org.actorgrad.training.TrainingResult;
import org.actorgrad.training.TrainingRun;

/**
 * What a run's end writes beside its final checkpoint: the model file, the metrics file's last
 * line and the chart. A process killed between the final checkpoint and these (a cluster run
 * waits for its workers to leave there) left a finished checkpoint without them; resuming it
 * completes them from that checkpoint, which holds everything they need.
 */
final class RunEnd {
  private RunEnd() {}

  /**
   * Writes the model file as the run's last step completes, on the coordinator's thread, before
   * anything that waits on other processes (a cluster's workers leaving): a kill in that wait
   * keeps it. A write that fails ends the run with the file's name.
   */
  static RunObserver modelWriter(Path model) {
    return new RunObserver() {
      @Override
      public void finished(TrainingRun run, TrainingResult result) {
        try {
          ModelFile.save(model, run, result);
        } catch (IOException e) {
          throw new UncheckedIOException(e.getMessage(), e);
        }
      }
    };
  }

  /**
   * Writes, from the finished run's checkpoint, whichever of the model file, the metrics file's
   * final line and the chart is missing or stale, and says which in one line. A model or final line
   * is this run's end only when it holds the checkpoint's step and weights (SHA-256): one left by an
   * earlier, shorter run of the same folder (finished at epoch 2, then {@code --resume --epochs 4}
   * killed after its final checkpoint) is replaced. Files already complete are left as they are.
   *
   * @throws IOException when one of them cannot be written (it names the file)
   */
  static void complete(RunCheckpoint.Run finished, Path model, Path metrics, PrintWriter out) throws IOException {
    List<String> written = new ArrayList<>();
    String fingerprint = Fingerprint.sha256(finished.state().params());
    if (!isEndOf(model, finished.state().globalStep(), fingerprint)) {
      TrainingOptions.ensureParent(model);
      AtomicFiles.write(model, o -> CheckpointFormat.write(RunCheckpoint.of(finished), o));
      written.add("the model " + model);
    }
    if (!hasFinalLine(metrics, fingerprint) || !Files.isRegularFile(MetricsFile.chartPath(metrics))) {
      var h = finished.header();
      var s = finished.state();
      MetricsFile file = MetricsFile.create(metrics, s.history(), s.history().size());
      file.finish(new TrainingResult(s.params(), s.history(), h.testLoss(), h.testAccuracy(), s.globalStep()));
      written.add("the metrics " + metrics + " and its chart");
    }
    if (!written.isEmpty()) {
      out.println("this run's end was cut short; completed from its final checkpoint: " + String.join(", ", written));
    }
  }

  /** Whether {@code model} is a readable model of this step with these weights. */
  private static boolean isEndOf(Path model, long step, String fingerprint) throws IOException {
    if (!Files.isRegularFile(model)) {
      return false;
    }
    try {
      var state = RunCheckpoint.read(CheckpointFormat.read(model)).state();
      return state.globalStep() == step && Fingerprint.sha256(state.params()).equals(fingerprint);
    } catch (CheckpointException | IllegalArgumentException unreadable) {
      return false; // damaged: the checkpoint holds what it should be
    }
  }

  /** Whether the metrics file ends with the run's final line, the one with these weights' fingerprint. */
  private static boolean hasFinalLine(Path metrics, String fingerprint) throws IOException {
    if (!Files.isRegularFile(metrics)) {
      return false;
    }
    List<String> lines = Files.readAllLines(metrics, StandardCharsets.UTF_8);
    return !lines.isEmpty() && lines.get(lines.size() - 1).contains("\"weights_sha256\":\"" + fingerprint + "\"");
  }
}
