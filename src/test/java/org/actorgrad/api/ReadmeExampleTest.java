package org.actorgrad.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.actorgrad.testing.DataFiles;
import org.actorgrad.testing.SyntheticIdx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README's Java API examples, as written there, compiled against the project and run on small data sets. */
class ReadmeExampleTest {
  @TempDir Path tmp;

  @Test
  void theReadmeExampleCompilesAndRuns() throws Exception {
    Path data = SyntheticIdx.write(tmp.resolve("data"), 1200, 500, 2);
    Path out = tmp.resolve("runs");
    String text = compileAndRun("Example", data.toString(), out.toString());
    assertTrue(text.matches("(?s)test accuracy 0\\.\\d{4}, weights sha256 [0-9a-f]{64}\\n"
        + "a blank image: class \\d, probability 0\\.\\d{3}\\n"), text);
    for (String file : List.of("model.agc", "model.onnx", "model.safetensors")) {
      assertTrue(Files.size(out.resolve(file)) > 1000, file);
    }
  }

  @Test
  void theReadmeOwnDataExampleCompilesAndRuns() throws Exception {
    String[] args = ownData(tmp);
    String text = compileAndRun("OwnDataExample", args);
    assertTrue(text.matches("csv: test accuracy (0\\.9|1\\.0)\\d{3}; image folders: test accuracy (0\\.\\d|1\\.0)\\d{3},"
        + " 192 inputs \\(3 x 8 x 8\\)\\n"), text);
  }

  /**
   * The two sources OwnDataExample reads, under {@code dir}: csv/train.csv and csv/test.csv (8x8,
   * four classes) and images/{train,test}/&lt;class&gt;/*.png; returns its arguments.
   */
  static String[] ownData(Path dir) {
    Path csv = dir.resolve("csv");
    DataFiles.writeCsv(csv.resolve("train.csv"), 0, 600, 64, 4, true);
    DataFiles.writeCsv(csv.resolve("test.csv"), 600, 200, 64, 4, true);
    Path images = dir.resolve("images");
    DataFiles.writePngFolders(images, 240, 60, 8, 8, List.of("ant", "bee", "cat", "dog"));
    return new String[] {csv.toString(), images.toString()};
  }

  /** Compiles README's {@code name}.java against the project, runs its main with {@code args}; returns what it printed. */
  private String compileAndRun(String name, String... args) throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src-" + name));
    Files.writeString(src.resolve(name + ".java"), ReadmeExample.source(name + ".java"));
    Path classes = Files.createDirectories(tmp.resolve("classes-" + name));
    // Surefire runs tests from a manifest-only jar; the real class path is in this property.
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int code = javac.run(null, diagnostics, diagnostics, "-cp", classPath, "-d", classes.toString(),
        src.resolve(name + ".java").toString());
    assertEquals(0, code, diagnostics.toString(StandardCharsets.UTF_8));
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      loader.loadClass(name).getMethod("main", String[].class).invoke(null, (Object) args);
    } finally {
      System.setOut(stdout);
    }
    return printed.toString(StandardCharsets.UTF_8);
  }
}
