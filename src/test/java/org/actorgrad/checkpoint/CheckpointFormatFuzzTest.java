package org.actorgrad.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.actorgrad.testing.FuzzInputs;

/**
 * The checkpoint reader on arbitrary bytes: a file either reads into a checkpoint that writes back
 * to the same header and tensors, or fails with a {@link CheckpointException}; any other
 * exception, an OutOfMemoryError, a hang or an allocation beyond what the file can justify is a
 * finding.
 *
 * <p>Random bytes almost never carry a valid CRC32C, so two of the targets repair what the reader
 * checks first (the checksum; the preamble's lengths) and let the fuzzer spend its time on the
 * JSON header and the tensor table behind them. Seeds are real checkpoints: the golden file and a
 * tiny training run's model (784-1-10, momentum).
 */
class CheckpointFormatFuzzTest {
  private static final Path FILE = FuzzInputs.scratchFile("checkpoint");

  /** The bytes as they are on disk. */
  @FuzzTest(maxDuration = "60s")
  void anyFile(byte[] input) {
    read(input, input.length);
  }

  /** Everything before the checksum is fuzzed; the CRC32C over it is appended, so it always matches. */
  @FuzzTest(maxDuration = "60s")
  void anyFileWithValidChecksum(byte[] body) {
    read(withChecksum(body), body.length);
  }

  /**
   * Header and data are fuzzed, the preamble and checksum are made to agree with them: the input is
   * a u32 (little-endian) header length, then the header, then the data section.
   */
  @FuzzTest(maxDuration = "60s")
  void anyHeaderAndData(byte[] input) {
    if (input.length < 4) {
      return;
    }
    ByteBuffer in = ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN);
    int headerBytes = (int) Math.min(Integer.toUnsignedLong(in.getInt()), input.length - 4);
    int dataBytes = input.length - 4 - headerBytes;
    ByteBuffer body = ByteBuffer.allocate(CheckpointFormat.PREAMBLE_BYTES + headerBytes + dataBytes)
        .order(ByteOrder.LITTLE_ENDIAN);
    body.put(CheckpointFormat.MAGIC).putInt(CheckpointFormat.VERSION).putInt(headerBytes).putLong(dataBytes);
    body.put(input, 4, headerBytes + dataBytes);
    read(withChecksum(body.array()), input.length);
  }

  private static void read(byte[] file, int inputBytes) {
    FuzzInputs.write(FILE, file);
    Checkpoint[] read = new Checkpoint[1];
    FuzzInputs.requireBoundedAllocation(inputBytes, "reading a checkpoint", () -> {
      try {
        read[0] = CheckpointFormat.read(FILE);
      } catch (CheckpointException expected) {
        assertTrue(!expected.reason().isBlank() && !expected.hint().isBlank(), "says what is wrong and what to do");
      }
    });
    if (read[0] != null) {
      requireWritesBack(read[0]);
    }
  }

  /** What the reader accepts, the writer can write again, and reading that gives the same checkpoint. */
  private static void requireWritesBack(Checkpoint c) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      CheckpointFormat.write(c, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    FuzzInputs.write(FILE, bytes.toByteArray());
    Checkpoint again;
    try {
      again = CheckpointFormat.read(FILE);
    } catch (CheckpointException e) {
      throw new AssertionError("a checkpoint that was read cannot be read after writing it back: " + e.getMessage(), e);
    }
    assertEquals(c.header(), again.header());
    assertEquals(c.tensors().keySet(), again.tensors().keySet());
    for (String name : c.tensors().keySet()) {
      assertArrayEquals(c.tensors().get(name), again.tensors().get(name), name);
    }
  }

  private static byte[] withChecksum(byte[] body) {
    CRC32C crc = new CRC32C();
    crc.update(body);
    ByteBuffer file = ByteBuffer.allocate(body.length + CheckpointFormat.CHECKSUM_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    return file.put(body).putInt((int) crc.getValue()).array();
  }
}
