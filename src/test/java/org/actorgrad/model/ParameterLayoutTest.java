package org.actorgrad.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterLayoutTest {
  @Test
  void defaultNetworkHas101770Parameters() {
    ParameterLayout layout = new ParameterLayout(NetworkSpec.parse(784, 10, "128:relu,10:softmax", "ce"));
    assertEquals(784 * 128 + 128 + 128 * 10 + 10, layout.totalCount());
    assertEquals(101_770, layout.totalCount());
  }

  @Test
  void weightsThenBiasPerLayerInOrder() {
    ParameterLayout layout = new ParameterLayout(NetworkSpec.parse(5, 3, "4:relu,6:tanh,3:softmax", "ce"));
    assertEquals(List.of("layer1.weight", "layer1.bias", "layer2.weight", "layer2.bias", "layer3.weight",
        "layer3.bias"), layout.tensors().stream().map(ParameterLayout.Tensor::name).toList());
    assertEquals(0, layout.offset("layer1.weight"));
    assertEquals(20, layout.offset("layer1.bias"));
    assertEquals(24, layout.offset("layer2.weight"));
    assertEquals(48, layout.offset("layer2.bias"));
    assertEquals(54, layout.offset("layer3.weight"));
    assertEquals(72, layout.offset("layer3.bias"));
    assertEquals(75, layout.totalCount());
    assertEquals(List.of(6, 4), layout.tensor("layer2.weight").shape());
    assertEquals(List.of(6), layout.tensor("layer2.bias").shape());
    assertEquals(18, layout.tensor("layer3.weight").length());
    assertEquals(24, layout.weightOffset(1));
    assertEquals(48, layout.biasOffset(1));
    assertEquals(3, layout.layerCount());
  }

  @Test
  void unknownNameIsAClearError() {
    ParameterLayout layout = new ParameterLayout(NetworkSpec.parse(5, 3, "3:softmax", "ce"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layout.offset("layer2.bias"));
    assertEquals("no parameter tensor named 'layer2.bias' (expected one of [layer1.weight, layer1.bias])",
        e.getMessage());
  }

  @Test
  void tooManyParametersForOneArray() {
    assertThrows(IllegalArgumentException.class,
        () -> new ParameterLayout(NetworkSpec.parse(100_000, 10, "30000:relu,10:softmax", "ce")));
  }
}
