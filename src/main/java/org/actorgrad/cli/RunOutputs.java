package org.actorgrad.cli;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.actorgrad.checkpoint.CheckpointException;
import org.actorgrad.checkpoint.CheckpointFormat;
import org.actorgrad.checkpoint.CheckpointStore;
import org.actorgrad.checkpoint.RunLock;
import org.actorgrad.checkpoint.RunsFolder;
import org.actorgrad.checkpoint.UnusableFileException;
import org.actorgrad.training.RunCheckpoint;

/**
 * Where one run's files go: a folder that belongs to that run alone.
 *
 * <ul>
 *   <li>{@code --run-dir .../latest} (the default, {@code runs/latest}) names the pointer of a
 *       runs folder ({@link RunsFolder}): a new run gets a folder of its own, {@code runs/<id>/},
 *       and {@code latest} points at it once the run has started; {@code --resume} alone resumes
 *       the run {@code latest} points at and says which.
 *   <li>Any other {@code --run-dir DIR} is that folder. A new run is refused, naming the ways out,
 *       when it (or {@code --checkpoint-dir}, {@code --model-out}, {@code --metrics}) already holds
 *       another run's files: nothing of another run is overwritten or pruned.
 * </ul>
 *
 * {@link #decide} locks ({@link RunLock}) the folders that exist and that the run will write
 * into or pick its checkpoint from, before it reads anything in them: two processes started at once
 * on one run folder cannot both choose what to resume (the second is told the first's pid and
 * changes nothing). It creates nothing; {@link #claim} creates the missing folders and locks them
 * once the data is loaded and the run planned, so a start that fails on the data or an option
 * leaves nothing behind; {@link #abandonIfEmpty} removes, after a failure, what {@link #claim}
 * made and nothing wrote into.
 */
final class RunOutputs implements AutoCloseable {
  private final TrainingOptions o;
  private final RunsFolder runs; // null: --run-dir is the run's folder itself
  private final boolean fresh;
  private final Path resumeSource; // a checkpoint file or a checkpoint folder; null for a new run
  private final String resumeNote; // the line that says which run is resumed, or null
  private Path folder; // null until claimed when the run gets a new folder under runs
  private String runId; // a new run's new id; a resumed run's, once known (resuming)
  private final List<Path> made = new ArrayList<>(); // folders claim() created, parents first
  private final List<RunLock> locks = new ArrayList<>();
  private boolean metricsExisted;
  private String resumedId; // the run id the resumed checkpoint holds ("" for a run older than ids); null for a new run
  private Optional<Path> before; // what latest pointed at before announce(); null if it was not moved

  private RunOutputs(TrainingOptions o, RunsFolder runs, Path folder, boolean fresh, Path resumeSource,
      String resumeNote) {
    this.o = o;
    this.runs = runs;
    this.folder = folder;
    this.fresh = fresh;
    this.resumeSource = resumeSource;
    this.resumeNote = resumeNote;
    this.runId = fresh ? RunsFolder.newId() : null;
  }

  /**
   * Decides the run's folder and what a resume reads, and locks the folders of it that exist (a
   * {@code run.lock} in each) before reading anything in them; creates no folder.
   *
   * @throws IllegalArgumentException one line when a new run would write into another run's files;
   *     an {@link UnusableFileException} when there is nothing to resume
   * @throws IllegalStateException when another process holds one of the run's folders (naming its pid)
   */
  static RunOutputs decide(TrainingOptions o) throws IOException {
    RunOutputs outputs = choose(o);
    try {
      outputs.lockExisting();
      if (outputs.fresh) {
        outputs.requireNoOtherRun(); // under the lock: what is there now stays there
      }
    } catch (IOException | RuntimeException e) {
      outputs.abandonIfEmpty();
      throw e;
    }
    return outputs;
  }

