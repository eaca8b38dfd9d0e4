package org.actorgrad.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.actorgrad.random.SeededRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Conv and maxpool layers in the spec: the exact string, options, canonical forms, errors. */
class ConvNetworkSpecTest {
  static final String MNIST_CNN =
      "conv:32:3x3:relu,maxpool:2x2,conv:64:3x3:relu,maxpool:2x2,128:relu,10:softmax";
  static final FeatureShape MNIST = new FeatureShape(1, 28, 28);

  @Test
  void theClassicMnistCnnHasPyTorchsShapesAndParameterCount() {
    NetworkSpec spec = NetworkSpec.parse(MNIST, 10, MNIST_CNN, "ce");
    assertEquals(List.of(MNIST, new FeatureShape(32, 26, 26), new FeatureShape(32, 13, 13),
        new FeatureShape(64, 11, 11), new FeatureShape(64, 5, 5), FeatureShape.flat(128),
        FeatureShape.flat(10)), spec.shapes());
    assertEquals("input:28x28x1," + MNIST_CNN, spec.layersSpec());
    // sum(p.numel() for p in the anchor's nn.Sequential) = 320 + 18496 + 204928 + 1290
    Network network = new Network(spec);
    assertEquals(225034, network.parameterCount());
    ParameterLayout layout = network.layout();
    assertEquals(List.of(32, 1, 3, 3), layout.tensor("layer1.weight").shape());
    assertEquals(List.of(64, 32, 3, 3), layout.tensor("layer3.weight").shape());
    assertEquals(List.of(128, 1600), layout.tensor("layer5.weight").shape());
    assertEquals(List.of("layer1.weight", "layer1.bias", "layer3.weight", "layer3.bias",
        "layer5.weight", "layer5.bias", "layer6.weight", "layer6.bias"),
        layout.tensors().stream().map(ParameterLayout.Tensor::name).toList());
    assertEquals(-1, layout.weightOffset(1));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "input:28x28x1,conv:32:3x3:relu,maxpool:2x2,conv:64:3x3:relu,maxpool:2x2,128:relu,10:softmax",
    "input:28x28x1,conv:8:5x5:tanh:stride=2:padding=same:dropout=0.25,maxpool:3x3:stride=2,10:softmax",
    "input:9x7x3,conv:4:3x2:leaky_relu:stride=2x1,maxpool:2x1,16:relu:dropout=0.5,10:softmax"})
  void canonicalFormsParseBack(String layers) {
    NetworkSpec spec = NetworkSpec.parse(layers.equals(MNIST_CNN) ? 784 : inputsOf(layers), 10, layers, "ce");
    assertEquals(layers, spec.layersSpec());
    assertEquals(spec, NetworkSpec.parse(spec.toString()));
  }

  @Test
  void optionsMayComeInAnyOrderAndDefaultsAreLeftOut() {
    NetworkSpec spec = NetworkSpec.parse(MNIST, 10,
        "conv:4:3:relu:dropout=0.1:padding=same:stride=1,maxpool:2x2:stride=2,10:softmax", "ce");
    assertEquals("input:28x28x1,conv:4:3x3:relu:padding=same:dropout=0.1,maxpool:2x2,10:softmax",
        spec.layersSpec());
    assertEquals(new FeatureShape(4, 14, 14), spec.shapes().get(2));
  }

  @Test
  void patchesTooLargeForAnArrayAreToldToShrinkTheKernelNotTheFilters() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetworkSpec.parse(
        new FeatureShape(256, 1024, 1024), 10, "conv:8:9x9:relu:padding=same,10:softmax", "ce"));
    assertEquals("layer 1 (conv:8:9x9:relu:padding=same): conv layer's patches too large for one float[] per"
        + " sample: 256x1024x1024 -> 8x1024x1024 with a 9x9 kernel (use a smaller kernel, a stride, or fewer"
        + " channels before it)", e.getMessage());
  }

  @Test
  void sizesAndOptionsAreReadInAnyCaseAsKindsAndActivationsAre() {
    assertEquals(NetworkSpec.parse(MNIST, 10, "conv:8:3x3:relu:padding=same:stride=2,maxpool:2x2:stride=1,"
            + "16:relu:dropout=0.5,10:softmax", "ce"),
        NetworkSpec.parse(MNIST, 10, "INPUT:28X28X1,CONV:8:3X3:RELU:Padding=SAME:STRIDE=2,MaxPool:2X2:Stride=1,"
            + "16:relu:DROPOUT=0.5,10:SOFTMAX", "ce"));
  }

  @Test
  void aDenseNetworkKeepsItsFormWhateverTheImageShape() {
    NetworkSpec spec = NetworkSpec.parse(MNIST, 10, "128:relu,10:softmax", "ce");
    assertEquals(NetworkSpec.parse(784, 10, "128:relu,10:softmax", "ce"), spec);
    assertEquals("inputs=784 layers=128:relu,10:softmax loss=cross-entropy", spec.toString());
  }

  static Stream<Arguments> badSpecs() {
    return Stream.of(
        Arguments.of("conv:32:30x30:relu,10:softmax",
            "layer 1 (conv:32:30x30:relu): a 30x30 kernel is larger than its 28x28 input (use a"
                + " smaller kernel, padding=same, or fewer pooling layers before it)"),
        Arguments.of("conv:8:3x3:relu,maxpool:2x2,maxpool:2x2,maxpool:2x2,maxpool:2x2,maxpool:2x2,"
            + "10:softmax",
            "layer 6 (maxpool:2x2): a 2x2 pool leaves nothing of its 1x1 input (use a smaller"
                + " window, or fewer layers that shrink the image before it)"),
        Arguments.of("128:relu,conv:8:3x3:relu,10:softmax",
            "layer 2 (conv:8:3x3:relu) comes after a dense layer: conv and maxpool layers must all"
                + " come before the first dense layer"),
        Arguments.of("conv:8:3x3:relu,maxpool:2x2",
            "the last layer must be a dense layer with 10 outputs, found maxpool:2x2 in layer 2"
                + " (end with e.g. 10:softmax)"),
        Arguments.of("conv:8:3x3:relu:padding=full,10:softmax",
            "unknown conv option 'padding=full' in layer 1 (expected stride=S, padding=same|valid"
                + " or dropout=p)"),
        Arguments.of("conv:8:3y3:relu,10:softmax",
            "kernel size must be a positive integer, found '3y3' in layer 1"),
        Arguments.of("conv:8:3x3,10:softmax",
            "expected conv:filters:KHxKW:activation[:stride=S][:padding=same][:dropout=p] in layer 1,"
                + " found 'conv:8:3x3'"),
        Arguments.of("conv:8:3x3:relu:stride=0,10:softmax",
            "stride must be a positive integer, found '0' in layer 1"),
        Arguments.of("maxpool:2x2:dropout=0.5,10:softmax",
            "unknown maxpool option 'dropout=0.5' in layer 1 (expected stride=S)"),
        Arguments.of("conv:8:3x3:softmax,10:softmax",
            "softmax is only allowed in the last (dense) layer, found in layer 1"),
        Arguments.of("conv:8:3x3:relu:stride=2:stride=3,10:softmax", "conv option 'stride' given twice in layer 1"),
        Arguments.of("conv:8:3x3:relu:padding=same:padding=valid,10:softmax",
            "conv option 'padding' given twice in layer 1"),
        Arguments.of("conv:8:3x3:relu:dropout=0.1:DROPOUT=0.5,10:softmax", "conv option 'dropout' given twice in layer 1"),
        Arguments.of("conv:8:3x3:relu:Pading=same:Pading=same,10:softmax",
            "unknown conv option 'Pading=same' in layer 1 (expected stride=S, padding=same|valid or dropout=p)"),
        Arguments.of("conv:2147483647:3x3:relu,10:softmax",
            "layer 1 (conv:2147483647:3x3:relu): conv layer too large for one float[] per sample:"
                + " 1x28x28 -> 2147483647x26x26 (use fewer filters, or a stride)"),
        Arguments.of("2147483647:relu,10:softmax",
            "layer 1 (2147483647:relu): a sample of 1x1x2147483647 does not fit in one float[] (use fewer"
                + " filters or units)"),
        Arguments.of("input:32x32x3,conv:8:3x3:relu,10:softmax",
            "the layer spec declares input:32x32x3 but the images are 28x28x1"));
  }

  @ParameterizedTest
  @MethodSource("badSpecs")
  void badSpecsGetOneClearLine(String layers, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NetworkSpec.parse(MNIST, 10, layers, "ce"));
    assertEquals(message, e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  /**
   * Before the data is read the class count is not known: a spec ending in a pool was told "with 2
   * outputs" (a stand-in count) on ten-class data.
   */
  @Test
  void beforeTheDataNoClassCountIsGuessed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NetworkSpec.check(NetworkSpec.UNKNOWN_CLASSES, "conv:16:3x3:relu,maxpool:2x2", "ce"));
    assertEquals("the last layer must be a dense layer with one output per class, found maxpool:2x2 in layer 2"
        + " (end with e.g. 10:softmax for ten classes)", e.getMessage());
    NetworkSpec.check(NetworkSpec.UNKNOWN_CLASSES, "conv:16:3x3:relu,maxpool:2x2,26:softmax", "ce");
    NetworkSpec.check(NetworkSpec.UNKNOWN_CLASSES, "input:28x28x1,conv:16:3x3:relu,maxpool:2x2,26:softmax", "ce");
    assertThrows(IllegalArgumentException.class, () -> new NetworkSpec(MNIST, 0,
        java.util.List.of(), LossKind.CROSS_ENTROPY), "a network's own class count must be known");
  }

  @Test
  void withoutTheDataOnlyTheShapeFreeChecksRun() {
    NetworkSpec.check(10, MNIST_CNN, "ce");
    NetworkSpec.check(10, "conv:32:99x99:relu,10:softmax", "ce"); // the data decides
    assertThrows(IllegalArgumentException.class,
        () -> NetworkSpec.check(10, "128:relu,conv:8:3x3:relu,10:softmax", "ce"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NetworkSpec.parse(784, 10, MNIST_CNN, "ce"));
    assertEquals("a network with conv:32:3x3:relu needs its input's shape: start the layers with"
        + " input:ROWSxCOLSxCHANNELS (training takes it from the data)", e.getMessage());
  }

  @Test
  void dropoutOnAConvLayerChangesTheGradientAndEvaluationIgnoresIt() {
    FeatureShape input = new FeatureShape(2, 6, 6);
    Network plain = new Network(NetworkSpec.parse(input, 3, "conv:3:3x3:relu,maxpool:2x2,3:softmax", "ce"));
    Network dropped = new Network(
        NetworkSpec.parse(input, 3, "conv:3:3x3:relu:dropout=0.5,maxpool:2x2,3:softmax", "ce"));
    float[] params = plain.initialParameters(3);
    float[] x = new float[2 * input.size()];
    SeededRandom rng = new SeededRandom(9);
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextFloat();
    }
    int[] labels = {1, 2};
    float[] g1 = new float[params.length];
    float[] g2 = new float[params.length];
    new GradientEngine(plain, 2).gradient(g1, params, x, labels, new int[] {0, 1}, 2, 1, 0);
    new GradientEngine(dropped, 2).gradient(g2, params, x, labels, new int[] {0, 1}, 2, 1, 0);
    assertFalse(java.util.Arrays.equals(g1, g2));
    assertEquals(new GradientEngine(plain, 2).evaluate(params, x, labels, 2),
        new GradientEngine(dropped, 2).evaluate(params, x, labels, 2));
  }

  private static int inputsOf(String layers) {
    String[] d = layers.substring("input:".length(), layers.indexOf(',')).split("x");
    return Integer.parseInt(d[0]) * Integer.parseInt(d[1]) * Integer.parseInt(d[2]);
  }
}
