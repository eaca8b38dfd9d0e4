package org.actorgrad.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.actorgrad.checkpoint.CheckpointStore;
import org.actorgrad.checkpoint.RunLock;
import org.actorgrad.training.RunCheckpoint;
import org.actorgrad.training.RunHeader;

/**
 * Where a run folder's run stands, read from its files alone (nothing is locked or written): it
 * finished (its {@code model.agc} is there), it is still training (a live process holds its
 * {@code run.lock}), or it stopped before its end (a signal, a kill, a crash), at the position of
 * its newest valid checkpoint. The reading commands say this instead of "no model", and name the
 * way on: {@code trainer --resume <its checkpoints folder>}.
 *
 * @param folder the run folder, through {@code runs/latest} to the run it points at now
 * @param pid the process holding the folder's lock (-1: one that wrote no pid), or empty
 * @param newest the newest valid checkpoint, or null
 * @param position that checkpoint's position, or null
 * @param skipped the checkpoints newer than {@code newest} that failed to read, and why (newest first)
 */
record RunStatus(Path folder, boolean finished, OptionalLong pid, Path newest, RunHeader.Position position,
    List<CheckpointStore.Damaged> skipped) {
  static final String MODEL = "model.agc";

  /**
   * The status of {@code folder} when it is a run's folder (it holds {@code model.agc} or a
   * {@code checkpoints} folder), else empty.
   */
  static Optional<RunStatus> of(Path folder) {
    Path real;
    try {
      real = RunOutputs.throughLatest(folder);
    } catch (IOException e) {
      real = folder;
    }
    Path checkpoints = real.resolve("checkpoints");
    // The lock first: a run writes its model before it lets go of the lock, so a run that ends
    // while this reads is seen held or finished, never stopped (read the other way round, a run
    // ending between the two looks stopped: found by a new-user trial).
    java.util.OptionalLong holder = RunLock.heldBy(real);
    boolean finished = Files.isRegularFile(real.resolve(MODEL));
    if (!finished && !Files.isDirectory(checkpoints)) {
      return Optional.empty();
    }
    Path newest = null;
    RunHeader.Position position = null;
    List<CheckpointStore.Damaged> skipped = List.of();
    if (Files.isDirectory(checkpoints)) {
      try {
        CheckpointStore.Recovery recovery = CheckpointStore.recover(checkpoints);
        skipped = recovery.skipped();
        Optional<CheckpointStore.Loaded> loaded = recovery.loaded();
        if (loaded.isPresent()) {
          newest = loaded.get().file();
          position = RunCheckpoint.header(loaded.get().checkpoint()).position();
        }
      } catch (IllegalArgumentException notARunsHeader) {
        // newest stays named, its position unknown: --resume of it will say what is wrong
      } catch (IOException | RuntimeException unreadable) {
        // no readable checkpoint: the status says so (newest stays null)
      }
    }
    return Optional.of(new RunStatus(real, finished, holder, newest, position, skipped));
  }

  /** {@code dir}, or the run folder holding it when it is a run's {@code checkpoints} folder. */
  static Path runFolderOf(Path dir) {
    Path absolute = dir.toAbsolutePath().normalize();
    Path name = absolute.getFileName();
    return name != null && name.toString().equals("checkpoints") && absolute.getParent() != null ? absolute.getParent() : dir;
  }

  Path checkpoints() {
    return folder.resolve("checkpoints");
  }

  /**
   * Where the run stands: {@code finished}, {@code still training (pid N)}, or e.g. {@code stopped
   * at epoch 2, step 3 of 10 (step 13 of the run) before its end}.
   */
  String state() {
    if (finished) {
      return "finished";
    }
    if (pid.isPresent()) {
      return pid.getAsLong() > 0 ? "still training (pid " + pid.getAsLong() + ")" : "still training";
    }
    if (position == null) {
      if (newest == null && !skipped.isEmpty()) {
        return "stopped before its end (its " + skipped.size() + " checkpoint" + (skipped.size() == 1 ? " is" : "s are")
            + " damaged)";
      }
      return newest == null ? "stopped before its first checkpoint" : "stopped before its end (" + newest + " is not a run's checkpoint)";
    }
    return "stopped " + where(position) + " before its end";
  }

  /** {@code at epoch E, step S of N (step G of the run)}, or {@code after epoch E} at an epoch's end. */
  static String where(RunHeader.Position p) {
    if (p.stepInEpoch() == 0) {
      return String.format(Locale.ROOT, "after epoch %d (step %,d of the run)", p.epoch(), p.globalStep());
    }
    return String.format(Locale.ROOT, "at epoch %d, step %d of %d (step %,d of the run)", p.epoch() + 1,
        p.stepInEpoch(), p.stepsPerEpoch(), p.globalStep());
  }

  /** The way on from here, for a run without a model: resume it, or use a checkpoint meanwhile. */
  String wayOn() {
    if (pid.isPresent()) {
      return "its model is written when it ends" + (newest == null ? "" : "; a checkpoint can be used meanwhile: --model " + newest);
    }
    if (newest == null) {
      return "it has no valid checkpoint to continue from: train it again in another --run-dir (or delete "
          + folder + " first)";
    }
    return "continue it with: trainer --resume " + checkpoints() + " (or use its newest checkpoint: --model " + newest + ")";
  }

  /** The one line of a command that wanted the run's model, which is not there. */
  String noModel() {
    return "no model in " + folder + ": the run " + (pid.isPresent() ? "is " : "was ") + state() + "; " + wayOn();
  }
}
