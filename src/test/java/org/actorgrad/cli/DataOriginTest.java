package org.actorgrad.cli;

import static org.actorgrad.cli.TrainCommandTest.trainer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.actorgrad.checkpoint.Checkpoint;
import org.actorgrad.checkpoint.CheckpointFormat;
import org.actorgrad.cli.TrainCommandTest.Run;
import org.actorgrad.data.DataOrigin;
import org.actorgrad.testing.Datasets;
import org.actorgrad.training.RunCheckpoint;
import org.actorgrad.training.RunHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model trained on {@code --data SOMEDIR} is used without {@code --data} (issue 15, found in
 * review): its header keeps where the data was read from ({@code data.origin}), and evaluate,
 * predict, show and {@code --resume} read the same files again. Before, they looked for (and
 * downloaded) the canonical MNIST, a data set the model was not trained on. Where the origin is
 * unknown (older files) or gone, one line asks for {@code --data} and names the data set.
 * The project folder ({@code actorgrad.home}) is an empty one here: a lookup by name would download.
 */
class DataOriginTest {
  @TempDir Path tmp;
  private String homeBefore;
  private Path home;

  @BeforeEach
  void emptyProjectFolder() throws Exception {
    homeBefore = System.getProperty("actorgrad.home");
    home = Files.createDirectories(tmp.resolve("home"));
    System.setProperty("actorgrad.home", home.toString());
  }

  @AfterEach
  void restore() {
    if (homeBefore == null) {
      System.clearProperty("actorgrad.home");
    } else {
      System.setProperty("actorgrad.home", homeBefore);
    }
  }

  private Path copyOfTheData(String name) throws Exception {
    Path to = Files.createDirectories(tmp.resolve(name));
    try (Stream<Path> files = Files.list(Datasets.mnistOrSynthetic())) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    return to;
  }

  @Test
  void theModelsCommandsAndResumeReadTheDataItWasTrainedOnWithoutData() throws Exception {
    Path digits = copyOfTheData("digits");
    Path run = tmp.resolve("run");
    Run trained = trainer("--data", digits.toString(), "--limit", "600", "--layers", "8:relu,10:softmax",
        "--batch-size", "50", "--workers", "2", "--epochs", "1", "--run-dir", run.toString(), "--no-progress");
    assertEquals(0, trained.code(), trained.err());
    Path model = run.resolve("model.agc");
    RunHeader header = RunCheckpoint.header(CheckpointFormat.read(model));
    assertEquals(new DataOrigin(digits.toAbsolutePath().normalize().toString(), "", ""), header.data().origin());

    Run named = trainer("evaluate", "--model", model.toString(), "--data", digits.toString());
    Run evaluate = trainer("evaluate", "--model", model.toString());
    assertEquals(0, evaluate.code(), evaluate.err());
    assertEquals("", evaluate.err(), "no warning: the same data");
    assertEquals(named.out(), evaluate.out());
    Run predict = trainer("predict", "--index", "3", "--model", model.toString());
    assertEquals(0, predict.code(), predict.err());
    assertEquals(trainer("predict", "--index", "3", "--model", model.toString(), "--data", digits.toString()).out(),
        predict.out());
    Run show = trainer("show", "--index", "3", "--model", model.toString());
    assertEquals(0, show.code(), show.err());
    // Without --model or data options: the run's own model and data, as evaluate and predict read them.
    Run showNewest = trainer("show", "--index", "3", "--run-dir", run.toString());
    assertEquals(0, showNewest.code(), showNewest.err());
    assertEquals(show.out(), showNewest.out());
    Run resumed = trainer("--resume", run.toString(), "--epochs", "2", "--run-dir", run.toString(), "--no-progress");
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.out().contains("resuming at epoch 2, step 1"), resumed.out());
    assertFalse(Files.exists(home.resolve("dataset")), "nothing looked for by name, nothing downloaded");

    // Gone: one line naming the data set, exit 2, and no download.
    Files.move(digits, tmp.resolve("moved"));
    Run gone = trainer("evaluate", "--model", model.toString());
    assertEquals(2, gone.code(), gone.out());
    String identity = "--data is needed: the data the model was trained on, digits (";
    assertTrue(gone.err().startsWith("error: " + identity), gone.err());
    assertTrue(gone.err().strip().endsWith("was read from " + digits.toAbsolutePath().normalize()
        + ", which is not there any more: name those files with --data"), gone.err());
    assertEquals(1, gone.err().strip().lines().count(), gone.err());
    assertEquals(0, trainer("evaluate", "--model", model.toString(), "--data", tmp.resolve("moved").toString()).code());

