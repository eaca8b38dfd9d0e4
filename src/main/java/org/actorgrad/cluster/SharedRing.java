package org.actorgrad.cluster;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;

/**
 * One direction of a data link between two JVMs on the same host, through a memory-mapped file:
 * the writer encodes a frame into the ring, and only a short header (its length and where it
 * ends) travels through the socket, which keeps the frames in order and wakes the reader. A step's
 * 400 KB of weights or gradient then costs one copy in and one copy out, instead of the kernel's
 * TCP path. The reader says how far it has read in the file's header, and the writer never writes
 * over bytes not yet read: a frame that does not fit in the free space goes through the socket
 * as before.
 *
 * <p>The file: a 64-byte header (magic, capacity, the 16-byte nonce both ends must agree on, the
 * reader's position) and {@code capacity} bytes of frames. Positions count bytes since the start
 * and only grow; a frame never wraps around the end, and when the ring is empty the next frame
 * starts at its beginning, so a lock-step link keeps reusing the same first pages. One writer
 * thread and one reader thread per ring.
 */
final class SharedRing {
  static final int NONCE_BYTES = 16;
  private static final int MAGIC = 0x41475352; // "AGSR"
  private static final int HEADER = 64;
  private static final int NONCE_AT = 8;
  private static final int READ_AT = 32;
  private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final Path file;
  private final MappedByteBuffer mapped;
  private final ByteBuffer frames;
  private final int capacity;
  private long written; // writer: where the last frame ended
  private long next; // writer: where the frame being written starts
  private long read; // reader: where the last frame read ended

  private SharedRing(Path file, MappedByteBuffer mapped, int capacity) {
    this.file = file;
    this.mapped = mapped;
    this.capacity = capacity;
    this.frames = mapped.slice(HEADER, capacity);
  }

  /**
   * Creates a ring file readable and writable only by this user, in {@code directory} (a tmpfs
   * such as /dev/shm, so that nothing is written back to a disk).
   */
  static SharedRing create(Path directory, String name, int capacity, byte[] nonce) throws IOException {
    if (nonce.length != NONCE_BYTES || capacity <= 0) {
      throw new IllegalArgumentException("a shared ring needs a " + NONCE_BYTES + "-byte nonce and a capacity above 0");
    }
    Path file = Files.createFile(directory.resolve(name),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, (long) HEADER + capacity);
      mapped.order(ByteOrder.LITTLE_ENDIAN).putInt(0, MAGIC).putInt(4, capacity).put(NONCE_AT, nonce);
      return new SharedRing(file, mapped, capacity);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  /** Maps a ring another JVM created, if the file is there and carries {@code nonce}. */
  static SharedRing open(Path file, byte[] nonce) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = channel.size();
      if (size < HEADER) {
        throw new IOException(file + " is not a shared ring (" + size + " bytes)");
      }
      ByteBuffer header = channel.map(FileChannel.MapMode.READ_ONLY, 0, HEADER).order(ByteOrder.LITTLE_ENDIAN);
      int capacity = header.getInt(4);
      byte[] found = new byte[NONCE_BYTES];
      header.get(NONCE_AT, found);
      if (header.getInt(0) != MAGIC || capacity <= 0 || size != (long) HEADER + capacity
          || !MessageDigest.isEqual(found, nonce)) {
        throw new IOException(file + " is not the shared ring offered (magic, size or nonce differ)");
      }
      return new SharedRing(file, channel.map(FileChannel.MapMode.READ_WRITE, 0, size), capacity);
    }
  }

  Path file() {
    return file;
  }

  /**
   * Removes the file; both ends keep their mappings. Done once both have mapped it, so that a
   * JVM killed later leaves nothing behind.
   */
  void unlink() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // left in a tmpfs until reboot; nothing depends on it
    }
  }

  // Writer side.

  /**
   * Where the next frame can go: a buffer over the free bytes from the next frame's start (the
   * ring's start when all was read), position 0, or an empty one when no byte is free there.
   */
  ByteBuffer space() {
    long readUpTo = readPosition(); // read once: the reader may move on meanwhile, never back
    next = readUpTo == written ? (written + capacity - 1) / capacity * capacity : written;
    int start = (int) (next % capacity);
    // Counts the bytes skipped to reach the ring's start as used until the frame after them is
    // read: less free space than there is, never more.
    long free = Math.max(0, capacity - (written - readUpTo));
    return frames.slice(start, (int) Math.min(capacity - start, free));
  }

  /**
   * Records a frame of {@code length} bytes written at the start of the last {@link #space()};
   * returns where it ends, which the reader needs to find it.
   */
  long commit(int length) {
    written = next + length;
    return written;
  }

  private long readPosition() {
    return (long) LONGS.getVolatile(mapped, READ_AT);
  }

  // Reader side.

  /**
   * The frame of {@code length} bytes that ends at {@code end} (position 0, limit its length).
   * Refused unless it lies inside the ring, after the last frame read.
   */
  ByteBuffer frame(long end, int length) throws IOException {
    long start = end - length;
    if (length <= 0 || length > capacity || start < read || end - read > 2L * capacity
        || start % capacity + length > capacity) {
      throw new IOException("a shared-memory frame of " + length + " bytes ending at " + end
          + " lies outside the ring (capacity " + capacity + ", read up to " + read + ")");
    }
    return frames.slice((int) (start % capacity), length);
  }

  /** The frame ending at {@code end} is decoded: the writer may reuse its bytes. */
  void release(long end) {
    read = end;
    LONGS.setVolatile(mapped, READ_AT, end);
  }
}
