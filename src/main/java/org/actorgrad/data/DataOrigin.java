package org.actorgrad.data;

import java.nio.file.Path;

/**
 * Where a data set was read from, as {@code --data} and its companions named it, so that a model
 * or a resumed run finds the same data again without them: a checkpoint's header keeps it
 * ({@code data.origin}), and {@code evaluate}, {@code predict}, {@code show} and {@code --resume}
 * without {@code --data} read from there rather than download a known data set the model was not
 * trained on.
 *
 * @param path the absolute {@code --data} folder or CSV file; "" for a known data set found (or
 *     downloaded) by its name, which is then the data set's name
 * @param testPath the absolute {@code --test-data} CSV file; "" for the other kinds
 * @param resize image folders' {@code --resize HxW}; "" without (the channels and a CSV's shape
 *     are the header's {@code data.shape})
 */
public record DataOrigin(String path, String testPath, String resize) {
  /** A known data set, found or downloaded by its name. */
  public static final DataOrigin BY_NAME = new DataOrigin("", "", "");

  public DataOrigin {
    if (path == null || testPath == null || resize == null) {
      throw new IllegalArgumentException("a data origin's fields are strings, \"\" when absent");
    }
  }

  /** The origin of data read from {@code data} (and {@code testData}, or null), as absolute paths. */
  static DataOrigin of(Path data, Path testData, String resize) {
    return new DataOrigin(absolute(data), testData == null ? "" : absolute(testData), resize == null ? "" : resize.trim());
  }

  /** Whether the data was found by its name (a known data set) rather than at a path. */
  public boolean byName() {
    return path.isEmpty();
  }

  private static String absolute(Path p) {
    return p.toAbsolutePath().normalize().toString();
  }
}
