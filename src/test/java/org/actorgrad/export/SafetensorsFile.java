package org.actorgrad.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test-only reader of safetensors files written from the format's specification
 * (https://github.com/huggingface/safetensors, "Format"), independent of the writer: u64
 * little-endian header size N, N bytes of UTF-8 JSON, then the byte buffer that every
 * {@code data_offsets} is relative to. It checks what the specification requires: the header
 * is a JSON object, offsets lie in the buffer, tensors cover it exactly without overlap, and each
 * tensor's byte length is its shape's product times its dtype's size.
 */
public record SafetensorsFile(Map<String, Tensor> tensors, Map<String, String> metadata, int headerBytes) {
  /** One F32 tensor: its shape and values. */
  public record Tensor(List<Integer> shape, float[] values) {}

  public static SafetensorsFile read(byte[] file) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    long n = in.getLong();
    if (n < 2 || n > file.length - 8) {
      throw new IOException("header size " + n + " does not fit in " + file.length + " bytes");
    }
    JsonNode header = new ObjectMapper().readTree(new String(file, 8, (int) n, StandardCharsets.UTF_8));
    if (!header.isObject()) {
      throw new IOException("the header is not a JSON object");
    }
    int dataStart = 8 + (int) n;
    long dataLength = file.length - dataStart;
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    List<long[]> ranges = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("__metadata__")) {
        e.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().textValue()));
        continue;
      }
      JsonNode t = e.getValue();
      if (!"F32".equals(t.get("dtype").textValue())) {
        throw new IOException(e.getKey() + ": dtype " + t.get("dtype") + ", this reader knows F32 only");
      }
      List<Integer> shape = new ArrayList<>();
      long count = 1;
      for (JsonNode d : t.get("shape")) {
        shape.add(d.intValue());
        count *= d.longValue();
      }
      long begin = t.get("data_offsets").get(0).longValue();
      long end = t.get("data_offsets").get(1).longValue();
      if (begin < 0 || end < begin || end > dataLength || end - begin != count * 4) {
        throw new IOException(e.getKey() + ": data_offsets [" + begin + ", " + end + ") do not hold "
            + count + " F32 values in a buffer of " + dataLength + " bytes");
      }
      ranges.add(new long[] {begin, end});
      float[] values = new float[(int) count];
      ByteBuffer.wrap(file, dataStart + (int) begin, (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer().get(values);
      tensors.put(e.getKey(), new Tensor(shape, values));
    }
    ranges.sort((a, b) -> Long.compare(a[0], b[0]));
    long covered = 0;
    for (long[] r : ranges) {
      if (r[0] != covered) {
        throw new IOException("the tensors leave a hole or overlap at byte " + covered + " of the buffer");
      }
      covered = r[1];
    }
    if (covered != dataLength) {
      throw new IOException("the tensors cover " + covered + " of the buffer's " + dataLength + " bytes");
    }
    return new SafetensorsFile(tensors, metadata, (int) n);
  }
}
