package org.actorgrad.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.actorgrad.model.FeatureShape;
import org.actorgrad.model.NetworkSpec;
import org.actorgrad.model.ParameterLayout;
import org.junit.jupiter.api.Test;

/** The safetensors export read back by the format's specification: names, nn.Linear shapes, exact values. */
class SafetensorsExportTest {
  @Test
  void oneTensorPerWeightAndBiasInNnLinearLayoutWithExactValues() throws Exception {
    NetworkSpec spec = NetworkSpec.parse(49, 10, "24:tanh,16:step,10:softmax", "cross-entropy");
    float[] params = OnnxExportTest.randomParams(spec, 9);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SafetensorsExport.write(spec, params, out);
    SafetensorsFile file = SafetensorsFile.read(out.toByteArray());

    assertEquals(List.of("layer1.weight", "layer1.bias", "layer2.weight", "layer2.bias", "layer3.weight",
        "layer3.bias"), List.copyOf(file.tensors().keySet()));
    // nn.Linear(in_features, out_features): weight (out_features, in_features), bias (out_features).
    assertEquals(List.of(24, 49), file.tensors().get("layer1.weight").shape());
    assertEquals(List.of(24), file.tensors().get("layer1.bias").shape());
    assertEquals(List.of(16, 24), file.tensors().get("layer2.weight").shape());
    assertEquals(List.of(10, 16), file.tensors().get("layer3.weight").shape());
    ParameterLayout layout = new ParameterLayout(spec);
    for (ParameterLayout.Tensor t : layout.tensors()) {
      float[] expected = Arrays.copyOfRange(params, t.offset(), t.offset() + t.length());
      assertArrayEquals(expected, file.tensors().get(t.name()).values(), t.name() + " bit for bit");
    }
    assertEquals("pt", file.metadata().get("format"));
    assertEquals(spec.toString(), file.metadata().get("actorgrad.network"));
    assertEquals(0, (8 + file.headerBytes()) % 8, "the data starts 8-byte aligned");
  }

  @Test
  void aCnnHasNnConv2dWeightsAndNoTensorForItsPools() throws Exception {
    String layers = "conv:6:4x4:tanh:stride=2:padding=same,maxpool:3x3:stride=2,conv:5:2x3:relu,12:relu,4:softmax";
    NetworkSpec spec = NetworkSpec.parse(new FeatureShape(3, 17, 15), 4, layers, "cross-entropy");
    float[] params = OnnxExportTest.randomParams(spec, 21);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SafetensorsExport.write(spec, params, out);
    SafetensorsFile file = SafetensorsFile.read(out.toByteArray());

    // layer2 is the pool: it keeps its number and has no tensor, as an nn.MaxPool2d has no state.
    assertEquals(List.of("layer1.weight", "layer1.bias", "layer3.weight", "layer3.bias", "layer4.weight",
        "layer4.bias", "layer5.weight", "layer5.bias"), List.copyOf(file.tensors().keySet()));
    // nn.Conv2d(in_channels, out_channels, (kh, kw)): weight (out_channels, in_channels, kh, kw).
    assertEquals(List.of(6, 3, 4, 4), file.tensors().get("layer1.weight").shape());
    assertEquals(List.of(6), file.tensors().get("layer1.bias").shape());
    assertEquals(List.of(5, 6, 2, 3), file.tensors().get("layer3.weight").shape());
    // 17x15 -> conv stride 2 same 9x8 -> pool 3x3/2 4x3 -> conv 2x3 3x1: 5 * 3 * 1 inputs, flattened CHW.
    assertEquals(List.of(12, 15), file.tensors().get("layer4.weight").shape());
    assertEquals(List.of(4, 12), file.tensors().get("layer5.weight").shape());
    ParameterLayout layout = new ParameterLayout(spec);
    for (ParameterLayout.Tensor t : layout.tensors()) {
      float[] expected = Arrays.copyOfRange(params, t.offset(), t.offset() + t.length());
      assertArrayEquals(expected, file.tensors().get(t.name()).values(), t.name() + " bit for bit");
    }
    assertEquals(spec.toString(), file.metadata().get("actorgrad.network"));
  }

  @Test
  void theSameModelGivesTheSameBytes() throws Exception {
    NetworkSpec spec = NetworkSpec.parse(49, 10, "12:relu,10:softmax", "cross-entropy");
    float[] params = OnnxExportTest.randomParams(spec, 4);
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    SafetensorsExport.write(spec, params, a);
    SafetensorsExport.write(spec, params, b);
    assertArrayEquals(a.toByteArray(), b.toByteArray());
  }
}
