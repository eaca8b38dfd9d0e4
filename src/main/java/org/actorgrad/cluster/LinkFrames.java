package org.actorgrad.cluster;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import org.actorgrad.training.WireMessage;

/**
 * The bytes of a data link. It opens with a hello from the worker: "AGDL", a version byte and the
 * 16-byte token the coordinator sent it over Artery. Then both sides send frames: a 4-byte
 * little-endian length and that many bytes of one Kryo message (exactly what Artery would carry).
 * When both ends share memory ({@link SharedMemory}), a frame may instead be a negative length
 * and the 8-byte position where its bytes end in the {@link SharedRing}. A frame longer than the
 * limit, or one that does not decode, ends the link.
 */
final class LinkFrames {
  static final int TOKEN_BYTES = 16;

  /**
   * Socket buffers, both ways: large enough for a step's weights or gradient in one go, so that a
   * write completes without waiting for the reader to drain the window bit by bit (the kernel
   * caps it at net.core.wmem_max / rmem_max).
   */
  static final int SOCKET_BUFFER = 4 << 20;
  private static final byte[] MAGIC = {'A', 'G', 'D', 'L'};
  private static final int VERSION = 1;

  private LinkFrames() {}

  static void writeHello(OutputStream out, byte[] token) throws IOException {
    if (token.length != TOKEN_BYTES) {
      throw new IllegalArgumentException("a data link token has " + TOKEN_BYTES + " bytes, got " + token.length);
    }
    byte[] hello = Arrays.copyOf(MAGIC, MAGIC.length + 1 + TOKEN_BYTES);
    hello[MAGIC.length] = VERSION;
    System.arraycopy(token, 0, hello, MAGIC.length + 1, TOKEN_BYTES);
    out.write(hello);
    out.flush();
  }

  /** The token of a hello; an IOException says what was wrong with it. */
  static byte[] readHello(InputStream in) throws IOException {
    byte[] hello = new byte[MAGIC.length + 1 + TOKEN_BYTES];
    new DataInputStream(in).readFully(hello);
    if (!Arrays.equals(hello, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new IOException("not an actorgrad data link (bad magic)");
    }
    if (hello[MAGIC.length] != VERSION) {
      throw new IOException("data link version " + hello[MAGIC.length] + ", this node speaks " + VERSION);
    }
    return Arrays.copyOfRange(hello, MAGIC.length + 1, hello.length);
  }

  /**
   * Reads frames one after another, decoding each with the node's Kryo serializer. The bytes go
   * from the kernel into a direct buffer, and the arrays are decoded out of it in place.
   */
  static final class Reader {
    private static final int KEPT_BUFFER = 16 << 20;
    private static final int FIRST_BUFFER = 64 * 1024;
    private final ReadableByteChannel in;
    private final KryoSerializer kryo;
    private final long maxFrame;
    private final ByteBuffer header = ByteBuffer.allocateDirect(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer sharedEnd = ByteBuffer.allocateDirect(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private ByteBuffer body = ByteBuffer.allocateDirect(FIRST_BUFFER); // reused: decoding copies out of it
    private SharedRing ring; // frames the other side puts in shared memory, once both sides agreed

    Reader(ReadableByteChannel in, KryoSerializer kryo, long maxFrame) {
      this.in = in;
      this.kryo = kryo;
      this.maxFrame = maxFrame;
    }

    /** The next message, or null when the other side closed the link between two frames. */
    Object next() throws IOException {
      header.clear();
      if (!fill(header)) {
        return null;
      }
      int length = header.getInt(0);
      if (length < 0 && length != Integer.MIN_VALUE && ring != null) {
        return nextShared(-length);
      }
      if (length <= 0 || length > maxFrame) {
        throw new IOException("a data link frame of " + Integer.toUnsignedString(length)
            + " bytes (the limit is " + maxFrame + ")");
      }
      if (body.capacity() < length) {
        long doubled = Math.min(Math.min(maxFrame, Integer.MAX_VALUE), 2L * body.capacity());
        body = ByteBuffer.allocateDirect((int) Math.max(length, doubled));
      }
      body.clear().limit(length);
      if (!fill(body)) {
        throw new IOException("the data link closed in the middle of a frame");
      }
      try {
        return decode(body.flip());
      } finally {
        if (body.capacity() > KEPT_BUFFER) {
          body = ByteBuffer.allocateDirect(FIRST_BUFFER); // a partition's shipment: do not keep tens of MB for a run
        }
      }
    }

    /** The message in {@code frame}; bytes that are not one end the link. */
    private Object decode(ByteBuffer frame) throws IOException {
      try {
        return kryo.fromBinary(frame);
      } catch (WireFormatException e) {
        throw new IOException(e.getMessage(), e);
      }
    }

    /** From now on the other side may put frames in {@code ring}. */
    void useRing(SharedRing ring) {
      this.ring = ring;
    }

    private Object nextShared(int length) throws IOException {
      sharedEnd.clear();
      if (!fill(sharedEnd)) {
        throw new IOException("the data link closed in the middle of a frame");
      }
      long end = sharedEnd.getLong(0);
      try {
        return decode(ring.frame(end, length));
      } finally {
        ring.release(end); // decoding copied everything out (or failed, which ends the link)
      }
    }

    /**
     * Reads until {@code buffer} is full: true, or false when the link ended before its first
     * byte; an end after that is a frame cut short.
     */
    private boolean fill(ByteBuffer buffer) throws IOException {
      while (buffer.hasRemaining()) {
        if (in.read(buffer) < 0) {
          if (buffer.position() == 0) {
            return false;
          }
          throw new IOException("the data link closed in the middle of a frame");
        }
      }
      return true;
    }
  }

  /**
   * Writes frames to one link, from one thread at a time: into the shared ring when one is in use
   * and the frame fits in its free space, else whole through the socket.
   */
  static final class Writer {
    private final WritableByteChannel out;
    private final KryoSerializer kryo;
    private final ByteBuffer sharedHeader =
        ByteBuffer.allocateDirect(Integer.BYTES + Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private volatile SharedRing ring; // set by the thread that reads the other side's answer

    Writer(WritableByteChannel out, KryoSerializer kryo) {
      this.out = out;
      this.kryo = kryo;
    }

    /** From now on frames go into {@code ring} when they fit. */
    void useRing(SharedRing ring) {
      this.ring = ring;
    }

    void write(WireMessage message) throws IOException {
      SharedRing shared = ring;
      if (shared != null) {
        int length = kryo.encodeInto(message, shared.space());
        if (length > 0) {
          long end = shared.commit(length);
          sharedHeader.clear();
          sharedHeader.putInt(0, -length).putLong(Integer.BYTES, end);
          while (sharedHeader.hasRemaining()) {
            out.write(sharedHeader);
          }
          return;
        }
      }
      kryo.writeFrame(message, out);
    }
  }
}
