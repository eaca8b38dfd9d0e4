package org.actorgrad.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.actorgrad.cli.Main;
import org.actorgrad.testing.DataFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java API trains from every kind of source the command line takes (IDX folder, CSV file,
 * image folders), through the same {@link org.actorgrad.data.DataSource}: the same options give
 * the command line's weights bit for bit, and the same images as IDX and as CSV give the same weights.
 */
class DataSourcesApiTest {
  private static final int ROWS = 8;
  private static final int COLS = 8;
  private static final String DENSE = "24:relu,4:softmax";

  @TempDir Path tmp;

  @Test
  void aCsvTrainsToTheCommandLinesWeightsAndToThoseOfTheSameImagesAsIdx() throws Exception {
    Path train = DataFiles.writeCsv(tmp.resolve("csv/train.csv"), 0, 600, ROWS * COLS, 4, true);
    Path test = DataFiles.writeCsv(tmp.resolve("csv/test.csv"), 600, 200, ROWS * COLS, 4, false);
    Path idx = tmp.resolve("idx");
    DataFiles.writeIdx(idx, 600, 200, ROWS, COLS, 4);

    Trained fromCsv = Training.train(small(TrainOptions.builder().data(train).testData(test)
        .shape(ROWS + "x" + COLS).layers(DENSE)).modelOut(tmp.resolve("csv-model.agc")).build());
    Trained fromIdx = Training.train(small(TrainOptions.builder().data(idx).layers(DENSE)).build());
    String cli = commandLine("--data", train.toString(), "--test-data", test.toString(), "--shape", "8x8",
        "--layers", DENSE);

    assertEquals(cli, fromCsv.result().fingerprint(), "the API and the command line, from one CSV");
    assertEquals(fromIdx.result().fingerprint(), fromCsv.result().fingerprint(), "the same images as IDX and CSV");
    assertTrue(fromCsv.result().testAccuracy() > 0.9, "learnable data: " + fromCsv.result().testAccuracy());
    assertEquals("train", Model.load(tmp.resolve("csv-model.agc")).header().orElseThrow().data().dataset(),
        "named after the CSV file, as on the command line");
  }

  @Test
  void imageFoldersTrainACnnToTheCommandLinesWeightsWithTheFolderNamesAsClasses() throws Exception {
    Path dir = tmp.resolve("pets");
    DataFiles.writePngFolders(dir, 200, 60, ROWS, COLS, List.of("ant", "bee", "cat", "dog"));
    String cnn = "conv:4:3x3:relu:padding=same,maxpool:2x2,4:softmax";
    Path model = tmp.resolve("pets-model.agc");
    Trained fromJava = Training.train(small(TrainOptions.builder().data(dir).channels(3).layers(cnn))
        .modelOut(model).build());
    String cli = commandLine("--data", dir.toString(), "--channels", "3", "--layers", cnn);
    assertEquals(cli, fromJava.result().fingerprint());
    Model loaded = Model.load(model);
    assertEquals(List.of("ant", "bee", "cat", "dog"), loaded.header().orElseThrow().data().classNames());
    assertEquals(3 * ROWS * COLS, loaded.inputs(), "3 channels kept");
  }

  @Test
  void optionsThatDoNotFitTheSourceAreOneClearException() throws Exception {
    Path train = DataFiles.writeCsv(tmp.resolve("train.csv"), 0, 40, 16, 4, false);
    IllegalArgumentException noTest = assertThrows(IllegalArgumentException.class,
        () -> Training.train(TrainOptions.builder().data(train).layers("4:softmax").build()));
    assertEquals("--data " + train + " is a file: give the test rows too, with --test-data FILE"
        + " (same layout: label, then pixels)", noTest.getMessage());
    Path idx = tmp.resolve("idx");
    DataFiles.writeIdx(idx, 40, 10, 4, 4, 4);
    IllegalArgumentException resize = assertThrows(IllegalArgumentException.class,
        () -> Training.train(TrainOptions.builder().data(idx).resize("4x4").layers("4:softmax").build()));
    assertEquals("--resize is only for image folders (DIR/train/<class>/, DIR/test/<class>/)", resize.getMessage());
    IllegalArgumentException channels = assertThrows(IllegalArgumentException.class,
        () -> Training.train(TrainOptions.builder().data(idx).channels(2).build()));
    assertEquals("--channels 2: expected 1 (grey) or 3 (red, green, blue)", channels.getMessage());
    IllegalArgumentException classes = assertThrows(IllegalArgumentException.class,
        () -> Training.train(TrainOptions.builder().data(tmp.resolve("not-read")).classes(1).build()));
    assertEquals("--classes 1: expected 2 to 256 (or 0: from the data)", classes.getMessage());
    IllegalArgumentException outputs = assertThrows(IllegalArgumentException.class,
        () -> Training.train(TrainOptions.builder().data(idx).layers("8:relu,10:softmax").build()));
    assertTrue(outputs.getMessage().startsWith("the data has 4 classes (labels 0-3) but the last layer"),
        outputs.getMessage());
  }

  private static TrainOptions.Builder small(TrainOptions.Builder b) {
    return b.epochs(2).batchSize(40).workers(2).seed(5).optimizer("adam").lr(0.01f).validation(0);
  }

  /** The weights fingerprint of {@code trainer} with {@link #small}'s options and {@code args}. */
  private String commandLine(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--epochs", "2", "--batch-size", "40", "--workers", "1", "--partitions", "2", "--seed", "5",
        "--optimizer", "adam", "--lr", "0.01", "--validation", "0", "--run-dir", tmp.resolve("cli-" + args[1].hashCode()).toString(),
        "--no-progress"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    assertEquals(0, code, err.toString());
    Matcher m = Pattern.compile("weights sha256: ([0-9a-f]{64})").matcher(out.toString());
    assertTrue(m.find(), out.toString());
    return m.group(1);
  }
}
