package org.actorgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.actorgrad.checkpoint.RunsFolder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RunOutputs} on real folders: where a resumed or new run writes, decided before anything
 * moves {@code runs/latest} or another process acts.
 */
class RunOutputsTest {
  @TempDir Path tmp;

  private static TrainingOptions options(Path runDir, String resume) {
    TrainingOptions o = new TrainingOptions();
    o.runDir = runDir;
    o.resume = resume;
    return o;
  }

  /** A finished run's folder: a checkpoint and a model (their bytes are not read here). */
  private static Path runFolder(RunsFolder runs, String id) throws Exception {
    Path run = runs.createRun(id);
    Files.createDirectories(run.resolve("checkpoints"));
    Files.writeString(run.resolve("checkpoints/ckpt-000000000010.agc"), "checkpoint");
    Files.writeString(run.resolve("model.agc"), "model");
    return run;
  }

  @ParameterizedTest
  @ValueSource(strings = {"latest", "latest/model.agc", "latest/checkpoints/ckpt-000000000010.agc", "latest/checkpoints"})
  void resumingThroughLatestKeepsWritingIntoThatRunsFolderWhenLatestMoves(String through) throws Exception {
    RunsFolder runs = new RunsFolder(tmp.resolve("runs"));
    Path a = runFolder(runs, "20261207-050000-aaaa");
    runs.pointLatestAt(a);
    RunOutputs outputs = RunOutputs.decide(options(runs.latestPointer(), runs.root().resolve(through).toString()));
    outputs.resuming("20261207-050000-aaaa");

    Path b = runFolder(runs, "20261207-060000-bbbb"); // another run starts meanwhile: latest moves
    runs.pointLatestAt(b);

    try (outputs) {
      outputs.claim();
      Path real = a.toRealPath();
      assertEquals(real, outputs.folder().toRealPath(), "the resumed run's folder");
      assertEquals(real.resolve("checkpoints"), outputs.checkpointDir().toRealPath());
      assertEquals(real.resolve("model.agc"), outputs.modelPath().getParent().toRealPath().resolve("model.agc"));
      assertEquals(real, outputs.metricsPath().toAbsolutePath().getParent().toRealPath());
      assertEquals(true, outputs.resumeSource().toRealPath().startsWith(real), "resumes " + outputs.resumeSource());
    }
    assertEquals(java.util.List.of("checkpoints", "model.agc"), list(b), "nothing written into the other run's folder");
  }

  private static java.util.List<String> list(Path dir) throws Exception {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
