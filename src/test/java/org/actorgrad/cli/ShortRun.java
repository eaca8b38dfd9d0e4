package org.actorgrad.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.actorgrad.checkpoint.RunLock;
import org.actorgrad.testing.Datasets;

/**
 * The short run of the run-folder and stop tests, and what it leaves in its folder: 600 images
 * (550 trained, 50 validated), batch 50, so 11 steps an epoch, on 2 workers and 2 partitions.
 */
final class ShortRun {
  private ShortRun() {}

  /** The short run into {@code runDir}, then {@code more} (e.g. {@code --epochs 2}). */
  static String[] args(Path runDir, String... more) {
    List<String> a = new ArrayList<>(List.of("--data", Datasets.mnistOrSynthetic().toString(), "--limit", "600",
        "--layers", "8:relu,10:softmax", "--batch-size", "50", "--workers", "2", "--partitions", "2",
        "--run-dir", runDir.toString(), "--no-progress"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  /** {@link #args} with a checkpoint every 2 steps, 2 of them kept (and best.agc). */
  static String[] checkpointed(Path runDir, String... more) {
    List<String> a = new ArrayList<>(List.of("--checkpoint-every", "2 steps", "--keep", "2"));
    a.addAll(List.of(more));
    return args(runDir, a.toArray(String[]::new));
  }

  /**
   * Every file under {@code dir} and its bytes, by relative path.
   *
   * @param withLock whether {@code run.lock} counts (it holds the pid of the process that has the folder)
   */
  static Map<String, byte[]> files(Path dir, boolean withLock) throws IOException {
    Map<String, byte[]> all = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        if (withLock || !p.getFileName().toString().equals(RunLock.FILE)) {
          all.put(dir.relativize(p).toString(), Files.readAllBytes(p));
        }
      }
    }
    return all;
  }

  /** That {@code dir} holds the same files with the same bytes as {@code expected} (from {@link #files}). */
  static void assertSameFiles(Map<String, byte[]> expected, Path dir, boolean withLock) throws IOException {
    Map<String, byte[]> now = files(dir, withLock);
    assertEquals(expected.keySet(), now.keySet(), "the files of " + dir);
    expected.forEach((name, bytes) -> assertArrayEquals(bytes, now.get(name), name + " changed"));
  }
}
