package org.actorgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.actorgrad.testing.DataFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * evaluate, predict and show with a model of another data set (an MNIST model on Fashion-MNIST,
 * with Fashion's class names) used to print accuracy and class names without a word: now one line
 * on stderr says so; the same data set (same files, or the same name and class names) says nothing.
 */
class DataMismatchTest {
  @TempDir static Path dir;
  private static Path model;
  private static Path digits;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeAll
  static void train() {
    digits = dir.resolve("a").resolve("digits");
    DataFiles.writeIdx(digits, 60, 20, 4, 4, 10);
    Run r = run("--data", digits.toString(), "--epochs", "1", "--batch-size", "20", "--layers", "8:relu,10:softmax",
        "--workers", "1", "--validation", "0", "--run-dir", dir.resolve("run").toString(), "--no-progress");
    assertEquals(0, r.code(), r.err());
    model = dir.resolve("run").resolve("model.agc");
  }

  private static String warnings(Run r) {
    return r.err().lines().filter(l -> l.startsWith("warning: ")).collect(Collectors.joining("\n"));
  }

  @Test
  void anotherDataSetWithOtherClassNamesIsSaidInOneLineByEachCommand() throws Exception {
    Path clothes = dir.resolve("clothes");
    DataFiles.writeIdx(clothes, 70, 20, 4, 4, 10);
    List<String> names = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
        "Sneaker", "Bag", "Ankle boot");
    Files.write(clothes.resolve("classes.txt"), names);
    String expected = "warning: the model was trained on digits (classes 0, 1, 2, 3, ...), and this is clothes"
        + " (classes T-shirt/top, Trouser, Pullover, Dress, ...): another data set, so its answers name"
        + " classes of digits and its accuracy here means little";
    for (String[] command : List.of(
        new String[] {"evaluate", "--model", model.toString(), "--data", clothes.toString()},
        new String[] {"predict", "--model", model.toString(), "--data", clothes.toString(), "--index", "3"},
        new String[] {"show", "--model", model.toString(), "--data", clothes.toString(), "--index", "3"})) {
      Run r = run(command);
      assertEquals(0, r.code(), command[0] + ": " + r.err());
      assertEquals(expected, warnings(r), command[0]);
      assertFalse(r.out().isEmpty(), command[0]);
    }
  }

  @Test
  void theSameDataSetSaysNothing() throws Exception {
    // The very files, elsewhere under another name: the fingerprint is the same.
    Path copy = dir.resolve("copy");
    Files.createDirectories(copy);
    try (var files = Files.list(digits)) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    // Other files of the same name and classes (a subset against the full set, say).
    Path moreDigits = dir.resolve("b").resolve("digits");
    DataFiles.writeIdx(moreDigits, 90, 20, 4, 4, 10);
    for (Path data : List.of(digits, copy, moreDigits)) {
      Run r = run("evaluate", "--model", model.toString(), "--data", data.toString());
      assertEquals(0, r.code(), r.err());
      assertEquals("", warnings(r), data.toString());
      assertTrue(r.out().startsWith("test accuracy "), r.out());
    }
  }

  @Test
  void anotherNameWithOtherFilesIsAnotherDataSetEvenWithTheSameClassNumbers() {
    Path letters = dir.resolve("letters");
    DataFiles.writeIdx(letters, 50, 20, 4, 4, 10);
    Run r = run("predict", "--model", model.toString(), "--data", letters.toString(), "--index", "0");
    assertEquals(0, r.code(), r.err());
    String names = IntStream.range(0, 4).mapToObj(Integer::toString).collect(Collectors.joining(", "));
    assertEquals("warning: the model was trained on digits (classes " + names + ", ...), and this is letters"
        + " (classes " + names + ", ...): another data set, so its answers name classes of digits and its"
        + " accuracy here means little", warnings(r));
  }
}
