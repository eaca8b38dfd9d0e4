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
import org.actorgrad.testing.SyntheticIdx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README's Java API example, as written there, compiled against the project and run on a small data set. */
class ReadmeExampleTest {
  @TempDir Path tmp;

  @Test
  void theReadmeExampleCompilesAndRuns() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("Example.java"), ReadmeExample.source());
    Path classes = Files.createDirectories(tmp.resolve("classes"));
    // Surefire runs tests from a manifest-only jar; the real class path is in this property.
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int code = javac.run(null, diagnostics, diagnostics, "-cp", classPath, "-d", classes.toString(),
        src.resolve("Example.java").toString());
    assertEquals(0, code, diagnostics.toString(StandardCharsets.UTF_8));

    Path data = SyntheticIdx.write(tmp.resolve("data"), 1200, 500, 2);
    Path out = tmp.resolve("runs");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      loader.loadClass("Example").getMethod("main", String[].class)
          .invoke(null, (Object) new String[] {data.toString(), out.toString()});
    } finally {
      System.setOut(stdout);
    }
    String text = printed.toString(StandardCharsets.UTF_8);
    assertTrue(text.matches("(?s)test accuracy 0\\.\\d{4}, weights sha256 [0-9a-f]{64}\\n"
        + "a blank image: class \\d, probability 0\\.\\d{3}\\n"), text);
    for (String file : List.of("model.agc", "model.onnx", "model.safetensors")) {
      assertTrue(Files.size(out.resolve(file)) > 1000, file);
    }
  }
}
