package org.actorgrad.data;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A CSV file of small integers 0-255, every row the same number of values (MNIST-style downloads:
 * the label, then the pixels), read streaming into one byte array: the text is never held whole.
 * A first row whose first value is not an integer is a header and skipped.
 *
 * <p>Memory: each value takes at least two characters in the file (a digit and a separator or line
 * end), so a buffer of (file size + 1) / 2 bytes holds every value and is allocated once; the
 * result is one trimmed copy of it. A 100 MB file needs at most about 100 MB of heap.
 */
public final class CsvTable {
  private final int rows;
  private final int columns;
  private final byte[] values; // (rows, columns) unsigned

  private CsvTable(int rows, int columns, byte[] values) {
    this.rows = rows;
    this.columns = columns;
    this.values = values;
  }

  /**
   * Reads {@code file}.
   *
   * @throws DataException with one line naming the file, the row (1 = the first data row) and its
   *     line for a value that is not an integer 0-255 or a row of another length than the first;
   *     also for a missing, empty or unreadable file
   */
  public static CsvTable read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new DataException(file + ": " + (Files.isDirectory(file) ? "is a folder" : "no such file")
          + ", expected a CSV file of one image per row");
    }
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new DataException(file + ": cannot be read: " + e);
    }
    byte[] buffer = new byte[(int) Math.min(IdxReader.MAX_ARRAY_BYTES, (size + 1) / 2)];
    int filled = 0;
    int rows = 0;
    int columns = -1;
    boolean first = true;
    // Lenient on field counts, so a short or long row gets this class's message, not the parser's.
    CsvReader.CsvReaderBuilder builder = CsvReader.builder()
        .skipEmptyLines(true).allowExtraFields(true).allowMissingFields(true)
        // Excel's "CSV UTF-8" starts with a byte-order mark, which would make the first value of a
        // file without a header unreadable as a number, and so drop its first row as a header.
        .detectBomHeader(true);
    try (CsvReader<CsvRecord> reader = builder.ofCsvRecord(file)) {
      for (CsvRecord record : reader) {
        if (first) {
          first = false;
          if (!isInteger(record.getField(0).strip())) {
            continue; // a header: the next row sets the width
          }
        }
        rows++;
        int n = record.getFieldCount();
        if (columns < 0) {
          columns = n;
        } else if (n != columns) {
          throw new DataException(where(file, rows, record) + " has " + n + " values, expected "
              + columns + " like row 1");
        }
        if (filled > buffer.length - n) {
          throw new DataException(file + ": more values than one Java array can hold (2^31)");
        }
        for (int c = 0; c < n; c++) {
          buffer[filled++] = (byte) parse(record.getField(c), file, rows, c, record);
        }
      }
    } catch (CsvParseException e) {
      throw new DataException(file + ": not valid CSV after row " + rows + ": " + e.getMessage());
    } catch (UncheckedIOException | IOException e) {
      throw new DataException(file + ": cannot be read: " + e);
    }
    if (rows == 0) {
      throw new DataException(file + ": holds no data rows, expected one image per row");
    }
    return new CsvTable(rows, columns, filled == buffer.length ? buffer : Arrays.copyOf(buffer, filled));
  }

  public int rows() {
    return rows;
  }

  public int columns() {
    return columns;
  }

  /** The values (rows, columns), unsigned bytes; not a copy. */
  public byte[] values() {
    return values;
  }

  /** Column {@code column} of every row (rows). */
  public byte[] column(int column) {
    byte[] out = new byte[rows];
    for (int r = 0; r < rows; r++) {
      out[r] = values[r * columns + column];
    }
    return out;
  }

  /** Columns {@code from..columns-1} of every row (rows, columns - from). */
  public byte[] columnsFrom(int from) {
    int width = columns - from;
    byte[] out = new byte[Math.multiplyExact(rows, width)];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(values, r * columns + from, out, r * width, width);
    }
    return out;
  }

  private static int parse(String field, Path file, int row, int column, CsvRecord record) {
    String text = field.strip();
    int value = -1;
    if (!text.isEmpty() && text.length() <= 3) {
      value = 0;
      for (int i = 0; i < text.length(); i++) {
        char ch = text.charAt(i);
        if (ch < '0' || ch > '9') {
          value = -1;
          break;
        }
        value = value * 10 + (ch - '0');
      }
    }
    if (value < 0 || value > 255) {
      throw new DataException(where(file, row, record) + ", column " + (column + 1) + ": '"
          + abbreviate(text) + "' is not an integer 0-255");
    }
    return value;
  }

  private static boolean isInteger(String text) {
    return !text.isEmpty() && text.chars().allMatch(ch -> ch >= '0' && ch <= '9');
  }

  private static String where(Path file, int row, CsvRecord record) {
    return file + ": row " + row + " (line " + record.getStartingLineNumber() + ")";
  }

  private static String abbreviate(String text) {
    return text.length() <= 20 ? text : text.substring(0, 20) + "...";
  }
}
