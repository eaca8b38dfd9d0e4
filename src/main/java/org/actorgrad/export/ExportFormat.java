package org.actorgrad.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.actorgrad.checkpoint.AtomicFiles;
import org.actorgrad.model.NetworkSpec;

/** The formats a trained network can be exported to, each written atomically (no half file on a failure). */
public enum ExportFormat {
  /** The whole network as an ONNX model ({@link OnnxExport}). */
  ONNX("onnx"),
  /** The weights and biases only, as safetensors ({@link SafetensorsExport}). */
  SAFETENSORS("safetensors");

  private final String id;

  ExportFormat(String id) {
    this.id = id;
  }

  /** The name on the command line and the file extension: onnx or safetensors. */
  public String id() {
    return id;
  }

  /** @throws IllegalArgumentException naming the formats when {@code name} is none of them */
  public static ExportFormat parse(String name) {
    for (ExportFormat f : values()) {
      if (f.id.equals(name == null ? "" : name.trim().toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown export format '" + name + "' (expected onnx or safetensors)");
  }

  /**
   * Writes {@code spec} with {@code params} to {@code out}, replacing it atomically.
   *
   * @param rawPixels ONNX only: fold the value / 255 scaling into the graph (input 0-255)
   */
  public void write(NetworkSpec spec, float[] params, Path out, boolean rawPixels) throws IOException {
    if (this == SAFETENSORS && rawPixels) {
      throw new IllegalArgumentException("--raw-pixels applies to onnx only: safetensors holds weights, not the graph");
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      java.nio.file.Files.createDirectories(parent);
    }
    switch (this) {
      case ONNX -> {
        byte[] model = OnnxExport.toBytes(spec, params, rawPixels);
        AtomicFiles.write(out, o -> o.write(model));
      }
      case SAFETENSORS -> AtomicFiles.write(out, o -> SafetensorsExport.write(spec, params, o));
    }
  }
}
