package org.actorgrad.checkpoint;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.actorgrad.random.SeededRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFormatTest {
  @TempDir Path dir;

  @Test
  void roundTripIsExactAcrossChunkBoundaries() throws Exception {
    SeededRandom random = new SeededRandom(7);
    Map<String, float[]> tensors = new LinkedHashMap<>();
    for (int length : new int[] {1, 262_144, 262_145, 600_001, 0, 3}) { // the writer's chunk is 262,144 floats
      float[] t = new float[length];
      for (int i = 0; i < length; i++) {
        t[i] = (float) random.nextGaussian();
      }
      tensors.put("t" + tensors.size(), t);
    }
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("epoch", 3);
    header.put("metrics", List.of(Map.of("epoch", 1, "loss", 2.302585092994046)));
    header.put("finished", true);
    Checkpoint c = new Checkpoint(header, tensors);

    Path file = dir.resolve("c.agc");
    CheckpointFormat.write(c, file);
    Checkpoint back = CheckpointFormat.read(file);
    assertEquals(c, back);
    assertEquals(List.copyOf(c.tensors().keySet()), List.copyOf(back.tensors().keySet()));
    assertEquals(List.copyOf(c.header().keySet()), List.copyOf(back.header().keySet()));
  }

  @Test
  void layoutIsAsDocumented() throws IOException {
    Checkpoint c = new Checkpoint(Map.of("seed", 1), Map.of("params", new float[] {1f, -2.5f, 0f}));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CheckpointFormat.write(c, out);
    byte[] bytes = out.toByteArray();
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);

    assertEquals("AGRDCKPT", new String(bytes, 0, 8, US_ASCII));
    assertEquals(1, b.getInt(8));
    int headerBytes = b.getInt(12);
    assertEquals(12, b.getLong(16));
    int dataStart = 24 + headerBytes;
    assertEquals(0, dataStart % 64, "tensor data starts on a 64-byte boundary");
    assertEquals(28 + headerBytes + 12, bytes.length);
    assertEquals(1f, b.getFloat(dataStart));
    assertEquals(-2.5f, b.getFloat(dataStart + 4));
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    assertEquals((int) crc.getValue(), b.getInt(bytes.length - 4));
    String json = new String(bytes, 24, headerBytes, US_ASCII);
    assertEquals("{\n  \"header\": {\n    \"seed\": 1\n  },\n  \"tensors\": [\n    {\n      \"name\": \"params\",\n"
        + "      \"dtype\": \"f32\",\n      \"length\": 3,\n      \"offset\": 0\n    }\n  ]\n}\n", json.stripTrailing() + "\n");
  }

  @Test
  void writingToAPathIsAtomicAndLeavesNothingElse() throws Exception {
    Path file = dir.resolve("x.agc");
    CheckpointFormat.write(new Checkpoint(Map.of("v", 1), Map.of()), file);
    CheckpointFormat.write(new Checkpoint(Map.of("v", 2), Map.of()), file);
    assertEquals(2, CheckpointFormat.read(file).number("v"));
    try (var files = Files.list(dir)) {
      assertArrayEquals(new Object[] {file}, files.toArray());
    }
  }
}
