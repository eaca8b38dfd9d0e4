package org.actorgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.actorgrad.checkpoint.Checkpoint;
import org.actorgrad.checkpoint.CheckpointFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InspectCommandTest {
  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {}

  private static Run inspect(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new InspectCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exitCode = cli.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  private static Path golden() throws URISyntaxException {
    return Path.of(InspectCommandTest.class.getResource("/checkpoint/golden-v1.agc").toURI());
  }

  @Test
  void printsEverythingTheGoldenCheckpointHolds() throws Exception {
    Path file = golden();
    Run run = inspect(file.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("", run.err());
    String expected = String.join(System.lineSeparator(),
        "checkpoint  " + file,
        "format      version 1, 1,964 bytes, CRC32C verified",
        "header",
        "  spec.inputs              4",
        "  spec.layers              [{\"type\":\"dense\",\"units\":3,\"activation\":\"relu\"},"
            + "{\"type\":\"dense\",\"units\":2,\"activation\":\"softmax\"}]",
        "  optimizer.name           sgd_momentum",
        "  optimizer.learning_rate  0.1",
        "  optimizer.momentum       0.9",
        "  optimizer.step           12",
        "  schedule.name            step_decay",
        "  schedule.every_epochs    1",
        "  schedule.factor          0.5",
        "  epoch                    2",
        "  step_in_epoch            0",
        "  global_step              12",
        "  seed                     42",
        "  partitions               4",
        "  batch_size               8",
        "  dataset.name             tiny",
        "  dataset.train            48",
        "  dataset.test             16",
        "  dataset.sha256           9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "  metrics                  2 epochs, see below",
        "  val_accuracy             0.625",
        "  finished                 false",
        "  note                     \"golden file of format 1 \u2014 \\\"quoted\\\", back\\\\slash, tab\\t, caf\u00e9 \u2713\"",
        "metrics",
        "  epoch  loss    train_accuracy  val_accuracy",
        "  1      0.6931  0.5000          0.5625",
        "  2      0.4055  0.6875          0.6250",
        "tensors     4, 58 floats",
        "  params          23 floats  92 B",
        "  optim.velocity  23 floats  92 B",
        "  test.special    12 floats  48 B",
        "  test.empty       0 floats  0 B",
        "weights sha256: cd923169a75f04f657f9cf9416091ec2b7f35a2eff0a6b6e1a8dee8ec3fd6349",
        "");
    assertEquals(expected, run.out());
  }

  @Test
  void largeTensorsMissingColumnsAndNoParams() throws Exception {
    Map<String, Object> header = new LinkedHashMap<>();
    Map<String, Object> first = new LinkedHashMap<>();
    first.put("epoch", 1);
    first.put("loss", 0.00012);
    Map<String, Object> second = new LinkedHashMap<>();
    second.put("epoch", 2);
    second.put("seconds", 12.5);
    header.put("metrics", List.of(first, second));
    Map<String, float[]> tensors = new LinkedHashMap<>();
    tensors.put("optim.m", new float[1_000_000]);
    tensors.put("optim.v", new float[1000]);
    Path file = dir.resolve("x.agc");
    CheckpointFormat.write(new Checkpoint(header, tensors), file);

    Run run = inspect(file.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains(String.join(System.lineSeparator(),
        "  epoch  loss       seconds",
        "  1      1.200e-04  -",
        "  2      -          12.5000")), run.out());
    assertTrue(run.out().contains("  optim.m  1,000,000 floats  3.8 MiB"), run.out());
    assertTrue(run.out().contains("  optim.v      1,000 floats  3.9 KiB"), run.out());
    assertTrue(run.out().contains("weights sha256: (no \"params\" tensor)"), run.out());
  }

  @Test
  void aDamagedFileIsOneLineOnStderrAndExitCode1() throws Exception {
    byte[] bytes = Files.readAllBytes(golden());
    bytes[bytes.length / 2] ^= 0x40;
    Path file = Files.write(dir.resolve("ckpt-0000000012.agc"), bytes);
    Run run = inspect(file.toString());
    assertEquals(1, run.exitCode());
    assertEquals("", run.out());
    assertEquals("error: " + file + ": checksum mismatch: the file is damaged (truncated or modified); "
        + "use an older checkpoint from the same directory, or delete this one" + System.lineSeparator(), run.err());
  }

  @Test
  void notACheckpointAndMissingFile() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
    Run run = inspect(text.toString());
    assertEquals(1, run.exitCode());
    assertEquals("error: " + text + ": not an actorgrad checkpoint (bad magic); is this the right path? "
        + "checkpoints start with the bytes AGRDCKPT" + System.lineSeparator(), run.err());

    Run missing = inspect(dir.resolve("nope.agc").toString());
    assertEquals(1, missing.exitCode());
    assertEquals("error: " + dir.resolve("nope.agc") + ": no such file; check the path" + System.lineSeparator(),
        missing.err());
  }

  @Test
  void usageErrorsAndHelp() {
    Run none = inspect();
    assertEquals(2, none.exitCode());
    assertTrue(none.err().contains("Missing required parameter: 'CHECKPOINT'"), none.err());
    Run help = inspect("--help");
    assertEquals(0, help.exitCode());
    assertTrue(help.out().startsWith("Usage: inspect [-hV] CHECKPOINT"), help.out());
  }

  /**
   * A run folder whose newest checkpoint is damaged: inspect names it and why on stderr, one line,
   * and shows the newest usable one (before: it showed the older one without a word).
   */
  @Test
  void aDamagedNewestCheckpointOfARunFolderIsNamedAndTheNewestUsableOneShown() throws Exception {
    Path run = dir.resolve("run");
    TrainCommandTest.Run trained = TrainCommandTest.trainer(ShortRun.checkpointed(run, "--epochs", "1"));
    assertEquals(0, trained.code(), trained.err());
    Files.delete(run.resolve("model.agc")); // as a run stopped before its end
    Path checkpoints = run.resolve("checkpoints");
    List<Path> steps;
    try (var files = Files.list(checkpoints)) {
      steps = files.filter(f -> f.getFileName().toString().startsWith("ckpt-")).sorted().toList();
    }
    assertEquals(2, steps.size(), steps.toString());
    Path newest = steps.get(1);
    byte[] bytes = Files.readAllBytes(newest);
    Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length / 2)); // truncated

    TrainCommandTest.Run r = TrainCommandTest.trainer("inspect", run.toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.err().lines().toList();
    assertEquals(1, lines.size(), r.err());
    assertTrue(lines.get(0).startsWith("warning: skipping damaged checkpoint " + newest + ": truncated: "), r.err());
    assertEquals(lines.get(0).indexOf(newest.toString()), lines.get(0).lastIndexOf(newest.toString()), "named once");
    assertTrue(lines.get(0).endsWith("; showing the newest usable one, " + steps.get(0).getFileName()), r.err());
    assertTrue(r.out().contains("checkpoint  " + steps.get(0) + "\n"), r.out());

    Files.write(steps.get(0), new byte[0]); // every checkpoint damaged: both named, and nothing to show
    r = TrainCommandTest.trainer("inspect", run.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(2, r.err().lines().filter(l -> l.startsWith("warning: skipping damaged checkpoint ")).count(), r.err());
    assertEquals("run         " + run + ": stopped before its end (its 2 checkpoints are damaged); it has no valid"
        + " checkpoint to continue from: train it again in another --run-dir (or delete " + run + " first)",
        r.out().strip());
  }
}
