package org.actorgrad.checkpoint;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Damaged, foreign and hostile files, each rejected with its own one-line message and a hint. */
class CheckpointDamageTest {
  private static final String USE_OLDER = "use an older checkpoint from the same directory, or delete this one";

  @TempDir Path dir;
  private byte[] good;
  private int headerBytes;
  private int dataStart;

  @BeforeEach
  void readGolden() throws IOException {
    good = Files.readAllBytes(GoldenCheckpointTest.golden());
    headerBytes = le(good).getInt(12);
    dataStart = CheckpointFormat.PREAMBLE_BYTES + headerBytes;
  }

  @Test
  void emptyFile() throws IOException {
    assertRejected(new byte[0], "empty file (0 bytes): its write never started or it was truncated", USE_OLDER);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 8, 12, 20, 27})
  void truncatedInThePreamble(int length) throws IOException {
    CheckpointException e = rejected(Arrays.copyOf(good, length));
    assertEquals("truncated: " + length + " bytes, a checkpoint has at least 28", e.reason());
  }

  @ParameterizedTest
  @ValueSource(ints = {28, 100, 1000, 1727})
  void truncatedInTheHeader(int length) throws IOException {
    CheckpointException e = rejected(Arrays.copyOf(good, length));
    assertEquals("header length 1704 exceeds the file (" + length + " bytes): truncated or damaged", e.reason());
    assertEquals(USE_OLDER, e.hint());
  }

  @ParameterizedTest
  @ValueSource(ints = {1732, 1800, 1959, 1963})
  void truncatedInTheDataOrChecksum(int length) throws IOException {
    CheckpointException e = rejected(Arrays.copyOf(good, length));
    assertEquals("truncated: the file has " + length + " bytes, its preamble promises 1964", e.reason());
  }

  @Test
  void truncationAnywhereIsRejectedAsTruncated() throws IOException {
    // Every length in the preamble and at the end, a prime stride between (each case is a file write).
    for (int length = 0; length < good.length; length += length < 64 || length > good.length - 16 ? 1 : 7) {
      CheckpointException e = rejected(Arrays.copyOf(good, length));
      assertTrue(e.reason().contains("truncated"), length + " bytes: " + e.getMessage());
    }
  }

  @Test
  void flippedByteInTheHeader() throws IOException {
    int at = CheckpointFormat.PREAMBLE_BYTES + 40;
    assertRejected(flipped(at), "checksum mismatch: the file is damaged (truncated or modified)", USE_OLDER);
  }

  @Test
  void flippedByteInTheTensorData() throws IOException {
    assertRejected(flipped(dataStart + 5), "checksum mismatch: the file is damaged (truncated or modified)", USE_OLDER);
  }

  @Test
  void flippedByteInTheChecksum() throws IOException {
    assertRejected(flipped(good.length - 2), "checksum mismatch: the file is damaged (truncated or modified)", USE_OLDER);
  }

  @Test
  void singleBitFlipsAnywhereAreRejected() throws IOException {
    // CRC32C detects every single-bit error; this checks the reader consults it (and the preamble
    // checks that come first) wherever the flip lands: every byte of the preamble and the end, a prime stride between.
    for (int at = 0; at < good.length; at += at < 64 || at > good.length - 16 ? 1 : 7) {
      byte[] bytes = good.clone();
      bytes[at] ^= (byte) (1 << (at % 8)); // a different bit at each position
      rejected(bytes);
    }
  }

  @Test
  void wrongMagic() throws IOException {
    byte[] zip = good.clone();
    System.arraycopy(new byte[] {'P', 'K', 3, 4}, 0, zip, 0, 4);
    assertRejected(zip, "not an actorgrad checkpoint (bad magic)",
        "is this the right path? checkpoints start with the bytes AGRDCKPT");
    assertRejected("hello\n".getBytes(UTF_8), "not an actorgrad checkpoint (bad magic)",
        "is this the right path? checkpoints start with the bytes AGRDCKPT");
  }

  @Test
  void futureVersion() throws IOException {
    byte[] bytes = good.clone();
    le(bytes).putInt(8, 3);
    assertRejected(bytes, "written by format 3, this build reads up to 1", "read it with the newer actorgrad that wrote it");
  }

  @Test
  void versionZero() throws IOException {
    byte[] bytes = good.clone();
    le(bytes).putInt(8, 0);
    assertRejected(bytes, "format version 0 does not exist: the preamble is damaged", USE_OLDER);
  }

  @Test
  void headerLengthLargerThanTheFile() throws IOException {
    byte[] bytes = good.clone();
    le(bytes).putInt(12, 100_000);
    assertRejected(bytes, "header length 100000 exceeds the file (1964 bytes): truncated or damaged", USE_OLDER);
    le(bytes).putInt(12, -1); // u32 4294967295, not a negative length
    assertRejected(bytes, "header length 4294967295 exceeds the file (1964 bytes): truncated or damaged", USE_OLDER);
  }

  @Test
  void dataLengthLargerThanTheFile() throws IOException {
    byte[] bytes = good.clone();
    le(bytes).putLong(16, 1L << 40);
    assertRejected(bytes, "truncated: the file has 1964 bytes, its preamble promises " + (1732 + (1L << 40)), USE_OLDER);
    le(bytes).putLong(16, -1L);
    assertRejected(bytes, "truncated: the file has 1964 bytes, its preamble promises more than 2^63", USE_OLDER);
  }

  @Test
  void bytesAfterTheChecksum() throws IOException {
    assertRejected(Arrays.copyOf(good, good.length + 3), "3 unexpected bytes after the checksum", USE_OLDER);
  }

  @ParameterizedTest
  @ValueSource(longs = {59, 1L << 29, Integer.MAX_VALUE, 1L << 31, 1L << 62})
  void tensorClaimingMoreFloatsThanTheFileHoldsAllocatesNothing(long claimed) throws IOException {
    // A consistent file (its checksum matches) whose header lies: only the extent check can catch it,
    // and it must do so before allocating (2^31 floats would need 8 GiB; the tests run in 2 GiB).
    String json = header().replaceFirst("\"length\": 23,", "\"length\": " + claimed + ",");
    CheckpointException e = rejected(craft(json, data()));
    assertEquals("tensor 'params' claims " + claimed + " floats at offset 0 but the data section holds 232 bytes",
        e.reason());
    assertTrue(e.hint().startsWith("the file was not written by a compatible actorgrad"), e.hint());
  }

  @Test
  void tensorsThatDoNotTileTheData() throws IOException {
    String gap = header().replaceFirst("\"offset\": 92", "\"offset\": 96");
    assertEquals("tensor 'optim.velocity' starts at offset 96, expected 92 (tensors are stored back to back in header order)",
        rejected(craft(gap, data())).reason());
    byte[] longer = Arrays.copyOf(data(), data().length + 8);
    assertEquals("the tensors cover 232 bytes of the 240-byte data section", rejected(craft(header(), longer)).reason());
  }

  @Test
  void unknownDtype() throws IOException {
    String f16 = header().replaceFirst("\"f32\"", "\"f16\"");
    assertEquals("tensor 'params' has dtype \"f16\", this build reads \"f32\" only", rejected(craft(f16, data())).reason());
  }

  @Test
  void headerThatIsNotJson() throws IOException {
    CheckpointException e = rejected(craft("{\"header\": {}, \"tensors\": [", new byte[0]));
    assertTrue(e.reason().startsWith("the header is not valid: expected a JSON object"), e.reason());
    assertEquals("the header lacks its \"header\" object or its \"tensors\" list",
        rejected(craft("{\"tensors\": []}", new byte[0])).reason());
    assertTrue(rejected(craft("{\"header\": {\"a\": null}, \"tensors\": []}", new byte[0])).reason()
        .contains("found null"));
  }

  @Test
  void aCraftedFileWithAnHonestHeaderReads() throws Exception {
    // The crafting helper itself is right: unchanged content makes a readable checkpoint.
    assertEquals(CheckpointFormat.read(GoldenCheckpointTest.golden()), read(craft(header(), data())));
  }

  @Test
  void missingFileAndDirectory() {
    CheckpointException missing = assertThrows(CheckpointException.class, () -> CheckpointFormat.read(dir.resolve("nope.agc")));
    assertEquals("no such file", missing.reason());
    CheckpointException directory = assertThrows(CheckpointException.class, () -> CheckpointFormat.read(dir));
    assertTrue(directory.reason().startsWith("cannot read"), directory.reason());
  }

  @Test
  void messagesAreOneLineWithTheFileAndTheHint() throws IOException {
    CheckpointException e = rejected(flipped(dataStart));
    assertTrue(e.getMessage().startsWith(dir.resolve("ckpt-0000000012.agc") + ": checksum mismatch"), e.getMessage());
    assertTrue(e.getMessage().endsWith("(truncated or modified); " + USE_OLDER), e.getMessage());
    assertEquals(-1, e.getMessage().indexOf('\n'));
  }

  /**
   * A damaged model file is not told to "use an older checkpoint from the same directory" (a model
   * has none beside it): a run folder's model.agc names the resume that writes it again from the
   * run's final checkpoint; a model elsewhere, the same in general terms. Files of a checkpoints
   * folder keep the checkpoint's hint.
   */
  @Test
  void aDamagedModelFileGetsTheHintOfAModelFile() throws IOException {
    byte[] truncated = Arrays.copyOf(good, 1800);
    Path run = Files.createDirectories(dir.resolve("run"));
    Files.createDirectories(run.resolve("checkpoints"));
    Path model = Files.write(run.resolve("model.agc"), truncated);
    CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointFormat.read(model));
    assertEquals("truncated: the file has 1800 bytes, its preamble promises 1964", e.reason());
    assertEquals("a model file is written at its run's end: write it again from the run's final checkpoint with"
        + " trainer --resume " + run + ", or train again", e.hint());

    Path alone = Files.write(dir.resolve("exported.agc"), truncated);
    e = assertThrows(CheckpointException.class, () -> CheckpointFormat.read(alone));
    assertEquals("a model file is written at its run's end: copy it again from where it came, or write it again"
        + " from its run's final checkpoint with trainer --resume RUN-FOLDER", e.hint());

    for (Path checkpoint : new Path[] {run.resolve("checkpoints/best.agc"), run.resolve("checkpoints/any.agc"),
        dir.resolve("best.agc")}) {
      Files.write(checkpoint, truncated);
      e = assertThrows(CheckpointException.class, () -> CheckpointFormat.read(checkpoint));
      assertEquals(USE_OLDER, e.hint(), checkpoint.toString());
    }
  }

  private String header() {
    return new String(good, CheckpointFormat.PREAMBLE_BYTES, headerBytes, UTF_8);
  }

  private byte[] data() {
    return Arrays.copyOfRange(good, dataStart, good.length - CheckpointFormat.CHECKSUM_BYTES);
  }

  /** A file with a correct preamble and checksum around the given header and data. */
  private static byte[] craft(String json, byte[] data) {
    byte[] header = json.getBytes(UTF_8);
    ByteBuffer out = le(new byte[24 + header.length + data.length + 4]);
    out.put(CheckpointFormat.MAGIC).putInt(1).putInt(header.length).putLong(data.length).put(header).put(data);
    CRC32C crc = new CRC32C();
    crc.update(out.array(), 0, out.position());
    return out.putInt((int) crc.getValue()).array();
  }

  private byte[] flipped(int at) {
    byte[] bytes = good.clone();
    bytes[at] ^= 0x10;
    return bytes;
  }

  private void assertRejected(byte[] bytes, String reason, String hint) throws IOException {
    CheckpointException e = rejected(bytes);
    assertEquals(reason, e.reason());
    assertEquals(hint, e.hint());
  }

  private CheckpointException rejected(byte[] bytes) throws IOException {
    try {
      Checkpoint c = read(bytes);
      fail("expected a CheckpointException, but it read " + c);
      return null;
    } catch (CheckpointException e) {
      return e;
    }
  }

  private Checkpoint read(byte[] bytes) throws IOException, CheckpointException {
    Path file = dir.resolve("ckpt-0000000012.agc");
    Files.write(file, bytes);
    return CheckpointFormat.read(file);
  }

  private static ByteBuffer le(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }
}
