package org.actorgrad.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NetworkTest {
  @Test
  void sameSeedSameParametersOtherSeedOther() {
    Network network = new Network(NetworkSpec.parse(784, 10, "128:relu,10:softmax", "ce"));
    assertEquals(101_770, network.parameterCount());
    float[] a = network.initialParameters(42);
    assertArrayEquals(a, network.initialParameters(42));
    assertFalse(Arrays.equals(a, network.initialParameters(43)));
  }

  @Test
  void aLayersInitDoesNotDependOnOtherLayersSizes() {
    Network small = new Network(NetworkSpec.parse(20, 3, "16:relu,3:softmax", "ce"));
    Network deeper = new Network(NetworkSpec.parse(20, 3, "16:relu,7:tanh,3:softmax", "ce"));
    float[] a = small.initialParameters(7);
    float[] b = deeper.initialParameters(7);
    ParameterLayout.Tensor w = small.layout().tensor("layer1.weight");
    assertArrayEquals(Arrays.copyOfRange(a, w.offset(), w.offset() + w.length()),
        Arrays.copyOfRange(b, w.offset(), w.offset() + w.length()));
  }

  @Test
  void heNormalForReluXavierUniformOtherwiseBiasesZero() {
    Network network = new Network(NetworkSpec.parse(784, 10, "256:relu,128:tanh,10:softmax", "ce"));
    float[] p = network.initialParameters(1);
    ParameterLayout layout = network.layout();
    // relu: normal with std sqrt(2 / fanIn); 200k samples give the std to well within 2 %.
    double[] relu = stats(p, layout.tensor("layer1.weight"));
    assertEquals(Math.sqrt(2.0 / 784), relu[1], 0.02 * Math.sqrt(2.0 / 784));
    assertTrue(relu[2] > Math.sqrt(6.0 / (784 + 256)), "a normal has values beyond the Xavier bound");
    // tanh: uniform in +-sqrt(6 / (fanIn + fanOut)), std bound / sqrt(3).
    double bound = Math.sqrt(6.0 / (256 + 128));
    double[] tanh = stats(p, layout.tensor("layer2.weight"));
    assertTrue(tanh[2] <= bound, "max " + tanh[2] + " within the bound " + bound);
    assertEquals(bound / Math.sqrt(3), tanh[1], 0.03 * bound / Math.sqrt(3));
    for (String bias : new String[] {"layer1.bias", "layer2.bias", "layer3.bias"}) {
      ParameterLayout.Tensor t = layout.tensor(bias);
      for (int i = t.offset(); i < t.offset() + t.length(); i++) {
        assertEquals(0f, p[i], bias);
      }
    }
  }

  /** {mean, std, max |value|} of one tensor. */
  private static double[] stats(float[] p, ParameterLayout.Tensor t) {
    double sum = 0;
    double sumSq = 0;
    double max = 0;
    for (int i = t.offset(); i < t.offset() + t.length(); i++) {
      sum += p[i];
      sumSq += (double) p[i] * p[i];
      max = Math.max(max, Math.abs(p[i]));
    }
    double mean = sum / t.length();
    return new double[] {mean, Math.sqrt(sumSq / t.length() - mean * mean), max};
  }
}