  /** Which folders the run uses, from the options and {@code runs/latest} alone: nothing in a run folder is read. */
  private static RunOutputs choose(TrainingOptions o) throws IOException {
    RunsFolder runs = RunsFolder.isPointer(o.runDir) ? new RunsFolder(parent(o.runDir)) : null;
    Path checkpointDir = o.givenCheckpointDir();
    if (o.resume == null) {
      return new RunOutputs(o, runs, runs == null ? o.runDir : null, true, null, null);
    }
    if (o.resume.isEmpty()) {
      if (runs == null) {
        return new RunOutputs(o, null, o.runDir, false, checkpointDir != null ? checkpointDir : o.runDir.resolve("checkpoints"), null);
      }
      Path newest = runs.latest().orElse(null);
      if (checkpointDir != null) { // those checkpoints' run: its model and metrics in a folder of their own
        return new RunOutputs(o, runs, null, false, checkpointDir, null);
      }
      if (newest == null) {
        throw new UnusableFileException("nothing to resume: no run in " + runs.root()
            + " yet (start without --resume, or give --resume a run folder or checkpoint)");
      }
      if (!Files.isDirectory(newest)) {
        throw new UnusableFileException("nothing to resume: the newest run, " + newest + ", is gone"
            + " (give --resume a run folder or checkpoint)");
      }
      return new RunOutputs(o, runs, newest, false, newest.resolve("checkpoints"),
          "resuming the newest run, " + newest.getFileName() + " (" + newest + ")");
    }
    // Through runs/latest: the run it points at now, once. Kept as typed, the path would follow
    // latest wherever another run moves it, and this run would write into that run's folder.
    Path given = throughLatest(Path.of(o.resume));
    Path ownFolder; // the folder the resumed run's files live in, when the path shows it
    Path source;
    if (Files.isDirectory(given)) {
      boolean runFolder = Files.isDirectory(given.resolve("checkpoints")) || Files.exists(given.resolve("model.agc"));
      source = runFolder ? given.resolve("checkpoints") : given;
      ownFolder = runFolder ? given : parentIfNamed(given, "checkpoints");
    } else if (Files.isRegularFile(given)) {
      source = given;
      Path parent = given.toAbsolutePath().getParent();
      if (Files.isDirectory(parent.resolve("checkpoints"))) { // a run's model.agc
        ownFolder = given.getParent() != null ? given.getParent() : parent;
      } else { // one of a run's checkpoints, or a file of no run folder
        ownFolder = parentIfNamed(given.getParent(), "checkpoints");
      }
    } else {
      throw new UnusableFileException("--resume " + o.resume + ": no such checkpoint file or run folder");
    }
    Path folder = runs == null ? o.runDir : ownFolder; // null: a folder of its own under runs
    return new RunOutputs(o, runs, folder, false, source, null);
  }

  /**
   * Locks, before anything in them is read, the folders of this run that exist: its folder and a
   * {@code --checkpoint-dir} outside it; and refuses a resume whose source folder, outside those,
   * is held by another process: the run folder holding that {@code checkpoints/} (which is what its
   * training process holds; told by its {@code run.lock}), else the folder itself. A folder that
   * does not exist yet is created and locked by {@link #claim}.
   *
   * @throws IllegalStateException when another process holds one (naming its pid)
   */
  private void lockExisting() throws IOException {
    if (folder != null && Files.isDirectory(folder)) {
      lock(folder, "the run folder " + folder);
      metricsExisted = Files.exists(metricsPath());
    }
    Path given = o.givenCheckpointDir();
    if (given != null && Files.isDirectory(given) && !inside(given)) {
      lock(given, "--checkpoint-dir " + given);
    }
    if (resumeSource != null && Files.isDirectory(resumeSource)) {
      Path owner = parentIfNamed(resumeSource, "checkpoints");
      owner = owner != null && Files.exists(owner.resolve(RunLock.FILE)) ? owner : resumeSource;
      // A source outside this run's folders (a resume into another --run-dir) is only read: it is
      // refused while another process trains in it, but not locked, since a lock held for the
      // whole run would keep its own run out (and a read-only folder cannot take one).
      OptionalLong holder = inside(owner) ? OptionalLong.empty() : RunLock.heldBy(owner);
      if (holder.isPresent()) {
        throw new IllegalStateException("the run folder " + owner + " is in use by another training process ("
            + (holder.getAsLong() > 0 ? "pid " + holder.getAsLong() : "its pid is not written yet")
            + "): wait for it to end, or resume from its newest checkpoint file");
      }
    }
  }

  /** Whether {@code dir} is a folder already locked, or inside one. */
  private boolean inside(Path dir) {
    Path d = absolute(dir);
    return locks.stream().anyMatch(l -> d.startsWith(lockedFolder(l)));
  }

