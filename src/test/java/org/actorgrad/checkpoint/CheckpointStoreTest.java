package org.actorgrad.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
  @TempDir Path dir;

  @Test
  void namesSortByStepAndSaveReportsTheFile() throws Exception {
    CheckpointStore store = new CheckpointStore(dir, 5);
    CheckpointStore.SaveResult saved = store.save(checkpoint(120, null), 120);
    assertEquals(dir.resolve("ckpt-0000000120.agc"), saved.file());
    assertEquals(Files.size(saved.file()), saved.bytes());
    assertTrue(saved.millis() >= 0);
    assertFalse(saved.newBest());
    store.save(checkpoint(9, null), 9);
    store.save(checkpoint(1000, null), 1000);
    assertEquals(List.of(dir.resolve("ckpt-0000000009.agc"), dir.resolve("ckpt-0000000120.agc"),
        dir.resolve("ckpt-0000001000.agc")), store.all());
    assertEquals(Optional.of(dir.resolve("ckpt-0000001000.agc")), store.latest());
    assertEquals(1000, CheckpointStore.stepOf(store.latest().orElseThrow()));
  }

  @Test
  void keepsTheLastKByStep() throws Exception {
    CheckpointStore store = new CheckpointStore(dir, 3);
    for (long step = 1; step <= 6; step++) {
      store.save(checkpoint(step, null), step);
    }
    assertEquals(List.of(4L, 5L, 6L), steps(store));
  }

  @Test
  void neverPrunesTheFileJustWritten() throws Exception {
    CheckpointStore store = new CheckpointStore(dir, 1);
    store.save(checkpoint(10, null), 10);
    store.save(checkpoint(5, null), 5); // e.g. resumed from an older checkpoint
    assertEquals(List.of(5L, 10L), steps(store));
  }

  @Test
  void theBestIsKeptEvenWhenOld() throws Exception {
    CheckpointStore store = new CheckpointStore(dir, 2);
    assertTrue(store.save(checkpoint(1, 0.80), 1).newBest());
    assertTrue(store.save(checkpoint(2, 0.95), 2).newBest());
    for (long step = 3; step <= 6; step++) {
      assertFalse(store.save(checkpoint(step, 0.90), step).newBest());
    }
    assertEquals(List.of(5L, 6L), steps(store));
    assertEquals(checkpoint(2, 0.95), CheckpointFormat.read(store.bestFile()));

    // A reopened store knows the best so far from best.agc.
    CheckpointStore reopened = new CheckpointStore(dir, 2);
    assertFalse(reopened.save(checkpoint(7, 0.94), 7).newBest());
    assertTrue(reopened.save(checkpoint(8, 0.96), 8).newBest());
    assertEquals(8, CheckpointFormat.read(store.bestFile()).number("step"));
  }

  @Test
  void latestValidSkipsDamagedNewerFilesAndSaysWhich() throws Exception {
    CheckpointStore store = new CheckpointStore(dir, 5);
    for (long step = 1; step <= 3; step++) {
      store.save(checkpoint(step, null), step);
    }
    Path newest = dir.resolve("ckpt-0000000003.agc");
    byte[] bytes = Files.readAllBytes(newest);
    bytes[bytes.length - 10] ^= 1;
    Files.write(newest, bytes);

    CheckpointStore.Recovery recovery = store.latestValid();
    CheckpointStore.Loaded loaded = recovery.loaded().orElseThrow();
    assertEquals(2, loaded.step());
    assertEquals(dir.resolve("ckpt-0000000002.agc"), loaded.file());
    assertEquals(checkpoint(2, null), loaded.checkpoint());
    assertEquals(1, recovery.skipped().size());
    assertEquals(newest, recovery.skipped().get(0).file());
    assertTrue(recovery.skipped().get(0).reason().contains("checksum mismatch"), recovery.skipped().get(0).reason());
    assertEquals(Optional.of(newest), store.latest(), "latest() is by step, valid or not");
  }

  @Test
  void latestValidWithEverythingDamagedStillReportsTheDamage() throws Exception {
    CheckpointStore store = new CheckpointStore(dir, 5);
    store.save(checkpoint(1, null), 1);
    Files.write(dir.resolve("ckpt-0000000002.agc"), new byte[0]);
    Files.write(dir.resolve("ckpt-0000000001.agc"), new byte[] {1, 2, 3});
    CheckpointStore.Recovery recovery = store.latestValid();
    assertTrue(recovery.loaded().isEmpty());
    assertEquals(2, recovery.skipped().size());
    assertTrue(recovery.skipped().get(0).reason().contains("empty file"));
    assertTrue(recovery.skipped().get(1).reason().contains("bad magic"));
  }

  @Test
  void anEmptyDirectoryHasNothing() throws Exception {
    CheckpointStore store = new CheckpointStore(dir.resolve("new/sub"), 3);
    assertTrue(Files.isDirectory(dir.resolve("new/sub")));
    assertEquals(List.of(), store.all());
    assertEquals(Optional.empty(), store.latest());
    assertTrue(store.latestValid().loaded().isEmpty());
    assertTrue(store.latestValid().skipped().isEmpty());
  }

  @Test
  void ignoresOtherFilesAndRemovesTemporariesOfDeadWriters() throws Exception {
    Files.createFile(dir.resolve("notes.txt"));
    Files.createFile(dir.resolve("ckpt-12.agc"));
    Path leftover = Files.createFile(dir.resolve(".ckpt-0000000001.agc.999999999999-7.tmp"));
    CheckpointStore store = new CheckpointStore(dir, 3);
    assertFalse(Files.exists(leftover));
    store.save(checkpoint(1, 0.5), 1);
    assertEquals(List.of(dir.resolve("ckpt-0000000001.agc")), store.all());
    assertTrue(Files.exists(dir.resolve("notes.txt")));
  }

  @Test
  void validatesItsArguments() throws IOException {
    assertEquals("expected keep >= 1 checkpoints, found 0",
        assertThrows(IllegalArgumentException.class, () -> new CheckpointStore(dir, 0)).getMessage());
    CheckpointStore store = new CheckpointStore(dir);
    assertThrows(IllegalArgumentException.class, () -> store.save(checkpoint(0, null), -1));
    assertThrows(IllegalArgumentException.class, () -> store.fileFor(10_000_000_000L));
    assertEquals(dir.resolve("ckpt-9999999999.agc"), store.fileFor(9_999_999_999L));
    assertThrows(IllegalArgumentException.class, () -> CheckpointStore.stepOf(dir.resolve("best.agc")));
  }

  private static List<Long> steps(CheckpointStore store) throws IOException {
    return store.all().stream().map(CheckpointStore::stepOf).toList();
  }

  static Checkpoint checkpoint(long step, Double valAccuracy) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("step", step);
    if (valAccuracy != null) {
      header.put(CheckpointStore.VAL_ACCURACY, valAccuracy);
    }
    float[] params = new float[100];
    java.util.Arrays.fill(params, step);
    return new Checkpoint(header, Map.of(Checkpoint.PARAMS, params));
  }
}