    // A model written before headers kept the origin still reads; without --data it asks for it.
    Checkpoint c = CheckpointFormat.read(model);
    Map<String, Object> h = new LinkedHashMap<>(c.header());
    @SuppressWarnings("unchecked")
    Map<String, Object> data = new LinkedHashMap<>((Map<String, Object>) h.get("data"));
    data.remove("origin");
    h.put("data", data);
    Path older = tmp.resolve("older.agc");
    CheckpointFormat.write(new Checkpoint(h, c.tensors()), older);
    assertNull(RunCheckpoint.header(CheckpointFormat.read(older)).data().origin());
    for (String command : new String[] {"evaluate", "predict", "show"}) {
      Run r = command.equals("evaluate") ? trainer(command, "--model", older.toString())
          : trainer(command, "--index", "0", "--model", older.toString());
      assertEquals(2, r.code(), command + ": " + r.out());
      assertTrue(r.err().startsWith("error: " + identity), command + ": " + r.err());
      assertTrue(r.err().contains("is not recorded in the model's file"), r.err());
    }
    Run resumeOlder = trainer("--resume", older.toString(), "--epochs", "3", "--run-dir", tmp.resolve("r2").toString());
    assertEquals(2, resumeOlder.code(), resumeOlder.out());
    assertTrue(resumeOlder.err().startsWith("error: " + identity), resumeOlder.err());
    assertFalse(Files.exists(home.resolve("dataset")), "nothing downloaded");
    assertFalse(Files.exists(tmp.resolve("r2")), "a failed start leaves nothing");
  }

  /**
   * CSV files (with --test-data and --shape) and image folders (with --channels and --resize) are
   * found again too: the origin keeps the test file and the resize, the header's shape gives the
   * channels and a CSV's shape. Evaluated without --data, the same figures as with it, and no warning.
   */
  @Test
  void csvFilesAndResizedImageFoldersAreFoundAgainWithTheirOptions() throws Exception {
    Path train = org.actorgrad.testing.DataFiles.writeCsv(tmp.resolve("csv/train.csv"), 0, 120, 2 * 4 * 4, 3, true);
    Path test = org.actorgrad.testing.DataFiles.writeCsv(tmp.resolve("csv/test.csv"), 120, 30, 2 * 4 * 4, 3, true);
    Path shapes = tmp.resolve("shapes");
    org.actorgrad.testing.DataFiles.writePngFolders(shapes, 60, 12, 6, 6, java.util.List.of("circle", "square", "triangle"));
    String[][] runs = {
        {"--data", train.toString(), "--test-data", test.toString(), "--shape", "2x4x4"},
        {"--data", shapes.toString(), "--channels", "3", "--resize", "4x5"}};
    for (int i = 0; i < runs.length; i++) {
      Path run = tmp.resolve("run" + i);
      java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of(runs[i]));
      a.addAll(java.util.List.of("--layers", "8:relu,3:softmax", "--batch-size", "10", "--workers", "1", "--epochs", "1",
          "--run-dir", run.toString(), "--no-progress"));
      Run trained = trainer(a.toArray(String[]::new));
      assertEquals(0, trained.code(), trained.err());
      Path model = run.resolve("model.agc");
      DataOrigin origin = RunCheckpoint.header(CheckpointFormat.read(model)).data().origin();
      assertEquals(i == 0 ? test.toAbsolutePath().normalize().toString() : "", origin.testPath());
      assertEquals(i == 0 ? "" : "4x5", origin.resize());
      java.util.List<String> named = new java.util.ArrayList<>(java.util.List.of("evaluate", "--model", model.toString()));
      named.addAll(java.util.List.of(runs[i]));
      Run withData = trainer(named.toArray(String[]::new));
      assertEquals(0, withData.code(), withData.err());
      Run without = trainer("evaluate", "--model", model.toString());
      assertEquals(0, without.code(), without.err());
      assertEquals("", without.err());
      assertEquals(withData.out(), without.out());
    }
    assertFalse(Files.exists(home.resolve("dataset")), "nothing looked for by name");
  }
}
