package org.actorgrad.checkpoint;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The checkpoint file format, version 1 (docs/checkpoint-format.md): a 24-byte preamble (magic,
 * version, header length, data length), a UTF-8 JSON header padded with spaces so the data starts
 * on a 64-byte boundary, the tensors as raw little-endian float32, and a CRC32C of everything
 * before it.
 *
 * <p>Files are untrusted. {@link #read} checks magic, version, the lengths against the file size
 * and the checksum before it parses the header, and checks every tensor's extent against the data
 * section before it allocates the tensor, so a damaged or hostile file cannot make it allocate
 * more than the file holds.
 */
public final class CheckpointFormat {
  public static final int VERSION = 1;
  /** The first 8 bytes of every checkpoint. */
  public static final byte[] MAGIC = "AGRDCKPT".getBytes(US_ASCII);
  /** magic (8), version (u32), header length (u32), data length (u64). */
  public static final int PREAMBLE_BYTES = 24;
  public static final int CHECKSUM_BYTES = 4;
  /** The tensor data starts at a multiple of this, so it can be memory-mapped as float32 in place. */
  public static final int DATA_ALIGNMENT = 64;
  /** A header is a few KB even with a long metrics history; a larger one is a damaged length. */
  public static final int MAX_HEADER_BYTES = 64 << 20;

  private static final int CHUNK_BYTES = 1 << 20;
  private static final String F32 = "f32";

  private CheckpointFormat() {}

  /** Writes atomically: a reader sees the old file or the complete new one, never a part. */
  public static void write(Checkpoint c, Path file) throws IOException {
    AtomicFiles.write(file, out -> write(c, out));
  }

  /** Writes the file's bytes to {@code out}; does not close it. */
  public static void write(Checkpoint c, OutputStream out) throws IOException {
    List<Object> entries = new ArrayList<>();
    long dataBytes = 0;
    for (Map.Entry<String, float[]> t : c.tensors().entrySet()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", t.getKey());
      entry.put("dtype", F32);
      entry.put("length", (long) t.getValue().length);
      entry.put("offset", dataBytes);
      entries.add(entry);
      dataBytes += 4L * t.getValue().length;
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("header", c.header());
    json.put("tensors", entries);
    byte[] header = padded(HeaderJson.pretty(json).getBytes(UTF_8));
    if (header.length > MAX_HEADER_BYTES) {
      throw new IllegalArgumentException("expected a header under " + MAX_HEADER_BYTES + " bytes, found "
          + header.length + " (keep bulk data in tensors, not in the header)");
    }

    CRC32C crc = new CRC32C();
    ByteBuffer preamble = ByteBuffer.allocate(PREAMBLE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    preamble.put(MAGIC).putInt(VERSION).putInt(header.length).putLong(dataBytes);
    emit(out, crc, preamble.array(), PREAMBLE_BYTES);
    emit(out, crc, header, header.length);

    ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    FloatBuffer floats = chunk.asFloatBuffer();
    for (float[] t : c.tensors().values()) {
      for (int from = 0; from < t.length; from += floats.capacity()) {
        int n = Math.min(floats.capacity(), t.length - from);
        floats.clear();
        floats.put(t, from, n); // bulk copy into little-endian order
        emit(out, crc, chunk.array(), 4 * n);
      }
    }
    ByteBuffer sum = ByteBuffer.allocate(CHECKSUM_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    out.write(sum.putInt((int) crc.getValue()).array());
  }

  /** A verified checkpoint with the facts about its file that {@code inspect} shows. */
  public record FileContents(Checkpoint checkpoint, int version, long bytes) {}

  /** Reads and verifies a checkpoint; every failure is a one-line CheckpointException with a hint. */
  public static Checkpoint read(Path file) throws CheckpointException {
    return readFile(file).checkpoint();
  }

  /** {@link #read}, also giving the file's format version and size. */
  public static FileContents readFile(Path file) throws CheckpointException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return read(file, ch);
    } catch (NoSuchFileException e) {
      throw new CheckpointException(file, "no such file", "check the path", e);
    } catch (IOException e) {
      throw new CheckpointException(file, "cannot read: " + e.getMessage(),
          "check that it is a readable file", e);
    }
  }

  private static FileContents read(Path file, FileChannel ch) throws IOException, CheckpointException {
    long size = ch.size();
    if (size == 0) {
      throw damaged(file, "empty file (0 bytes): its write never started or it was truncated");
    }
    ByteBuffer preamble = ByteBuffer.allocate(PREAMBLE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    preamble.limit((int) Math.min(size, PREAMBLE_BYTES));
    readFully(ch, preamble, 0);
    int magicBytes = Math.min(preamble.limit(), MAGIC.length);
    if (!Arrays.equals(preamble.array(), 0, magicBytes, MAGIC, 0, magicBytes)) {
      throw new CheckpointException(file, "not an actorgrad checkpoint (bad magic)",
          "is this the right path? checkpoints start with the bytes AGRDCKPT");
    }
    long minimum = PREAMBLE_BYTES + CHECKSUM_BYTES;
    if (size < minimum) {
      throw damaged(file, "truncated: " + size + " bytes, a checkpoint has at least " + minimum);
    }
    long version = Integer.toUnsignedLong(preamble.getInt(8));
    if (version > VERSION) {
      throw new CheckpointException(file,
          "written by format " + version + ", this build reads up to " + VERSION,
          "read it with the newer actorgrad that wrote it");
    }
    if (version == 0) {
      throw damaged(file, "format version 0 does not exist: the preamble is damaged");
    }
    long headerBytes = Integer.toUnsignedLong(preamble.getInt(12));
    long dataBytes = preamble.getLong(16); // u64; negative as a long means beyond any file
    if (headerBytes > size - minimum) {
      throw damaged(file, "header length " + headerBytes + " exceeds the file (" + size + " bytes): truncated or damaged");
    }
    if (headerBytes > MAX_HEADER_BYTES) {
      throw damaged(file, "header length " + headerBytes + " exceeds the limit of " + MAX_HEADER_BYTES);
    }
    if (dataBytes < 0 || dataBytes > size - minimum - headerBytes) {
      throw damaged(file, "truncated: the file has " + size + " bytes, its preamble promises "
          + (dataBytes < 0 ? "more than 2^63" : Long.toString(minimum + headerBytes + dataBytes)));
    }
    long expected = minimum + headerBytes + dataBytes;
    if (size > expected) {
      throw damaged(file, (size - expected) + " unexpected bytes after the checksum");
    }
    // One direct buffer serves both passes: channels read into it without an extra copy.
    ByteBuffer chunk = ByteBuffer.allocateDirect((int) Math.min(CHUNK_BYTES, size)).order(ByteOrder.LITTLE_ENDIAN);
    verifyChecksum(file, ch, size, chunk);

    ByteBuffer headerBuffer = ByteBuffer.allocate((int) headerBytes);
    readFully(ch, headerBuffer, PREAMBLE_BYTES);
    Map<String, Object> json;
    try {
      json = HeaderJson.parse(new String(headerBuffer.array(), UTF_8));
    } catch (IllegalArgumentException e) {
      throw foreign(file, "the header is not valid: " + e.getMessage());
    }
    Object header = json.get("header");
    Object tensors = json.get("tensors");
    if (!(header instanceof Map<?, ?>) || !(tensors instanceof List<?>)) {
      throw foreign(file, "the header lacks its \"header\" object or its \"tensors\" list");
    }
    long dataStart = PREAMBLE_BYTES + headerBytes;
    Map<String, float[]> values = readTensors(file, ch, (List<?>) tensors, dataStart, dataBytes, chunk);
    @SuppressWarnings("unchecked") // HeaderJson.parse gives String-keyed maps of canonical values
    Map<String, Object> fields = (Map<String, Object>) header;
    return new FileContents(new Checkpoint(fields, values), (int) version, size);
  }

  private static void verifyChecksum(Path file, FileChannel ch, long size, ByteBuffer chunk)
      throws IOException, CheckpointException {
    CRC32C crc = new CRC32C();
    long covered = size - CHECKSUM_BYTES;
    for (long pos = 0; pos < covered; pos += chunk.limit()) {
      chunk.clear().limit((int) Math.min(chunk.capacity(), covered - pos));
      readFully(ch, chunk, pos);
      crc.update(chunk.flip());
    }
    ByteBuffer stored = ByteBuffer.allocate(CHECKSUM_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, stored, covered);
    if (stored.getInt(0) != (int) crc.getValue()) {
      throw damaged(file, "checksum mismatch: the file is damaged (truncated or modified)");
    }
  }

  /** Checks every tensor's extent against the data section, then allocates and reads them in order. */
  private static Map<String, float[]> readTensors(
      Path file, FileChannel ch, List<?> entries, long dataStart, long dataBytes, ByteBuffer chunk)
      throws IOException, CheckpointException {
    List<String> names = new ArrayList<>(entries.size());
    List<Integer> lengths = new ArrayList<>(entries.size());
    Set<String> seen = new HashSet<>();
    long offset = 0;
    for (Object e : entries) {
      if (!(e instanceof Map<?, ?> entry)
          || !(entry.get("name") instanceof String name) || name.isEmpty()
          || !(entry.get("length") instanceof Long length) || length < 0
          || !(entry.get("offset") instanceof Long at)) {
        throw foreign(file, "a tensor entry lacks a name, a length or an offset: " + HeaderJson.compact(e));
      }
      if (!seen.add(name)) {
        throw foreign(file, "tensor '" + name + "' is listed twice");
      }
      if (!F32.equals(entry.get("dtype"))) {
        // An entry may lack the dtype altogether: compact(null) would throw, not describe it.
        Object dtype = entry.get("dtype");
        throw foreign(file, "tensor '" + name + "' has " + (dtype == null ? "no dtype" : "dtype " + HeaderJson.compact(dtype))
            + ", this build reads \"f32\" only");
      }
      if (at != offset) {
        throw foreign(file, "tensor '" + name + "' starts at offset " + at + ", expected " + offset
            + " (tensors are stored back to back in header order)");
      }
      if (length > (dataBytes - offset) / 4 || length > Integer.MAX_VALUE - 8) {
        throw foreign(file, "tensor '" + name + "' claims " + length + " floats at offset " + offset
            + " but the data section holds " + dataBytes + " bytes");
      }
      names.add(name);
      lengths.add((int) (long) length);
      offset += 4L * length;
    }
    if (offset != dataBytes) {
      throw foreign(file, "the tensors cover " + offset + " bytes of the " + dataBytes + "-byte data section");
    }

    Map<String, float[]> values = new LinkedHashMap<>();
    long pos = dataStart;
    for (int i = 0; i < names.size(); i++) {
      float[] t = new float[lengths.get(i)];
      for (int from = 0; from < t.length; ) {
        int n = Math.min(chunk.capacity() / 4, t.length - from);
        chunk.clear().limit(4 * n);
        readFully(ch, chunk, pos);
        chunk.flip().asFloatBuffer().get(t, from, n); // bulk copy out of little-endian order
        from += n;
        pos += 4L * n;
      }
      values.put(names.get(i), t);
    }
    return values;
  }

  /** Pads with spaces (JSON whitespace) so that the data after the header is aligned. */
  private static byte[] padded(byte[] json) {
    int end = PREAMBLE_BYTES + json.length;
    int aligned = (end + DATA_ALIGNMENT - 1) / DATA_ALIGNMENT * DATA_ALIGNMENT;
    byte[] out = Arrays.copyOf(json, aligned - PREAMBLE_BYTES);
    Arrays.fill(out, json.length, out.length, (byte) ' ');
    return out;
  }

  private static void emit(OutputStream out, CRC32C crc, byte[] bytes, int length) throws IOException {
    crc.update(bytes, 0, length);
    out.write(bytes, 0, length);
  }

  private static void readFully(FileChannel ch, ByteBuffer buffer, long position) throws IOException {
    long pos = position;
    while (buffer.hasRemaining()) {
      int n = ch.read(buffer, pos);
      if (n < 0) {
        throw new EOFException("the file shrank while being read");
      }
      pos += n;
    }
  }

  /** Damage: the hint fits the file's role, a step checkpoint or a model file. */
  private static CheckpointException damaged(Path file, String reason) {
    return new CheckpointException(file, reason, CheckpointException.damageHint(file));
  }

  /** The checksum matched, so the bytes are as written: the writer was not this format's. */
  private static CheckpointException foreign(Path file, String reason) {
    return new CheckpointException(file, reason,
        "the file was not written by a compatible actorgrad: " + CheckpointException.damageHint(file));
  }
}
