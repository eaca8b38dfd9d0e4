package org.actorgrad.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.actorgrad.testing.FuzzInputs;

/**
 * The IDX reader on arbitrary bytes: a file either reads into images or labels consistent with its
 * header, or fails with a {@link DataException}; anything else (an OutOfMemoryError, an index or
 * size exception, a hang, an allocation the file cannot justify) is a finding.
 *
 * <p>Plain {@code ./mvnw verify} replays the inputs under {@code IdxReaderFuzzTestInputs/<method>/};
 * {@code .ci/fuzz.sh} fuzzes each target with {@code JAZZER_FUZZ=1}.
 */
class IdxReaderFuzzTest {
  private static final Path RAW = FuzzInputs.scratchFile("idx");
  private static final Path GZIP = FuzzInputs.scratchFile("idx-gz");

  @FuzzTest(maxDuration = "60s")
  void imagesFile(byte[] input) {
    FuzzInputs.write(RAW, input);
    readImages(RAW, input.length);
  }

  @FuzzTest(maxDuration = "60s")
  void labelsFile(byte[] input) {
    FuzzInputs.write(RAW, input);
    readLabels(RAW, input.length);
  }

  /**
   * The gzip path with valid compression, which random bytes almost never are: the first byte
   * picks images or labels, the rest is the decompressed content.
   */
  @FuzzTest(maxDuration = "60s")
  void gzipFile(byte[] input) {
    if (input.length == 0) {
      return;
    }
    byte[] content = new byte[input.length - 1];
    System.arraycopy(input, 1, content, 0, content.length);
    FuzzInputs.write(GZIP, IdxFiles.gzip(content));
    if ((input[0] & 1) == 0) {
      readImages(GZIP, content.length);
    } else {
      readLabels(GZIP, content.length);
    }
  }

  private static void readImages(Path file, int inputBytes) {
    FuzzInputs.requireBoundedAllocation(inputBytes, "reading IDX images", () -> {
      try {
        IdxReader.Images images = IdxReader.readImages(file, sha256());
        assertTrue(images.count() > 0 && images.rows() > 0 && images.cols() > 0, "positive dimensions");
        assertEquals((long) images.count() * images.channels() * images.rows() * images.cols(), images.pixels().length,
            "pixels match the header");
      } catch (DataException expected) {
        requireMessage(file, expected);
      }
    });
  }

  private static void readLabels(Path file, int inputBytes) {
    FuzzInputs.requireBoundedAllocation(inputBytes, "reading IDX labels", () -> {
      try {
        byte[] labels = IdxReader.readLabels(file, sha256());
        assertTrue(labels.length > 0, "at least one label"); // any byte is a label: the loader checks the class count
      } catch (DataException expected) {
        requireMessage(file, expected);
      }
    });
  }

  /** The CLI prints these messages as they are, so each names the file and says what is wrong. */
  private static void requireMessage(Path file, DataException e) {
    String prefix = file + ": ";
    assertTrue(e.getMessage() != null && e.getMessage().startsWith(prefix)
        && !e.getMessage().substring(prefix.length()).isBlank(), "names the file and the problem: " + e.getMessage());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
