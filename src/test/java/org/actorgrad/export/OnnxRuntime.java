package org.actorgrad.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/** Runs an exported ONNX model in ONNX Runtime (CPU), the reference the export is checked against. */
public final class OnnxRuntime implements AutoCloseable {
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;

  public OnnxRuntime(byte[] model) throws OrtException {
    session = env.createSession(model, new OrtSession.SessionOptions());
  }

  public OrtSession session() {
    return session;
  }

  /** The single output for {@code x} (n, features) as (n, classes) floats. */
  public float[] run(float[] x, int n, int features) throws OrtException {
    return run(x, new long[] {n, features});
  }

  /** The single output for {@code x} of {@code shape} (n, ...), e.g. (n, C, H, W), as (n, classes) floats. */
  public float[] run(float[] x, long[] shape) throws OrtException {
    long size = 1;
    for (long d : shape) {
      size *= d;
    }
    try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x, 0, Math.toIntExact(size)), shape);
        OrtSession.Result result = session.run(Map.of("pixels", input))) {
      OnnxTensor out = (OnnxTensor) result.get(0);
      FloatBuffer b = out.getFloatBuffer();
      float[] values = new float[b.remaining()];
      b.get(values);
      return values;
    }
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
