package org.actorgrad.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.actorgrad.checkpoint.Checkpoint;
import org.actorgrad.checkpoint.CheckpointFormat;
import org.actorgrad.testing.Datasets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input a user can type, as a table: each row is a command line and a piece of the one
 * line the user must get on stderr (what is wrong, and what to do). Every row must also exit with
 * its kind's code (README, "Exit codes": 2 for a usage error, 1 for a failure), print no stack trace, and leave every file in the fixture folder byte for byte as it
 * was and add none.
 *
 * <p>Tests run as root here, so a folder made read-only stops nobody; an output folder that cannot
 * be created is one whose path runs through a regular FILE ({@code $FILE/...}), which fails for
 * root too.
 */
class BadInputTest {
  @TempDir static Path fixture;

  /** A port this test listens at on 127.0.0.1 for its whole run: "a port already in use". */
  private static ServerSocket busy;

  /** Placeholders in the table, filled in by {@link #setUp}. */
  private static final Map<String, String> PLACES = new LinkedHashMap<>();

  @BeforeAll
  static void setUp() throws Exception {
    Path mnist = Datasets.mnistOrSynthetic();
    Path file = fixture.resolve("a-file.txt");
    Files.writeString(file, "not a folder, not a checkpoint\n");
    Files.createDirectories(fixture.resolve("empty-checkpoints"));
    // A real model of a tiny network, and the same run's checkpoint rewritten for 64 inputs.
    Path run = fixture.resolve("run");
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"--data", mnist.toString(), "--limit", "200", "--validation", "50",
        "--epochs", "1", "--batch-size", "50", "--layers", "1:relu,10:softmax", "--workers", "1",
        "--run-dir", run.toString(), "--no-progress"}, new PrintWriter(new StringWriter()), new PrintWriter(err));
    assertEquals(0, code, err.toString());
    Path model = run.resolve("model.agc");
    Path model64 = fixture.resolve("model-64-inputs.agc");
    CheckpointFormat.write(withInputs(CheckpointFormat.read(model), 64), model64);
    Path golden = fixture.resolve("golden-v1.agc"); // a valid checkpoint, but not of a training run
    try (var in = BadInputTest.class.getResourceAsStream("/checkpoint/golden-v1.agc")) {
      Files.copy(in, golden);
    }
    busy = new ServerSocket();
    busy.bind(new InetSocketAddress("127.0.0.1", 0));
    PLACES.put("$BUSY", "127.0.0.1:" + busy.getLocalPort());
    try (ServerSocket free = new ServerSocket()) { // a port nobody listens at once it is closed
      free.bind(new InetSocketAddress("127.0.0.1", 0));
      PLACES.put("$NOBODY", "127.0.0.1:" + free.getLocalPort());
    }
    Files.write(fixture.resolve("bomb.png"), org.actorgrad.testing.DataFiles.pngDeclaring(30_000, 30_000));
    Files.writeString(fixture.resolve("misspelt.conf"), "actorgrad.training.epocs = 1\n");
    Files.writeString(fixture.resolve("toplevel.conf"), "epochs = 1\n");
    Files.writeString(fixture.resolve("three.conf"), "actorgrad.training.epochs = three\n");
    Files.writeString(fixture.resolve("bad.csv"), "label,a,b,c,d\n1,0,0,0,0\n0,1,2,x7,4\n");
    org.actorgrad.testing.DataFiles.writeIdx(fixture.resolve("letters"), 52, 26, 4, 4, 26);
    PLACES.put("$GOLDEN", golden.toString());
    PLACES.put("$MNIST", mnist.toString());
    PLACES.put("$TMP", fixture.toString());
    PLACES.put("$FILE", file.toString());
    PLACES.put("$MODEL64", model64.toString());
    PLACES.put("$MODEL", model.toString());
  }

  /**
   * name | the piece of stderr that must appear | the command line (split on spaces, or on '|'
   * when an argument holds a space or a line break).
   */
  static Stream<Row> table() {
    // Every training row names its data, so a row that passes validation by mistake fails on the
    // data and never downloads: NODATA for rows that must fail before any data is read.
    String nodata = " --run-dir $TMP/r --data $TMP/no-data";
    String train = "--data $MNIST --limit 200 --validation 50 --epochs 1 --layers 1:relu,10:softmax --no-progress";
    return Stream.of(
        row("negative workers", "--workers must be at least 1, got -1", "--workers -1" + nodata),
        row("zero workers", "--workers must be at least 1, got 0", "--workers 0" + nodata),
        row("negative partitions", "--partitions must be", "--partitions -2" + nodata),
        row("zero partitions", "--partitions must be at least 1, got 0", "--partitions 0" + nodata),
        row("zero threads", "--threads must be at least 1, got 0", "--threads 0" + nodata),
        row("coordinator with zero partitions", "--partitions must be at least 1, got 0",
            "coordinator --min-workers 1 --partitions 0" + nodata),
        row("zero batch", "--batch-size must be at least 1", "--batch-size 0" + nodata),
        row("negative batch", "--batch-size must be at least 1", "--batch-size -64" + nodata),
        row("zero epochs", "--epochs must be at least 1", "--epochs 0" + nodata),
        row("negative epochs", "--epochs must be at least 1", "--epochs -3" + nodata),
        row("zero lr", "--lr must be a positive number", "--lr 0" + nodata),
        row("negative lr", "--lr must be a positive number", "--lr -0.1" + nodata),
        row("NaN lr", "--lr must be a positive number", "--lr NaN" + nodata),
        row("infinite lr", "--lr must be a positive number", "--lr Infinity" + nodata),
        row("zero keep", "--keep must be at least 1", "--keep 0" + nodata),
        row("non-numeric workers", "'two' is not an int (see 'trainer --help')", "--workers two" + nodata),
        row("non-numeric batch", "'12x' is not an int", "--batch-size 12x" + nodata),
        row("fractional epochs", "'1.5' is not an int", "--epochs 1.5" + nodata),
        row("non-numeric lr", "'fast' is not a float", "--lr fast" + nodata),
        row("non-numeric seed", "'abc' is not a long", "--seed abc" + nodata),
        row("bad duration", "not a duration: '5 parsecs'", "--step-timeout|5 parsecs|--run-dir|$TMP/r|--data|$TMP/no-data"),
        row("unknown flag", "Unknown options: '--wrokers', '2'; did you mean --workers?", "--wrokers 2" + nodata),
        row("unknown flag of a subcommand", "Unknown options: '--modle', '$MODEL'; did you mean --model?",
            "evaluate --modle $MODEL --data $MNIST"),
        row("unknown subcommand argument", "Unmatched argument", "inspect $MODEL extra"),
        row("activation typo", "unknown activation 'rleu' in layer 1", "--layers 128:rleu,10:softmax" + nodata),
        row("missing colon", "expected size:activation[:dropout=p] in layer 1", "--layers 128relu,10:softmax" + nodata),
        row("trailing comma", "empty layer in layer 3", "--layers 128:relu,10:softmax," + nodata),
        row("softmax not last", "softmax is only allowed in the last layer", "--layers 10:softmax,10:softmax" + nodata),
        row("dropout out of range", "dropout must be in [0, 1)", "--layers 128:relu:dropout=1.5,10:softmax" + nodata),
        row("line break in a layer spec", "unknown activation 're\\nlu' in layer 1",
            "--layers|128:re\nlu,10:softmax|--run-dir|$TMP/r|--data|$TMP/no-data"),
        row("unknown optimizer", "adma", "--optimizer adma" + nodata),
        // Too large for this JVM: one line before the run claims a folder (an OutOfMemoryError or an
        // integer overflow inside a worker before, and an empty run folder left behind).
        row("conv outputs longer than an array", "an array of 2,163,200,320 floats, more than one Java array holds",
            "--data $MNIST --limit 200 --validation 50 --epochs 1 --workers 2 --batch-size 64 --layers conv:100000:3x3:relu,10:softmax"
                + " --run-dir $TMP/r --no-progress"),
        row("dense layer beyond the heap", "the network needs at least ",
            "--data $MNIST --limit 200 --validation 50 --epochs 1 --layers 1000000:relu,10:softmax --run-dir $TMP/r"
                + " --no-progress"),
        row("unknown loss", "unknown loss 'hinge'", "--loss hinge" + nodata),
        failure("data folder missing", "--data $TMP/no-data: no such folder, expected a folder holding", "--epochs 1" + nodata),
        failure("data is a file", "--data $FILE: is not a folder", "--epochs 1 --run-dir $TMP/r --data $FILE"),
        failure("data folder without the files", "--data $TMP/empty-checkpoints: missing train-images-idx3-ubyte(.gz)",
            "--epochs 1 --run-dir $TMP/r --data $TMP/empty-checkpoints"),
        // A named file that is not there is a failure, as a missing --data folder (it exited 2, that 1).
        failure("config file missing", "--config $TMP/no-such.conf: no such file", "--config $TMP/no-such.conf" + nodata),
        failure("config is a folder", "--config $TMP: is a folder, not a file", "--config $TMP" + nodata),
        row("config that does not parse", "--config $FILE: ", "--config $FILE" + nodata),
        row("config with a misspelt key", "--config $TMP/misspelt.conf: unknown key 'actorgrad.training.epocs'; did you mean"
            + " actorgrad.training.epochs?", "--config $TMP/misspelt.conf" + nodata),
        row("config with a bad value", "Invalid value for option '--epochs': 'three' is not an int; the value is"
            + " --config $TMP/three.conf's actorgrad.training.epochs", "--config $TMP/three.conf" + nodata),
        row("config with an option outside actorgrad.training", "--config $TMP/toplevel.conf: unknown key 'epochs'; did"
            + " you mean actorgrad.training.epochs?", "--config $TMP/toplevel.conf" + nodata),
        row("checkpoint dir under a file", "--checkpoint-dir $FILE/checkpoints: $FILE is a file, not a folder",
            train + " --run-dir $TMP/r --checkpoint-dir $FILE/checkpoints"),
        row("run dir under a file", "--run-dir $FILE/run: $FILE is a file, not a folder", train + " --run-dir $FILE/run"),
        row("model out under a file", "--model-out $FILE/model.agc: $FILE is a file, not a folder",
            train + " --run-dir $TMP/r --model-out $FILE/model.agc"),
        row("metrics under a file", "--metrics $FILE/m.jsonl: $FILE is a file, not a folder",
            train + " --run-dir $TMP/r --metrics $FILE/m.jsonl"),
        failure("resume with nothing to resume", "nothing to resume in $TMP/empty-checkpoints",
            train + " --run-dir $TMP/r --resume --checkpoint-dir $TMP/empty-checkpoints"),
        failure("resume a missing file", "--resume $TMP/nothing.agc: no such checkpoint file",
            train + " --run-dir $TMP/r --resume $TMP/nothing.agc"),
        failure("resume a file that is not a checkpoint", "not an actorgrad checkpoint", train + " --run-dir $TMP/r --resume $FILE"),
        failure("resume a checkpoint that is not a run's",
            "$GOLDEN: not an actorgrad run's checkpoint (its header kind is missing, expected \"actorgrad-run\"); it cannot be resumed",
            train + " --run-dir $TMP/r --resume $GOLDEN"),
        row("resume with a different network", "--layers 8:relu,10:softmax differs from the resumed run's",
            "--data $MNIST --run-dir $TMP/r --resume $MODEL --layers 8:relu,10:softmax"),
        row("evaluate a model of another network", "the model takes 64 inputs but the images have 784 pixels",
            "evaluate --data $MNIST --model $MODEL64"),
        row("predict with a model of another network", "the model takes 64 inputs but the images have 784 pixels",
            "predict --data $MNIST --model $MODEL64 --index 0"),
        row("show with a model of another network", "the model takes 64 inputs", "show --data $MNIST --model $MODEL64 --index 0"),
        failure("evaluate a missing model", "no model at $TMP/none.agc: train one first", "evaluate --data $MNIST --model $TMP/none.agc"),
        failure("evaluate a file that is not a model", "error: $FILE: not an actorgrad checkpoint (bad magic); is this the right path?",
            "evaluate --data $MNIST --model $FILE"),
        failure("evaluate a checkpoint that is not a run's",
            "$GOLDEN: not an actorgrad run's checkpoint (its header kind is missing, expected \"actorgrad-run\"); it cannot be used as a model",
            "evaluate --data $MNIST --model $GOLDEN"),
        failure("inspect a file that is not a checkpoint", "not an actorgrad checkpoint", "inspect $FILE"),
        failure("inspect a folder that is no run's", "$TMP/empty-checkpoints is a folder, but not a run's (no model.agc,"
            + " no checkpoints/): name a checkpoint file or a run folder", "inspect $TMP/empty-checkpoints"),
        row("predict index past the end", "--index 10000 is out of range: the test set has images 0 to 9999",
            "predict --data $MNIST --model $MODEL --index 10000"),
        row("predict negative index", "--index -1 is out of range", "predict --data $MNIST --model $MODEL --index -1"),
        row("show index past the end", "--index 10000 is out of range", "show --data $MNIST --index 10000"),
        row("show unknown set", "--set must be test or train, got 'validation'", "show --data $MNIST --index 0 --set validation"),
        row("predict without an index", "give one of --index N (an image of the data set), --image FILE or --csv FILE",
            "predict --data $MNIST --model $MODEL"),
        failure("a bad CSV row", "bad.csv: row 2 (line 3), column 4: 'x7' is not an integer 0-255",
            "--data $TMP/bad.csv --test-data $TMP/bad.csv --epochs 1 --run-dir $TMP/r --no-progress"),
        row("a CSV without test rows", "give the test rows too, with --test-data FILE",
            "--data $TMP/bad.csv --epochs 1 --run-dir $TMP/r --no-progress"),
        row("26 classes, 10 outputs", "the data has 26 classes (labels 0-25) but the last layer of --layers"
            + " 1:relu,10:softmax has 10 outputs: end it with 26:softmax",
            "--data $TMP/letters --layers 1:relu,10:softmax --epochs 1 --run-dir $TMP/r --no-progress"),
        row("fewer classes than labels", "label 10 at index 10, expected a class 0-9 (--classes 10)",
            "--data $TMP/letters --classes 10 --epochs 1 --run-dir $TMP/r --no-progress"),
        row("shape for IDX data", "--shape is only for a CSV --data file",
            "--data $TMP/letters --shape 4x4 --epochs 1 --run-dir $TMP/r --no-progress"),
        row("three-channel nonsense", "--channels 2: expected 1 (grey) or 3 (red, green, blue)",
            "--data $TMP/letters --channels 2 --epochs 1 --run-dir $TMP/r --no-progress"),
        failure("predict on a file that is no image", "a-file.txt: not an image the JDK can read",
            "predict --model $MODEL --image $FILE"),
        failure("predict on a decompression bomb", "bomb.png: an image of 30000x30000 (HxW), 900,000,000 pixels; expected"
            + " at most 16,777,216", "predict --model $MODEL --image $TMP/bomb.png"),
        failure("predict on a missing image", "no-such.png: no such file", "predict --model $MODEL --image $TMP/no-such.png"),
        failure("predict on a missing CSV", "no-such.csv: no such file", "predict --model $MODEL --csv $TMP/no-such.csv"),
        row("show without an index", "expected --index N: which image of the test set", "show --data $MNIST"),
        failure("coordinator port in use", "--bind $BUSY: the port is in use (another coordinator or node still running?);"
            + " stop it or choose another port with --bind HOST:PORT", "coordinator --min-workers 1 --bind $BUSY" + nodata),
        failure("worker port in use", "--bind $BUSY: the port is in use", "worker --join $NOBODY --bind $BUSY --join-timeout 2s"),
        failure("join with nothing listening", "no coordinator at $NOBODY within 2s: start 'trainer coordinator' there first,"
            + " or check --join HOST:PORT", "worker --join $NOBODY --join-timeout 2s"),
        row("join address without a port number", "expected HOST:PORT with a numeric port, found '127.0.0.1:x'",
            "worker --join 127.0.0.1:x"),
        row("coordinator without workers", "no workers: give --min-workers N (remote) or --workers N (local)",
            "coordinator --min-workers 0" + nodata));
  }

  @AfterAll
  static void release() throws IOException {
    if (busy != null) {
      busy.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void answersWithOneLineAndLeavesEveryFileAsItWas(Row row) throws IOException {
    Map<Path, byte[]> before = snapshot(fixture);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(row.args(), new PrintWriter(out, true), new PrintWriter(err, true));
    String stderr = err.toString();

    // README's table of exit codes: 2 a usage error, 1 a failure; one kind of fault, one code, whatever the command.
    assertEquals(row.exitCode(), code, "exit code; stdout: " + out + " stderr: " + stderr);
    List<String> lines = stderr.lines().toList();
    assertEquals(1, lines.size(), "exactly one line on stderr, found: " + stderr);
    assertTrue(lines.get(0).startsWith("error: "), stderr);
    assertTrue(lines.get(0).contains(row.expected()), "expected '" + row.expected() + "' in: " + stderr);
    assertFalse(stderr.contains("\tat ") || stderr.contains("Exception"), "no stack trace: " + stderr);

    Map<Path, byte[]> after = snapshot(fixture);
    assertEquals(before.keySet(), after.keySet(), "no file added or removed");
    for (Path file : before.keySet()) {
      assertArrayEquals(before.get(file), after.get(file), "unchanged: " + file);
    }
  }

  @Test
  void printsTheStackTraceWithVerbose() {
    StringWriter err = new StringWriter();
    String[] args = {"evaluate", "--data", PLACES.get("$MNIST"), "--model", PLACES.get("$MODEL64"), "--verbose"};
    int code = Main.run(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    assertEquals(2, code);
    assertTrue(err.toString().startsWith("error: the model takes 64 inputs"), err.toString());
    assertTrue(err.toString().contains("\tat org.actorgrad.cli."), "stack trace with --verbose: " + err);
  }

  record Row(String name, String expectedTemplate, String commandTemplate, int exitCode) {
    String expected() {
      return fill(expectedTemplate);
    }

    /** Words split on spaces, or on '|' when an argument holds a space or a line break. */
    String[] args() {
      String[] words = commandTemplate.contains("|") ? commandTemplate.split("\\|") : commandTemplate.split(" ");
      for (int i = 0; i < words.length; i++) {
        words[i] = fill(words[i]);
      }
      return words;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** A usage error: the command line (or the configuration that gives options their values) must change; exit 2. */
  private static Row row(String name, String expected, String command) {
    return new Row(name, expected, command, 2);
  }

  /**
   * A failure: the command line is right, but what it reads cannot be used (a file or data
   * missing, damaged or not of its kind), something it needs is in use or absent (a port, a
   * coordinator), or the work failed; exit 1.
   */
  private static Row failure(String name, String expected, String command) {
    return new Row(name, expected, command, 1);
  }

  private static String fill(String template) {
    String s = template;
    for (Map.Entry<String, String> p : PLACES.entrySet()) {
      s = s.replace(p.getKey(), p.getValue());
    }
    return s;
  }

  /** Every regular file under {@code root} with its bytes. */
  private static Map<Path, byte[]> snapshot(Path root) throws IOException {
    Map<Path, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(p)) {
          files.put(p, Files.readAllBytes(p));
        }
      }
    }
    return files;
  }

  /** The same checkpoint with a network of {@code inputs} inputs and parameters of the matching size. */
  private static Checkpoint withInputs(Checkpoint c, int inputs) {
    Map<String, Object> header = new LinkedHashMap<>(c.header());
    @SuppressWarnings("unchecked")
    Map<String, Object> network = new LinkedHashMap<>((Map<String, Object>) header.get("network"));
    // The header checks its parameter count against the layers, so a made-up count must fit them.
    network.put("inputs", inputs);
    int params = inputs * 1 + 1 + 1 * 10 + 10; // layers 1:relu,10:softmax
    network.put("parameters", params);
    header.put("network", network);
    // ... and its data shape against the inputs: one row of them, as an unrecorded shape reads.
    @SuppressWarnings("unchecked")
    Map<String, Object> data = new LinkedHashMap<>((Map<String, Object>) header.get("data"));
    data.put("shape", List.of(1, 1, inputs));
    header.put("data", data);
    Map<String, float[]> tensors = new LinkedHashMap<>();
    c.tensors().forEach((name, values) -> tensors.put(name, new float[params]));
    return new Checkpoint(header, tensors);
  }
}
