package org.actorgrad.cli;

import static org.actorgrad.cli.TrainCommandTest.trainer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.actorgrad.cli.TrainCommandTest.Run;
import org.actorgrad.testing.DataFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user's own data from the command line: IDX of any class count, CSV, image folders; predict on files. */
class DataInCommandTest {
  @TempDir Path tmp;

  private static List<String> quick(Path data, Path runDir, String layers, String... more) {
    List<String> a = new ArrayList<>(List.of("--data", data.toString(), "--epochs", "1", "--batch-size", "16",
        "--layers", layers, "--run-dir", runDir.toString(), "--no-progress", "--workers", "2", "--partitions", "2"));
    a.addAll(List.of(more));
    return a;
  }

  private static Run ok(List<String> args) {
    Run r = trainer(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.out() + r.err());
    return r;
  }

  private static void assertOneLine(Run r, int code, String expected) {
    assertEquals(code, r.code(), r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains(expected), "expected \"" + expected + "\" in " + r.err());
  }

  @Test
  void trainsOnAnIdxSetOfTwentySixClassesNamedByItsClassesTxt() throws Exception {
    Path letters = tmp.resolve("emnist-letters");
    DataFiles.writeIdx(letters, 260, 52, 4, 4, 26);
    List<String> names = new ArrayList<>();
    for (char c = 'A'; c <= 'Z'; c++) {
      names.add(String.valueOf(c));
    }
    Files.write(letters.resolve("classes.txt"), names);
    assertOneLine(trainer(quick(letters, tmp.resolve("bad"), "128:relu,10:softmax").toArray(String[]::new)), 2,
        "the data has 26 classes (labels 0-25) but the last layer of --layers 128:relu,10:softmax has 10 outputs:"
            + " end it with 26:softmax");
    Path run = tmp.resolve("run");
    Run r = ok(quick(letters, run, "16:relu,26:softmax"));
    assertTrue(r.out().contains("data     emnist-letters: "), r.out());
    String model = run.resolve("model.agc").toString();
    Run eval = trainer("evaluate", "--data", letters.toString(), "--model", model);
    assertEquals(0, eval.code(), eval.err());
    assertTrue(eval.out().contains("(of 52)") || eval.out().contains("of 52)"), eval.out());
    assertTrue(eval.out().contains(" 25 Z "), eval.out());
    Run predict = trainer("predict", "--data", letters.toString(), "--model", model, "--index", "3");
    assertEquals(0, predict.code(), predict.err());
    assertTrue(predict.out().contains("true label: " + names.get((260 + 3) % 26)), predict.out());
  }

  @Test
  void aCsvOfTheSameImagesTrainsToTheSameWeightsAsTheIdxFiles() {
    Path idx = tmp.resolve("idx");
    DataFiles.writeIdx(idx, 300, 40, 5, 5, 10);
    Path train = DataFiles.writeCsv(tmp.resolve("csv/train.csv"), 0, 300, 25, 10, true);
    Path test = DataFiles.writeCsv(tmp.resolve("csv/test.csv"), 300, 40, 25, 10, false);
    String fromIdx = ok(quick(idx, tmp.resolve("a"), "8:relu,10:softmax")).fingerprint();
    Run csv = ok(quick(train, tmp.resolve("b"), "8:relu,10:softmax", "--test-data", test.toString()));
    assertEquals(fromIdx, csv.fingerprint());
    assertTrue(csv.out().contains("data     train: 275 training"), csv.out());
    assertOneLine(trainer(quick(train, tmp.resolve("c"), "8:relu,10:softmax").toArray(String[]::new)), 2,
        "--data " + train + " is a file: give the test rows too, with --test-data FILE");
    assertOneLine(trainer(quick(idx, tmp.resolve("d"), "8:relu,10:softmax", "--test-data", test.toString())
        .toArray(String[]::new)), 2, "--test-data is only for a CSV --data file");
  }

