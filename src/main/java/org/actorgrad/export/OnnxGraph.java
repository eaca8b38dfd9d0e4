package org.actorgrad.export;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An ONNX graph being built: nodes in topological order, constant tensors, one input and one output. */
final class OnnxGraph {
  private final List<ByteString> nodes = new ArrayList<>();
  private final List<ByteString> initializers = new ArrayList<>();
  private final List<ByteString> inputs = new ArrayList<>();
  private final List<ByteString> outputs = new ArrayList<>();
  private final Map<String, String> metadata = new LinkedHashMap<>();

  /** Adds node {@code opType} reading {@code inputs}, writing the value {@code output}; returns it. */
  String node(String opType, String output, List<String> inputs, ByteString... attributes) {
    nodes.add(OnnxProto.node(opType, output + "." + opType, inputs, List.of(output), List.of(attributes)));
    return output;
  }

  /** A constant float tensor of shape {@code dims} from {@code values[offset..)}; returns its name. */
  String constant(String name, List<Integer> dims, float[] values, int offset) {
    initializers.add(OnnxProto.floatTensor(name, dims, values, offset));
    return name;
  }

  /** Declares the graph input {@code name} of shape (N, dims...), N any batch size. */
  void input(String name, List<Integer> dims, String doc) {
    inputs.add(OnnxProto.batchTensor(name, doc, "N", dims));
  }

  /** Declares the graph output {@code name} of shape (N, dims...). */
  void output(String name, List<Integer> dims, String doc) {
    outputs.add(OnnxProto.batchTensor(name, doc, "N", dims));
  }

  /** A model-level key/value pair (ModelProto.metadata_props), e.g. how to scale the pixels. */
  void metadata(String key, String value) {
    metadata.put(key, value);
  }

  /** The serialized ModelProto. */
  byte[] toModel(String name, String doc, long irVersion, long opset, String producerVersion) {
    ByteString graph = OnnxProto.graph(name, doc, nodes, initializers, inputs, outputs);
    return OnnxProto.model(irVersion, opset, "actorgrad", producerVersion, doc, graph, metadata).toByteArray();
  }
}
