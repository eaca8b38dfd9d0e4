package org.actorgrad.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AsyncCheckpointWriterTest {
  @TempDir Path dir;

  @Test
  void closeCompletesEveryPendingWrite() throws Exception {
    CheckpointStore store = new CheckpointStore(dir, 10);
    List<CompletableFuture<CheckpointStore.SaveResult>> futures = new ArrayList<>();
    List<Checkpoint> snapshots = new ArrayList<>();
    try (AsyncCheckpointWriter writer = new AsyncCheckpointWriter(store, 2)) {
      for (int step = 1; step <= 4; step++) {
        float[] params = new float[1 << 20]; // 4 MB each, so writes are still queued at close
        java.util.Arrays.fill(params, step);
        Checkpoint snapshot = new Checkpoint(Map.of("step", step), Map.of(Checkpoint.PARAMS, params));
        snapshots.add(snapshot);
        futures.add(writer.submit(snapshot, step));
      }
    } // close() waits
    for (int i = 0; i < futures.size(); i++) {
      assertTrue(futures.get(i).isDone() && !futures.get(i).isCompletedExceptionally());
      CheckpointStore.SaveResult saved = futures.get(i).get();
      assertEquals(store.fileFor(i + 1), saved.file());
      assertEquals(snapshots.get(i), CheckpointFormat.read(saved.file()));
    }
    assertEquals(List.of(1L, 2L, 3L, 4L), store.all().stream().map(CheckpointStore::stepOf).toList());
  }

  @Test
  void keepsTotalsForTheReport() throws Exception {
    CheckpointStore store = new CheckpointStore(dir, 3);
    AsyncCheckpointWriter writer = new AsyncCheckpointWriter(store);
    long bytes = 0;
    for (int step = 1; step <= 3; step++) {
      bytes += writer.submit(CheckpointStoreTest.checkpoint(step, null), step).get().bytes();
    }
    writer.close();
    AsyncCheckpointWriter.Stats stats = writer.stats();
    assertEquals(3, stats.writes());
    assertEquals(bytes, stats.bytes());
    assertTrue(stats.maxWriteMillis() <= stats.totalWriteMillis());
    assertTrue(stats.blockedMillis() >= 0);
  }

  @Test
  void aFailedWriteIsReportedByTheFutureTheNextSubmitAndClose() throws Exception {
    Path storeDir = dir.resolve("store");
    CheckpointStore store = new CheckpointStore(storeDir, 3);
    Files.delete(storeDir);
    Files.createFile(storeDir); // the directory is gone: every write will fail
    AsyncCheckpointWriter writer = new AsyncCheckpointWriter(store);
    CompletableFuture<CheckpointStore.SaveResult> failed = writer.submit(CheckpointStoreTest.checkpoint(1, null), 1);
    ExecutionException e = assertThrows(ExecutionException.class, failed::get);
    assertTrue(e.getCause() instanceof IOException, e.getCause().toString());

    IOException next = assertThrows(IOException.class, () -> writer.submit(CheckpointStoreTest.checkpoint(2, null), 2));
    assertTrue(next.getMessage().startsWith("cannot write " + store.fileFor(1) + ": "), next.getMessage());
    assertSame(next, assertThrows(IOException.class, writer::throwIfFailed));
    IOException atClose = assertThrows(IOException.class, writer::close);
    assertSame(next, atClose);
  }

  @Test
  void submitAfterCloseIsAnError() throws Exception {
    AsyncCheckpointWriter writer = new AsyncCheckpointWriter(new CheckpointStore(dir, 3));
    writer.close();
    assertThrows(IllegalStateException.class, () -> writer.submit(CheckpointStoreTest.checkpoint(1, null), 1));
    assertThrows(IllegalArgumentException.class, () -> new AsyncCheckpointWriter(new CheckpointStore(dir, 3), 0));
  }
}