  @Test
  void resumeRefusesAnotherCsv() throws Exception {
    Path train = DataFiles.writeCsv(tmp.resolve("train.csv"), 0, 100, 4, 3, false);
    Path test = DataFiles.writeCsv(tmp.resolve("test.csv"), 100, 20, 4, 3, false);
    Path run = tmp.resolve("run");
    ok(quick(train, run, "3:softmax", "--test-data", test.toString()));
    Path other = DataFiles.writeCsv(tmp.resolve("other.csv"), 1, 100, 4, 3, false);
    Run r = trainer("--resume", "--run-dir", run.toString(), "--data", other.toString(), "--test-data",
        test.toString(), "--epochs", "2", "--no-progress");
    assertOneLine(r, 2, "the data set differs from the one the resumed run trained on");
    Run same = trainer("--resume", "--run-dir", run.toString(), "--data", train.toString(), "--test-data",
        test.toString(), "--epochs", "2", "--no-progress");
    assertEquals(0, same.code(), same.err());
    assertTrue(same.out().contains("resuming at epoch 2"), same.out());
  }

  @Test
  void trainsOnAFolderOfPngsAndPredictsOnTheUsersOwnImageAndCsvRows() throws Exception {
    Path folders = tmp.resolve("shapes");
    List<String> names = List.of("circle", "square", "triangle");
    DataFiles.writePngFolders(folders, 60, 12, 6, 6, names);
    Path run = tmp.resolve("run");
    Run r = ok(quick(folders, run, "8:relu,3:softmax"));
    assertTrue(r.out().contains("data     shapes: "), r.out());
    String model = run.resolve("model.agc").toString();

    // A 12x12 image of sample 61 (label 1) drawn at twice the size: resized by the stated rule.
    byte[] small = DataFiles.pixels(61, 1, 36, 3);
    byte[] big = new byte[144];
    for (int i = 0; i < 144; i++) {
      big[i] = small[(i / 12 / 2) * 6 + (i % 12) / 2];
    }
    Path png = DataFiles.writeGreyPng(tmp.resolve("mine.png"), big, 12, 12);
    Run image = trainer("predict", "--model", model, "--image", png.toString());
    assertEquals(0, image.code(), image.err());
    assertTrue(image.out().contains("resized: 12x12 to the model's 6x6 (HxW) by area averaging"), image.out());
    assertTrue(image.out().matches("(?s).*prediction: (circle|square|triangle) \\(confidence.*"), image.out());

    BufferedImage colour = new BufferedImage(6, 6, BufferedImage.TYPE_INT_RGB);
    colour.setRGB(1, 1, 0xFFFFFF);
    Path jpg = DataFiles.writeImage(tmp.resolve("colour.bmp"), colour, "bmp");
    Run rgb = trainer("predict", "--model", model, "--image", jpg.toString(), "--invert");
    assertEquals(0, rgb.code(), rgb.err());
    assertTrue(rgb.out().contains("converted: colour to grey by BT.601 luma"), rgb.out());
    assertTrue(rgb.out().contains("inverted: 255 - pixel"), rgb.out());
    assertTrue(!rgb.out().contains("resized"), rgb.out());

    Path rows = DataFiles.writeCsv(tmp.resolve("rows.csv"), 60, 12, 36, 3, true);
    Run csv = trainer("predict", "--model", model, "--csv", rows.toString());
    assertEquals(0, csv.code(), csv.err());
    List<String> lines = csv.out().strip().lines().toList();
    assertEquals("row,prediction,confidence,label", lines.get(0));
    assertEquals(13, lines.size(), csv.out());
    assertTrue(lines.get(1).matches("1,(circle|square|triangle),0\\.\\d{4},circle"), lines.get(1));
    assertTrue(csv.err().startsWith("accuracy "), csv.err());

    Path pixelsOnly = tmp.resolve("pixels.csv");
    Files.writeString(pixelsOnly, "0,".repeat(35) + "0\n" + "9,".repeat(35) + "9\n");
    Run unlabelled = trainer("predict", "--model", model, "--csv", pixelsOnly.toString());
    assertEquals(0, unlabelled.code(), unlabelled.err());
    assertEquals(3, unlabelled.out().strip().lines().count(), unlabelled.out());
    assertTrue(unlabelled.out().startsWith("row,prediction,confidence\n"), unlabelled.out());

    assertOneLine(trainer("predict", "--model", model, "--image", png.toString(), "--csv", rows.toString()), 2,
        "give one of --index N (an image of the data set), --image FILE or --csv FILE, not several");
    Files.writeString(pixelsOnly, "1,2,3\n");
    assertOneLine(trainer("predict", "--model", model, "--csv", pixelsOnly.toString()), 2,
        "rows of 3 values, expected the model's 36 pixels, or a label and 36 pixels");
  }
}