  /** Whether {@code dir} itself is a folder already locked. */
  private boolean isLocked(Path dir) {
    Path d = absolute(dir);
    return locks.stream().anyMatch(l -> d.equals(lockedFolder(l)));
  }

  private static Path lockedFolder(RunLock lock) {
    return absolute(lock.file().getParent());
  }

  private void lock(Path dir, String what) throws IOException {
    if (!isLocked(dir)) {
      locks.add(RunLock.acquire(dir, what));
    }
  }

  /**
   * {@code path} with a {@code latest} link in it ({@code runs/latest}, {@code runs/latest/model.agc},
   * ...), or ending in a {@code latest} pointer file (where the file system has no links), replaced
   * by the run folder it points at now; other paths as they are.
   */
  static Path throughLatest(Path path) throws IOException {
    for (int i = path.getNameCount(); i >= 1; i--) {
      Path prefix = path.getRoot() == null ? path.subpath(0, i) : path.getRoot().resolve(path.subpath(0, i));
      boolean pointerFile = i == path.getNameCount() && Files.isRegularFile(prefix, java.nio.file.LinkOption.NOFOLLOW_LINKS);
      if (prefix.getFileName().toString().equals(RunsFolder.LATEST) && (Files.isSymbolicLink(prefix) || pointerFile)) {
        Optional<Path> run;
        try {
          run = new RunsFolder(parent(prefix)).latest();
        } catch (IOException notAPointer) { // a file named latest that holds no run id: taken as given
          return path;
        }
        if (run.isPresent()) {
          Path rest = i < path.getNameCount() ? path.subpath(i, path.getNameCount()) : null;
          return rest == null ? run.get() : run.get().resolve(rest);
        }
      }
    }
    return path;
  }

  private static Path parent(Path runDir) {
    Path parent = runDir.getParent();
    return parent != null ? parent : runDir.toAbsolutePath().getParent();
  }

  private static Path parentIfNamed(Path dir, String name) {
    return dir != null && dir.getFileName() != null && dir.getFileName().toString().equals(name) ? dir.getParent() : null;
  }

  /**
   * The resumed run's id is {@code stored}, from its checkpoint; a run written before runs had
   * ids takes its folder's name when that is an id, else a new id.
   */
  void resuming(String stored) throws IOException {
    resumedId = stored;
    requireOwnFiles();
    if (!stored.isEmpty()) {
      runId = stored;
    } else if (folder != null && folder.getFileName() != null && RunsFolder.isRunId(folder.getFileName().toString())) {
      runId = folder.getFileName().toString();
    } else {
      runId = RunsFolder.newId();
    }
  }

  /** The run's id, recorded in every checkpoint it writes; a new folder under runs is named by it. */
  String runId() {
    return runId;
  }

  /** What {@code Resumption} reads: a checkpoint file, or a folder whose newest valid checkpoint is resumed. */
  Path resumeSource() {
    return resumeSource;
  }

  /** The line saying which run {@code --resume} alone picked, or null. */
  String resumeNote() {
    return resumeNote;
  }

  /**
   * Creates the run's missing folders and locks those {@link #decide} did not; for a new run, checks
   * again (under the lock) that no other run's files are there.
   *
   * @throws IllegalStateException when another process holds a folder (naming its pid)
   */
  void claim() throws IOException {
    boolean lockedBefore = folder != null && isLocked(folder);
    if (!lockedBefore) {
      metricsExisted = (folder != null || o.metrics != null) && Files.exists(metricsPath());
    }
    try {
      if (folder == null) {
        made.addAll(missing(runs.root()));
        folder = runs.createRun(runId);
        made.add(absolute(folder));
      } else {
        create(folder);
      }
      lock(folder, "the run folder " + folder);
      if (!metricsExisted) { // again, under the lock: what is there now is not this process's
        metricsExisted = Files.exists(metricsPath());
      }
      Path checkpoints = checkpointDir();
      create(checkpoints);
      if (!absolute(checkpoints).startsWith(absolute(folder))) {
        lock(checkpoints, "--checkpoint-dir " + checkpoints);
      }
      if (fresh) {
        requireNoOtherRun();
      } else if (resumedId != null) {
        requireOwnFiles(); // again, under the lock
      }
    } catch (IOException | RuntimeException e) {
      abandonIfEmpty();
      throw e;
    }
  }

