package org.actorgrad.checkpoint;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void writesAndReplaces() throws IOException {
    Path target = dir.resolve("a.txt");
    AtomicFiles.write(target, out -> out.write("first".getBytes(UTF_8)));
    AtomicFiles.write(target, out -> out.write("second".getBytes(UTF_8)));
    assertEquals("second", Files.readString(target));
    assertEquals(List.of(target), listing());
  }

  @Test
  void aBodyFailingMidwayLeavesTheOldFileIntactAndNoTemporary() throws IOException {
    Path target = dir.resolve("a.txt");
    AtomicFiles.write(target, out -> out.write("old".getBytes(UTF_8)));
    IOException failure = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
      out.write(new byte[200_000]); // past the buffer, so part of it has reached the temporary file
      throw new IOException("No space left on device"); // what a full disk says: no file named
    }));
    // The file that failed is named, with the device's reason.
    assertEquals(target + ": cannot write it: no space left on device", failure.getMessage());
    assertEquals("No space left on device", failure.getCause().getMessage());
    assertEquals("old", Files.readString(target));
    assertEquals(List.of(target), listing());

    assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
      out.write(new byte[200_000]);
      throw new IllegalStateException("a bug in the body");
    }));
    assertEquals("old", Files.readString(target));
    assertEquals(List.of(target), listing());
  }

  @Test
  void aBodyFailingOnANewTargetLeavesNothing() throws IOException {
    assertThrows(IOException.class, () -> AtomicFiles.write(dir.resolve("new.txt"), out -> {
      out.write(1);
      throw new IOException("interrupted");
    }));
    assertEquals(List.of(), listing());
  }

  @Test
  void aFolderThatIsAFileIsReportedWithTheTargetsName() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "kept");
    Path target = file.resolve("model.onnx");
    IOException failure = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> out.write(1)));
    assertEquals(target + ": cannot write it: not a directory", failure.getMessage());
    assertEquals("kept", Files.readString(file));
  }

  @Test
  void aMissingFolderIsReportedWithTheTargetsName() {
    Path target = dir.resolve("missing").resolve("model.onnx");
    IOException failure = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> out.write(1)));
    assertEquals(target + ": cannot write it: its folder does not exist", failure.getMessage());
    assertFalse(failure.getMessage().contains(".tmp"), failure.getMessage());
  }

  @Test
  void aFolderWithoutWritePermissionIsReportedWithTheTargetsName() throws IOException {
    Path readOnly = Files.createDirectory(dir.resolve("ro"));
    assertTrue(readOnly.toFile().setWritable(false, false));
    try {
      org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(readOnly), "root writes anywhere");
      Path target = readOnly.resolve("a.onnx");
      IOException failure = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> out.write(1)));
      assertEquals(target + ": cannot write it: permission denied", failure.getMessage());
    } finally {
      readOnly.toFile().setWritable(true, false);
    }
  }

  @Test
  void leftoversOfDeadWritersAreDeletedAndLiveOnesKept() throws IOException {
    Path dead = Files.createFile(dir.resolve(".ckpt-0000000001.agc.999999999999-1.tmp")); // no such pid
    Path live = Files.createFile(dir.resolve(".ckpt-0000000001.agc." + ProcessHandle.current().pid() + "-1.tmp"));
    Path other = Files.createFile(dir.resolve("notes.tmp"));
    assertEquals(1, AtomicFiles.deleteLeftovers(dir));
    assertFalse(Files.exists(dead));
    assertTrue(Files.exists(live));
    assertTrue(Files.exists(other));
    assertTrue(AtomicFiles.isTemporary(live));
    assertFalse(AtomicFiles.isTemporary(other));
  }

  /**
   * The real thing: a separate JVM rewrites a 16 MB checkpoint in a loop; at the fourth write it
   * stops halfway (the first half flushed to its temporary file) and is killed with SIGKILL there.
   * The target must still be the complete third checkpoint.
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void killedMidWriteTheTargetIsStillTheLastCompleteCheckpoint() throws Exception {
    Path target = dir.resolve("ckpt.agc");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        AtomicWriteLoop.class.getName(), target.toString())
        .redirectErrorStream(true).start();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
      String line;
      do {
        line = lines.readLine();
        assertNotNull(line, "the writer stopped early");
      } while (!line.equals("halfway " + AtomicWriteLoop.KILLED_AT));
      child.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
      child.waitFor();
    }

    Checkpoint c = CheckpointFormat.read(target);
    assertEquals(AtomicWriteLoop.KILLED_AT - 1, c.number("i"));
    float[] t = c.tensor("params");
    assertEquals(AtomicWriteLoop.FLOATS, t.length);
    assertEquals(AtomicWriteLoop.KILLED_AT - 1, t[0]);
    assertEquals(AtomicWriteLoop.KILLED_AT - 1, t[t.length - 1]);
    assertEquals(2, listing().size(), "the killed write left its temporary file beside the target");
    assertEquals(1, AtomicFiles.deleteLeftovers(dir));
    assertEquals(List.of(target), listing());
  }

  /** The child process of the kill test. */
  public static final class AtomicWriteLoop {
    static final int FLOATS = 4 << 20;
    static final int KILLED_AT = 3;

    public static void main(String[] args) throws IOException {
      Path target = Path.of(args[0]);
      float[] values = new float[FLOATS];
      for (int i = 0; ; i++) {
        java.util.Arrays.fill(values, i);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CheckpointFormat.write(new Checkpoint(Map.of("i", i), Map.of("params", values)), bytes);
        byte[] file = bytes.toByteArray();
        int iteration = i;
        AtomicFiles.write(target, out -> {
          out.write(file, 0, file.length / 2);
          out.flush();
          System.out.println("halfway " + iteration);
          System.out.flush();
          if (iteration == KILLED_AT) {
            System.in.read(); // wait here, mid-write, for the kill (the parent never writes)
          }
          out.write(file, file.length / 2, file.length - file.length / 2);
        });
      }
    }
  }

  private List<Path> listing() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }
}
