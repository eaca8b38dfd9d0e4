package org.actorgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.actorgrad.cli.TrainCommandTest.Run;
import org.actorgrad.testing.SyntheticIdx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The end-of-run line counts the checkpoints written AND the files that remain (it said "6" where 5 remained). */
class CheckpointReportTest {
  @TempDir Path tmp;

  @Test
  void theEndOfRunLineCountsTheCheckpointFilesThatRemain() throws Exception {
    Path data = SyntheticIdx.write(tmp.resolve("data"), 600, 100, 3);
    Path run = tmp.resolve("run");
    Run r = TrainCommandTest.trainer("--data", data.toString(), "--epochs", "1", "--layers", "16:relu,10:softmax",
        "--batch-size", "50", "--run-dir", run.toString(), "--no-progress", "--checkpoint-every", "2 steps",
        "--keep", "2");
    assertEquals(0, r.code(), r.out() + r.err());
    Matcher m = Pattern.compile("(\\d+) checkpoints written, (\\d+) kept( plus best\\.agc)? in ").matcher(r.out());
    assertTrue(m.find(), r.out());
    long files;
    try (Stream<Path> list = Files.list(run.resolve("checkpoints"))) {
      files = list.filter(f -> f.getFileName().toString().matches("ckpt-.*\\.agc")).count();
    }
    assertEquals(2, files, "--keep 2");
    assertEquals(String.valueOf(files), m.group(2), r.out());
    assertTrue(Integer.parseInt(m.group(1)) > files, "more were written than kept: " + r.out());
    assertEquals(Files.exists(run.resolve("checkpoints/best.agc")), m.group(3) != null, r.out());
  }
}