  /**
   * Makes {@code runs/latest} point at this run, when it has a new folder there: as soon as the
   * run starts, so that {@code --resume} after a kill finds it.
   */
  void announce() throws IOException {
    if (runs != null && made.contains(absolute(folder))) {
      before = runs.latest();
      runs.pointLatestAt(folder);
    }
  }

  /** The run's folder (after {@link #claim} for a new folder under runs). */
  Path folder() {
    return folder;
  }

  Path checkpointDir() {
    Path given = o.givenCheckpointDir();
    return given != null ? given : folder.resolve("checkpoints");
  }

  Path modelPath() {
    return o.modelOut != null ? o.modelOut : folder.resolve("model.agc");
  }

  Path metricsPath() {
    return o.metrics != null ? o.metrics : folder.resolve("metrics.jsonl");
  }

  /**
   * A new run's files would overwrite or mix with another run's: refused, with the ways out. The
   * lock file and an empty metrics file are no run: a run killed before its first epoch and first
   * checkpoint leaves nothing to keep, and starting it again is what its user wants.
   */
  private void requireNoOtherRun() throws IOException {
    if (folder != null && o.givenCheckpointDir() == null && CheckpointStore.holdsCheckpoints(folder.resolve("checkpoints"))
        || folder != null && (o.modelOut == null && Files.exists(folder.resolve("model.agc"))
            || o.metrics == null && holdsData(folder.resolve("metrics.jsonl")))) {
      String out = runs == null && folder.equals(o.runDir) && o.runDir.getFileName() != null
          && o.runDir.getFileName().toString().equals(RunsFolder.LATEST)
          ? " (a run folder of an older actorgrad: rename it, e.g. mv " + folder + " " + folder + "-old, and"
              + " runs/latest will point at each new run's own folder)"
          : "";
      throw new IllegalArgumentException("--run-dir " + folder + " holds another run's files" + out
          + ": continue that run with --resume, or choose another --run-dir (without --run-dir each run"
          + " gets a folder of its own under runs/)");
    }
    Path checkpoints = o.givenCheckpointDir();
    if (checkpoints != null && CheckpointStore.holdsCheckpoints(checkpoints)) {
      throw new IllegalArgumentException("--checkpoint-dir " + checkpoints + " holds another run's checkpoints:"
          + " continue that run with --resume, or choose another --checkpoint-dir");
    }
    if (o.modelOut != null && Files.exists(o.modelOut)) {
      throw new IllegalArgumentException("--model-out " + o.modelOut + " exists: choose another file (or move it"
          + " away); a new run does not overwrite another run's model");
    }
    if (o.metrics != null && holdsData(o.metrics)) {
      throw new IllegalArgumentException("--metrics " + o.metrics + " exists: choose another file (or move it"
          + " away); a new run does not overwrite another run's metrics");
    }
  }

  /**
   * A resumed run writes checkpoints (and prunes them) and replaces the model: where those are
   * another run's, refused. Told by the run id in their headers; where one side is of a run older
   * than ids, checkpoints by their place (the resumed checkpoint must be among them), and a model
   * is not refused.
   */
  private void requireOwnFiles() throws IOException {
    Path checkpoints = folder != null || o.givenCheckpointDir() != null ? checkpointDir() : null;
    if (checkpoints != null && CheckpointStore.holdsCheckpoints(checkpoints)) {
      Optional<String> theirs = newestRunId(checkpoints);
      String their = theirs.orElse("");
      boolean other = !their.isEmpty() && !resumedId.isEmpty() ? !their.equals(resumedId)
          : !absolute(resumeSource).startsWith(absolute(checkpoints));
      if (other) {
        throw new IllegalArgumentException("--resume " + resumeArgument() + " is not a checkpoint of the run in "
            + checkpoints + ", which holds another run's checkpoints" + named(theirs) + ": resume it into another"
            + " --run-dir or --checkpoint-dir (or without them, into a folder of its own under runs/)");
      }
    }
    Path model = o.modelOut != null || folder != null ? modelPath() : null;
    if (model != null && Files.isRegularFile(model)) {
      Optional<String> theirs = runIdOf(model);
      if (theirs.isPresent() && !theirs.get().isEmpty() && !resumedId.isEmpty() && !theirs.get().equals(resumedId)) {
        throw new IllegalArgumentException((o.modelOut != null ? "--model-out " : "") + model + " is another run's"
            + " model" + named(theirs) + ": a resumed run does not overwrite it; choose another --model-out");
      }
    }
  }

