package org.actorgrad.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder of runs: ids that sort by start, never a folder twice, and the latest pointer in each form. */
class RunsFolderTest {
  @TempDir Path tmp;

  @Test
  void idsAreTheUtcStartAndASuffixAndAFolderIsNeverTakenTwice() throws IOException {
    Clock fixed = Clock.fixed(Instant.parse("2026-12-07T05:11:01Z"), ZoneOffset.UTC);
    RunsFolder runs = new RunsFolder(tmp.resolve("runs"), fixed);
    String id = RunsFolder.newId(fixed);
    assertTrue(id.matches("20261207-051101-[0-9a-f]{4}"), id);
    assertTrue(RunsFolder.isRunId(id));
    Path first = runs.createRun(id);
    Path second = runs.createRun(id); // the same id again: a folder of its own all the same
    assertEquals(id, first.getFileName().toString());
    assertNotEquals(first, second);
    assertTrue(second.getFileName().toString().startsWith("20261207-051101-"), second.toString());
  }

  @Test
  void latestIsALinkReplacedAtomicallyOrAFileNamingTheRun() throws IOException {
    RunsFolder runs = new RunsFolder(tmp.resolve("runs"));
    assertEquals(Optional.empty(), runs.latest());
    Path a = runs.createRun(RunsFolder.newId());
    runs.pointLatestAt(a);
    Path b = runs.createRun(RunsFolder.newId());
    runs.pointLatestAt(b);
    assertTrue(Files.isSymbolicLink(runs.latestPointer()));
    assertEquals(Optional.of(b), runs.latest());
    try (var files = Files.list(runs.root())) {
      assertEquals(3, files.count(), "two runs and the pointer, no temporary left");
    }
    // Where links are not allowed the pointer is a file holding the id.
    Files.delete(runs.latestPointer());
    Files.writeString(runs.latestPointer(), a.getFileName() + "\n");
    assertEquals(Optional.of(a), runs.latest());
    assertTrue(RunsFolder.isPointer(runs.latestPointer()));
    Files.writeString(runs.latestPointer(), "../../etc\n");
    assertThrows(IOException.class, runs::latest);
  }

  @Test
  void anOlderBuildsEmptyRunsLatestFolderBecomesThePointerAndOneHoldingARunStaysAFolder() throws IOException {
    RunsFolder runs = new RunsFolder(tmp.resolve("runs"));
    Files.createDirectories(runs.latestPointer().resolve("checkpoints")); // a failed start of an older build
    assertTrue(RunsFolder.isPointer(runs.latestPointer()));
    Path run = runs.createRun(RunsFolder.newId());
    runs.pointLatestAt(run);
    assertTrue(Files.isSymbolicLink(runs.latestPointer()));

    Path other = tmp.resolve("other").resolve(RunsFolder.LATEST);
    Files.createDirectories(other.resolve("checkpoints"));
    Files.writeString(other.resolve("model.agc"), "a run of an older build");
    assertFalse(RunsFolder.isPointer(other), "a folder holding a run is that run's folder");
    assertFalse(RunsFolder.isPointer(tmp.resolve("mine")), "only a folder named latest is a pointer");
  }
}
