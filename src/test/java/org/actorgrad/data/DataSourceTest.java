package org.actorgrad.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.actorgrad.testing.DataFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one place that tells the kinds of source apart, and the options each kind refuses. */
class DataSourceTest {
  @TempDir Path tmp;

  private static DataSource of(Path data, Path testData, String shape, int channels, String resize) {
    return new DataSource("mine", false, data, testData, 0, shape, channels, resize);
  }

  @Test
  void eachKindIsToldApartByWhatIsThereAndLoads() {
    Path csv = DataFiles.writeCsv(tmp.resolve("rows.csv"), 0, 30, 16, 3, true);
    Path csvTest = DataFiles.writeCsv(tmp.resolve("rows-test.csv"), 30, 9, 16, 3, false);
    Path idx = tmp.resolve("idx");
    DataFiles.writeIdx(idx, 30, 9, 4, 4, 3);
    Path folders = tmp.resolve("folders");
    DataFiles.writePngFolders(folders, 30, 9, 4, 4, List.of("a", "b", "c"));

    assertEquals(DataSource.Kind.KNOWN_DATASET, DataSource.known("mnist").kind());
    assertEquals(DataSource.Kind.CSV, of(csv, csvTest, null, 1, null).kind());
    assertEquals(DataSource.Kind.IDX_FOLDER, of(idx, null, null, 1, null).kind());
    assertEquals(DataSource.Kind.IMAGE_FOLDERS, of(folders, null, null, 1, null).kind());

    LoadedData fromCsv = of(csv, csvTest, "4x4", 1, null).load(tmp, false, false);
    assertEquals(30, fromCsv.train().count());
    LoadedData fromIdx = of(idx, null, null, 1, null).load(tmp, false, false);
    assertEquals(fromIdx.train().count(), fromCsv.train().count());
    LoadedData fromFolders = of(folders, null, null, 3, null).load(tmp, false, false);
    assertEquals(3, fromFolders.train().channels());
    assertEquals(List.of("a", "b", "c"), fromFolders.classNames());
  }

  @Test
  void optionsOfAnotherKindAreOneLine() {
    Path csv = DataFiles.writeCsv(tmp.resolve("rows.csv"), 0, 30, 16, 3, false);
    Path idx = tmp.resolve("idx");
    DataFiles.writeIdx(idx, 30, 9, 4, 4, 3);
    assertEquals("--resize is only for image folders",
        assertThrows(IllegalArgumentException.class, () -> of(csv, csv, null, 1, "4x4").load(tmp, false, false)).getMessage());
    assertEquals("--test-data is only for a CSV --data file",
        assertThrows(IllegalArgumentException.class, () -> of(idx, csv, null, 1, null).load(tmp, false, false)).getMessage());
    assertEquals("--shape is only for a CSV --data file",
        assertThrows(IllegalArgumentException.class, () -> of(idx, null, "4x4", 1, null).load(tmp, false, false)).getMessage());
    assertEquals("--channels 2: expected 1 (grey) or 3 (red, green, blue)",
        assertThrows(IllegalArgumentException.class, () -> of(idx, null, null, 2, null).load(tmp, false, false)).getMessage());
  }
}