  private String resumeArgument() {
    return o.resume.isEmpty() ? resumeSource.toString() : o.resume;
  }

  private static String named(Optional<String> id) {
    return id.filter(s -> !s.isEmpty()).map(s -> " (run " + s + ")").orElse("");
  }

  /** The run id of the newest readable checkpoint in {@code dir} (best.agc last); empty when none can be read. */
  private static Optional<String> newestRunId(Path dir) throws IOException {
    List<Path> files;
    try (var list = Files.list(dir)) {
      files = list.filter(p -> p.getFileName().toString().matches("ckpt-\\d+\\.agc"))
          .sorted(java.util.Comparator.reverseOrder()).collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    }
    files.add(dir.resolve(CheckpointStore.BEST));
    for (Path file : files) {
      Optional<String> id = runIdOf(file);
      if (id.isPresent()) {
        return id;
      }
    }
    return Optional.empty();
  }

  /** The run id in a checkpoint's or model's header ("" for a run older than ids); empty when it cannot be read. */
  private static Optional<String> runIdOf(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(RunCheckpoint.header(CheckpointFormat.read(file)).runId());
    } catch (CheckpointException | RuntimeException unreadable) {
      return Optional.empty(); // damaged or not a run's: says nothing about whose it is
    }
  }

  private static boolean holdsData(Path file) throws IOException {
    return Files.exists(file) && (!Files.isRegularFile(file) || Files.size(file) > 0);
  }

  /** Creates {@code dir} and its missing parents, remembering which it made. */
  private void create(Path dir) throws IOException {
    List<Path> missing = missing(dir);
    Files.createDirectories(dir);
    made.addAll(missing);
  }

  /** {@code dir} and those of its parents that do not exist, outermost first. */
  private static List<Path> missing(Path dir) {
    List<Path> missing = new ArrayList<>();
    for (Path p = absolute(dir); p != null && !Files.exists(p); p = p.getParent()) {
      missing.add(0, p);
    }
    return missing;
  }

  /**
   * After a failed start: releases the locks (their files go, as at any end of a run), removes
   * the empty metrics file and the empty folders that {@link #claim} and the start made, innermost
   * first; anything holding data stays.
   */
  synchronized void abandonIfEmpty() throws IOException {
    // Only under this process's lock on the folder: without it (another process holds the folder)
    // the empty metrics file may be that process's, just made.
    if (folder != null && !metricsExisted && !locks.isEmpty()) {
      Path metrics = metricsPath();
      if (Files.isRegularFile(metrics) && Files.size(metrics) == 0) {
        Files.delete(metrics);
      }
    }
    for (RunLock lock : locks) {
      lock.close(); // removes its file too
    }
    locks.clear();
    for (int i = made.size() - 1; i >= 0; i--) {
      removeIfEmpty(made.get(i));
    }
    // latest must not point at a folder that is gone; where another run has moved it since, it stays.
    if (before != null && !Files.exists(folder)
        && runs.latest().map(l -> l.getFileName().equals(folder.getFileName())).orElse(false)) {
      if (before.isPresent()) {
        runs.pointLatestAt(before.get());
      } else {
        Files.deleteIfExists(runs.latestPointer());
        if (made.contains(absolute(runs.root()))) {
          removeIfEmpty(absolute(runs.root()));
        }
      }
    }
    before = null;
  }

  private static Path absolute(Path p) {
    return p.toAbsolutePath().normalize();
  }

  private static void removeIfEmpty(Path dir) throws IOException {
    try {
      Files.deleteIfExists(dir);
    } catch (DirectoryNotEmptyException holdsSomething) {
      // a file was written there: it stays
    }
  }

  /** Releases the locks and removes their files (the run has ended). */
  @Override
  public void close() throws IOException {
    for (RunLock lock : locks) {
      lock.close();
    }
    locks.clear();
  }
}
