package org.actorgrad.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.actorgrad.model.Network;
import org.actorgrad.model.NetworkSpec;
import org.actorgrad.model.ParameterLayout;

/**
 * A network's parameters in the safetensors format (https://github.com/huggingface/safetensors,
 * "Format"): an 8-byte little-endian unsigned header length N, N bytes of JSON mapping each tensor
 * name to {@code {"dtype", "shape", "data_offsets": [begin, end)}} (byte offsets into the data
 * that follows) plus a {@code "__metadata__"} map of strings, then the tensors' bytes,
 * little-endian, one after another.
 *
 * <p>One F32 tensor per layer weight and bias, named as actorgrad names them: a dense layer's
 * {@code layerI.weight} (out, in) and {@code layerI.bias} (out), the layout of PyTorch's
 * {@code nn.Linear}; a conv layer's {@code layerI.weight} (out_channels, in_channels, kh, kw) and
 * {@code layerI.bias} (out_channels), the layout of {@code nn.Conv2d}; a maxpool layer keeps its
 * number and has no tensor. So a module whose attributes {@code layer1, layer2, ...} are those
 * nn.Linear, nn.Conv2d and nn.MaxPool2d layers loads it with
 * {@code load_state_dict(safetensors.torch.load_file(path))} (the first dense layer after a conv
 * takes {@code torch.flatten(x, 1)}, whose CHW order is actorgrad's). The metadata holds
 * {@code "format": "pt"} (as safetensors' own torch writer marks its files) and the network.
 */
public final class SafetensorsExport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SafetensorsExport() {}

  /**
   * Writes the file's bytes to {@code out} (not closed).
   *
   * @throws IllegalArgumentException when params does not have the network's parameter count
   */
  public static void write(NetworkSpec spec, float[] params, OutputStream out) throws IOException {
    Network network = new Network(spec);
    if (params.length != network.parameterCount()) {
      throw new IllegalArgumentException("expected " + network.parameterCount() + " parameters for "
          + spec.layersSpec() + ", found " + params.length);
    }
    List<ParameterLayout.Tensor> tensors = network.layout().tensors();
    byte[] header = header(spec, tensors);
    out.write(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
    out.write(header);
    for (ParameterLayout.Tensor t : tensors) {
      ByteBuffer data = ByteBuffer.allocate(t.length() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      data.asFloatBuffer().put(params, t.offset(), t.length());
      out.write(data.array());
    }
  }

  /** The JSON header, padded with spaces to a multiple of 8 bytes so the data that follows is aligned. */
  private static byte[] header(NetworkSpec spec, List<ParameterLayout.Tensor> tensors)
      throws JsonProcessingException {
    Map<String, Object> header = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>(); // ordered: the same model gives the same bytes
    metadata.put("format", "pt");
    metadata.put("actorgrad.network", spec.toString());
    header.put("__metadata__", metadata);
    long begin = 0;
    for (ParameterLayout.Tensor t : tensors) {
      long end = begin + (long) t.length() * Float.BYTES;
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("dtype", "F32");
      entry.put("shape", t.shape());
      entry.put("data_offsets", List.of(begin, end));
      header.put(t.name(), entry);
      begin = end;
    }
    byte[] json = JSON.writeValueAsBytes(header);
    int padded = (json.length + 7) / 8 * 8;
    byte[] bytes = Arrays.copyOf(json, padded);
    Arrays.fill(bytes, json.length, padded, (byte) ' ');
    return bytes;
  }
}
