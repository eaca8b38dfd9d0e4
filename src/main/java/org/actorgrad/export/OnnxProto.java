package org.actorgrad.export;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * The few ONNX protobuf messages an export needs, encoded field by field with protobuf-java's
 * {@link CodedOutputStream} instead of classes generated from onnx.proto. Every field number below
 * is the one of https://github.com/onnx/onnx/blob/main/onnx/onnx.proto (unchanged since IR version 3,
 * so valid for the IR version 7 written here); a nested message is written as a length-delimited
 * bytes field, which is how protobuf encodes it.
 */
final class OnnxProto {
  /** TensorProto.DataType.FLOAT. */
  static final int FLOAT = 1;

  private OnnxProto() {}

  /** A writer of one message's fields. */
  @FunctionalInterface
  private interface Fields {
    void write(CodedOutputStream out) throws IOException;
  }

  private static ByteString message(Fields fields) {
    try {
      ByteString.Output bytes = ByteString.newOutput();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      fields.write(out);
      out.flush();
      return bytes.toByteString();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writes to memory only
    }
  }

  /**
   * ModelProto: ir_version = 1, producer_name = 2, producer_version = 3, doc_string = 6,
   * graph = 7, opset_import = 8 (OperatorSetIdProto: domain = 1, version = 2; the default domain
   * "" is ai.onnx), metadata_props = 14 (StringStringEntryProto: key = 1, value = 2).
   */
  static ByteString model(long irVersion, long opset, String producer, String producerVersion,
      String doc, ByteString graph, Map<String, String> metadata) {
    return message(out -> {
      out.writeInt64(1, irVersion);
      out.writeString(2, producer);
      out.writeString(3, producerVersion);
      out.writeString(6, doc);
      out.writeBytes(7, graph);
      out.writeBytes(8, message(o -> o.writeInt64(2, opset)));
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        out.writeBytes(14, message(o -> {
          o.writeString(1, e.getKey());
          o.writeString(2, e.getValue());
        }));
      }
    });
  }

  /** GraphProto: node = 1, name = 2, initializer = 5, doc_string = 10, input = 11, output = 12. */
  static ByteString graph(String name, String doc, List<ByteString> nodes, List<ByteString> initializers,
      List<ByteString> inputs, List<ByteString> outputs) {
    return message(out -> {
      for (ByteString node : nodes) {
        out.writeBytes(1, node);
      }
      out.writeString(2, name);
      for (ByteString tensor : initializers) {
        out.writeBytes(5, tensor);
      }
      out.writeString(10, doc);
      for (ByteString input : inputs) {
        out.writeBytes(11, input);
      }
      for (ByteString output : outputs) {
        out.writeBytes(12, output);
      }
    });
  }

  /** NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5. */
  static ByteString node(String opType, String name, List<String> inputs, List<String> outputs,
      List<ByteString> attributes) {
    return message(out -> {
      for (String input : inputs) {
        out.writeString(1, input);
      }
      for (String output : outputs) {
        out.writeString(2, output);
      }
      out.writeString(3, name);
      out.writeString(4, opType);
      for (ByteString attribute : attributes) {
        out.writeBytes(5, attribute);
      }
    });
  }

  /** AttributeProto of type INT (2): name = 1, i = 3, type = 20. */
  static ByteString intAttribute(String name, long value) {
    return message(out -> {
      out.writeString(1, name);
      out.writeInt64(3, value);
      out.writeEnum(20, 2);
    });
  }

  /**
   * AttributeProto of type INTS (7): name = 1, ints = 8 (repeated int64, written unpacked as
   * onnx.proto's proto2 syntax declares it), type = 20. Conv's kernel_shape, strides and pads.
   */
  static ByteString intsAttribute(String name, long... values) {
    return message(out -> {
      out.writeString(1, name);
      for (long v : values) {
        out.writeInt64(8, v);
      }
      out.writeEnum(20, 7);
    });
  }

  /** AttributeProto of type FLOAT (1): name = 1, f = 2, type = 20. */
  static ByteString floatAttribute(String name, float value) {
    return message(out -> {
      out.writeString(1, name);
      out.writeFloat(2, value);
      out.writeEnum(20, 1);
    });
  }

  /**
   * TensorProto of floats: dims = 1, data_type = 2, name = 8, raw_data = 9 (little-endian, as
   * onnx.proto requires). {@code dims} empty makes a scalar; its data is {@code values[offset..offset+length)}.
   */
  static ByteString floatTensor(String name, List<Integer> dims, float[] values, int offset) {
    long length = 1;
    for (int d : dims) {
      length *= d;
    }
    ByteBuffer raw = ByteBuffer.allocate(Math.toIntExact(length * Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(values, offset, (int) length);
    return message(out -> {
      for (int d : dims) {
        out.writeInt64(1, d);
      }
      out.writeInt32(2, FLOAT);
      out.writeString(8, name);
      out.writeBytes(9, ByteString.copyFrom(raw.array()));
    });
  }

  /**
   * ValueInfoProto of a float tensor whose first dimension is the batch, named {@code batch}
   * (TensorShapeProto.Dimension.dim_param = 2) and the others fixed (dim_value = 1):
   * ValueInfoProto name = 1, type = 2, doc_string = 3; TypeProto tensor_type = 1;
   * TypeProto.Tensor elem_type = 1, shape = 2; TensorShapeProto dim = 1.
   */
  static ByteString batchTensor(String name, String doc, String batch, List<Integer> dims) {
    ByteString shape = message(out -> {
      out.writeBytes(1, message(o -> o.writeString(2, batch)));
      for (int d : dims) {
        out.writeBytes(1, message(o -> o.writeInt64(1, d)));
      }
    });
    ByteString tensorType = message(out -> {
      out.writeInt32(1, FLOAT);
      out.writeBytes(2, shape);
    });
    return message(out -> {
      out.writeString(1, name);
      out.writeBytes(2, message(o -> o.writeBytes(1, tensorType)));
      out.writeString(3, doc);
    });
  }
}
