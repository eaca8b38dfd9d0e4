package org.actorgrad.kernel;

import java.util.Arrays;

/**
 * The 2-D convolution layer (PyTorch's {@code Conv2d}, cross-correlation, no dilation or groups),
 * lowered sample by sample by {@link Im2col} onto the micro-kernel behind {@link Dense}
 * ({@link Product}), so the vector and scalar paths give the same bits. Activations are CHW per
 * sample, samples contiguous: x (n, C, H, W), z (n, OC, OH, OW), exactly PyTorch's NCHW, so
 * flattening z for a dense layer gives PyTorch's {@code Flatten} order. The weight is
 * (OC, C, KH, KW) row-major at params[wOff..] (PyTorch's {@code Conv2d.weight} layout), the bias
 * (OC) at params[bOff..].
 *
 * <p>The arithmetic (what fixes the bits; Dense's order, see {@link DenseScalar}), with patch index
 * k = (c, kh, kw) and position p = (oh, ow), both row-major:
 * <ul>
 *   <li>z[o, p]: the fma chain over k from zero of patch[p, k]·W[o, k], then the bias added;
 *   <li>dW[o, k]: per sample, the chain over p of dz[o, p]·patch[p, k], added to grad sample
 *       after sample; db[o]: per sample, dz[o, p] summed over p from zero, added to grad;
 *   <li>dpatch[p, k]: the chain over o of dz[o, p]·W[o, k]; dx[pixel]: its dpatch entries summed
 *       from zero in increasing p ({@link Im2col#col2imTransposed}).
 * </ul>
 * The layouts are chosen so that every product runs on whole vectors and the large operands need
 * no transpose: z (OC, positions) = W · colsT straight into the CHW order, dWᵀ (patch, OC) =
 * colsT · dzᵀ with the forward's patches as they are (only dz, the smaller operand, transposed;
 * each element's chain is dW's, a·b = b·a in an fma), dcolsT (patch, positions) = Wᵀ · dz,
 * whose rows col2im adds whole; on the vector path a stride-1 unpadded layer takes dcolsT on the
 * input's width instead, which {@link Col2imVector} sums per pixel with whole vectors.
 *
 * <p>A 3x3 stride-1 layer of at least {@link Winograd#MIN_CHANNELS} input channels and filters
 * computes its three products by {@link Winograd}'s F(2x2, 3x3) instead: its own arithmetic,
 * documented there; the bias, db and what is folded in below are as here.
 *
 * <p>What lies around the layer in a CNN is folded in where that saves a pass over a batch's
 * activations with the same operations per float: the ReLU after it into the forward's bias pass,
 * a max pool after that ReLU into the forward, sample by sample ({@link #forwardThroughPool}), and
 * the pool's and the ReLU's backward into this layer's ({@link #backwardThroughPool}).
 */
public final class Conv2d {
  private Conv2d() {}

  /**
   * True when a layer of geometry s computes its products by {@link Winograd} (3x3, stride 1, at
   * least {@link Winograd#MIN_CHANNELS} input channels and filters), false when by im2col.
   */
  public static boolean usesWinograd(Conv2dShape s) {
    return Winograd.applies(s);
  }

  /**
   * z (n, OC, OH, OW) = conv(x (n, C, H, W), W) + b.
   *
   * @throws IllegalArgumentException if an array is too small or the workspace does not fit s
   */
  public static void forward(float[] z, float[] x, float[] params, int wOff, int bOff,
      Conv2dShape s, int n, Conv2dWorkspace ws) {
    forward(z, null, x, params, wOff, bOff, s, n, ws);
  }

  /**
   * As {@link #forward(float[], float[], float[], int, int, Conv2dShape, int, Conv2dWorkspace)},
   * and when {@code relu} is not null, also relu (n, OC, OH, OW) = ReLU(z) (the bits of
   * {@link Activation#RELU}'s forward) in the same pass over z: a layer with a ReLU after it saves
   * reading z back. With relu given, z may be null: only ReLU(z) is written.
   *
   * @throws IllegalArgumentException if an array is too small, both z and relu are null, or the
   *     workspace does not fit s
   */
  public static void forward(float[] z, float[] relu, float[] x, float[] params, int wOff, int bOff,
      Conv2dShape s, int n, Conv2dWorkspace ws) {
    checkCommon(x, params, wOff, bOff, s, n, ws);
    if (z != null || relu == null) {
      DenseShapes.checkLength("z", z, (long) n * s.outputSize(), "n*OC*OH*OW");
    }
    if (relu != null) {
      DenseShapes.checkLength("relu", relu, (long) n * s.outputSize(), "n*OC*OH*OW");
    }
    boolean winograd = Winograd.applies(s);
    if (winograd) {
      Winograd.prepareForward(params, wOff, s, ws);
    }
    for (int i = 0; i < n; i++) {
      forwardSample(z, relu, i * s.outputSize(), x, i * s.inputSize(), params, wOff, bOff, s, winograd, ws);
    }
  }

  /**
   * The forward of a conv layer with a ReLU, no dropout, and a max pool after it, through that
   * pool: y (n, OC, PH, PW) and argmax (n, OC, PH, PW) are what
   * {@link MaxPool2d#forward(float[], int[], float[], Pool2dShape, int)} gives for ReLU(z), with
   * z = conv(x (n, C, H, W), W) + b as {@link #forward}, the same bits. Each sample's ReLU(z)
   * is pooled as soon as it is computed, from a one-sample buffer of the workspace that stays in
   * cache, so the batch's ReLU(z) is never written nor read back (for the MNIST CNN's first layer
   * 5.5 MB each way per 64 samples, more than a core's cache). {@link #backwardThroughPool} needs
   * only y and argmax.
   *
   * @throws IllegalArgumentException if an array is too small, the pool does not take this layer's
   *     output, or the workspace does not fit s
   */
  public static void forwardThroughPool(float[] y, int[] argmax, Pool2dShape pool, float[] x, float[] params,
      int wOff, int bOff, Conv2dShape s, int n, Conv2dWorkspace ws) {
    checkCommon(x, params, wOff, bOff, s, n, ws);
    checkPool(pool, y, argmax, s, n);
    boolean winograd = Winograd.applies(s);
    if (winograd) {
      Winograd.prepareForward(params, wOff, s, ws);
    }
    // The sample's ReLU(z) in dzT: free in a forward once the sample's product is in ws.out (the
    // Winograd path's transposed z is read before), and at least OC·OH·OW long.
    float[] sampleRelu = ws.dzT;
    for (int i = 0; i < n; i++) {
      forwardSample(null, sampleRelu, 0, x, i * s.inputSize(), params, wOff, bOff, s, winograd, ws);
      MaxPool2d.forward(y, argmax, i * pool.outputSize(), sampleRelu, 0, pool, 1);
    }
  }

  /**
   * One sample's forward: z[zOff..] (OC, OH, OW) = conv(x[xOff..] (C, H, W)) + b unless z is null,
   * and relu[zOff..] = ReLU of it unless relu is null. Winograd's filters already prepared.
   */
  private static void forwardSample(float[] z, float[] relu, int zOff, float[] x, int xOff, float[] params,
      int wOff, int bOff, Conv2dShape s, boolean winograd, Conv2dWorkspace ws) {
    int positions = s.positions(), filters = s.filters(), patch = s.patchSize();
    int stride = (int) Conv2dWorkspace.positionsPadded(s);
    float[] out = ws.out;
    if (winograd) {
      Winograd.forwardSample(out, stride, x, xOff, s, ws);
    } else {
      Im2col.transposed(ws.colsT, stride, x, xOff, s);
      // out (OC, stride) = W (OC, patch) · colsT (patch, stride)
      Product.product(out, 0, stride, false, params, wOff, patch, 1, ws.colsT, 0, stride,
          filters, stride, patch);
    }
    if (Dense.vector()) {
      ConvBiasVector.rows(z, relu, zOff, out, stride, params, bOff, filters, positions);
      return;
    }
    for (int o = 0; o < filters; o++) {
      biasRow(z, relu, zOff + o * positions, out, o * stride, params[bOff + o], positions);
    }
  }

  /**
   * z[to + p] = out[from + p] + bias for p < count unless z is null, and relu[to + p] = that z if
   * it is > 0, else +0, unless relu is null: one filter's row of the forward's last pass, float by
   * float (the scalar path, and ConvBiasVector's rows shorter than a vector).
   */
  static void biasRow(float[] z, float[] relu, int to, float[] out, int from, float bias, int count) {
    for (int p = 0; p < count; p++) {
      float v = out[from + p] + bias;
      if (z != null) {
        z[to + p] = v;
      }
      if (relu != null) {
        relu[to + p] = v > 0f ? v : 0f;
      }
    }
  }

  /**
   * Accumulates (+=) dW into grad[wOff..] and db into grad[bOff..]; overwrites dx (n, C, H, W)
   * unless dx is null (a first layer needs none). dz is (n, OC, OH, OW), x the forward's input.
   *
   * @throws IllegalArgumentException if an array is too small or the workspace does not fit s
   */
  public static void backward(float[] dx, float[] grad, float[] dz, float[] x, float[] params,
      int wOff, int bOff, Conv2dShape s, int n, Conv2dWorkspace ws) {
    checkBackward(dx, grad, x, params, wOff, bOff, s, n, ws);
    DenseShapes.checkLength("dz", dz, (long) n * s.outputSize(), "n*OC*OH*OW");
    backward(dx, grad, dz, null, null, null, null, x, params, wOff, bOff, s, n, ws);
  }

  /**
   * {@link #backward} for a layer whose ReLU output a max pool took: dz is not given but made per
   * sample from the pool's output y, its output gradient dy (both (n, OC, PH, PW)) and its winners
   * argmax: dz = ReLU'(z) ⊙ (each winner's dy added at its input, in output order), with ReLU's
   * mask read from y (y = ReLU(z) at the winner, so y > 0 exactly where z > 0), straight into the
   * layouts the dW and dX products read. Each dz entry gets the same additions in the same order
   * as {@link MaxPool2d#backward} then ReLU's backward give it (where the mask is 0, +0 terms from
   * +0: +0), and db, dW and dx the same sums, so the bits are those of the three passes in turn.
   * What it saves is the batch-wide dz (for the MNIST CNN's first layer 5.5 MB per 64 samples,
   * zeroed, scattered into, read by the ReLU, then transposed): per sample it lives in cache-sized
   * buffers.
   *
   * @param y the pool's output from {@link MaxPool2d#forward} of exactly ReLU(this layer's z): no
   *     dropout or other activation between (not checked: with one, the gradient is wrong)
   * @throws IllegalArgumentException if an array is too small, the pool does not take this layer's
   *     output, or the workspace does not fit s
   */
  public static void backwardThroughPool(float[] dx, float[] grad, float[] dy, int[] argmax,
      Pool2dShape pool, float[] y, float[] x, float[] params, int wOff, int bOff, Conv2dShape s, int n,
      Conv2dWorkspace ws) {
    checkBackward(dx, grad, x, params, wOff, bOff, s, n, ws);
    checkPool(pool, y, argmax, s, n);
    DenseShapes.checkLength("dy", dy, (long) n * pool.outputSize(), "n*OC*PH*PW");
    backward(dx, grad, null, dy, argmax, pool, y, x, params, wOff, bOff, s, n, ws);
  }

  /** Both backward passes: dz given (pool null), or made from the pool's dy, argmax and y (dz null). */
  private static void backward(float[] dx, float[] grad, float[] dz, float[] dy, int[] argmax,
      Pool2dShape pool, float[] y, float[] x, float[] params, int wOff, int bOff, Conv2dShape s, int n,
      Conv2dWorkspace ws) {
    int positions = s.positions(), filters = s.filters(), patch = s.patchSize();
    int positionsPadded = (int) Conv2dWorkspace.positionsPadded(s);
    int filtersPadded = (int) Conv2dWorkspace.filtersPadded(s);
    // dW is summed transposed, dWᵀ (patch, filtersPadded) in ws.dw: grad's dW copied in, the
    // samples' products added, copied back at the end: the same additions in the same order.
    float[] dwT = ws.dw;
    boolean winograd = Winograd.applies(s);
    if (winograd) {
      Winograd.prepareBackward(params, wOff, s, ws);
    } else {
      for (int k = 0; k < patch; k++) {
        int row = k * filtersPadded;
        for (int o = 0; o < filters; o++) {
          dwT[row + o] = grad[wOff + o * patch + k];
        }
        Arrays.fill(dwT, row + filters, row + filtersPadded, 0f);
      }
    }
    float[] colsT = ws.colsT, dzT = ws.dzT, dzPadded = ws.out, dcolsT = ws.dcolsT;
    // dX through the wide lowering (Col2imVector) where it applies: zeros written here once,
    // which the samples' copies of dz and products below never overwrite (dzFromPool zeroes its
    // rows itself, every sample).
    boolean wide = !winograd && dx != null && Dense.vector() && Conv2dWorkspace.wide(s);
    int widePadded = (int) Conv2dWorkspace.widePadded(s), margin = Conv2dWorkspace.wideMargin(s);
    int outRows = s.outRows(), outCols = s.outCols(), width = s.cols();
    // dz for dX, per filter a row of this stride: the input's width (wide) or positionsPadded
    int dzRow = wide ? widePadded : positionsPadded;
    if (wide) {
      if (pool == null) {
        Arrays.fill(dzPadded, 0, filters * widePadded, 0f);
      }
      Arrays.fill(dcolsT, 0, margin, 0f);
    }
    for (int i = 0; i < n; i++) {
      int zOff = i * s.outputSize();
      // The forward's patch layout as it is, and dz transposed: for the MNIST CNN's second layer
      // dz (positions, OC) is a fifth of the patches by position (positions, C*KH*KW) that
      // dW = dz · cols transposed; for its first, the patch (9 columns) is no longer padded to 16.
      if (!winograd) {
        Im2col.transposed(colsT, positionsPadded, x, i * s.inputSize(), s);
      }
      if (pool != null) {
        dzFromPool(dzT, filtersPadded, dx != null && !winograd ? dzPadded : null, dzRow,
            wide ? width - outCols : 0, dy, argmax, pool, y, i, s);
      } else {
        transpose(dzT, filtersPadded, dz, zOff, filters, positions);
      }
      if (Dense.vector() || pool != null) { // db from dz's columns: the same sums as dz's rows give
        float[] db = ws.bias;
        if (Dense.vector()) {
          ColumnSumsVector.sums(db, dzT, positions, filtersPadded);
        } else {
          columnSums(db, dzT, positions, filtersPadded, filters);
        }
        for (int o = 0; o < filters; o++) {
          grad[bOff + o] += db[o];
        }
      } else {
        biasGradient(grad, bOff, dz, zOff, filters, positions);
      }
      if (winograd) {
        Winograd.backwardSample(dx, i * s.inputSize(), x, i * s.inputSize(), s, ws);
        continue;
      }
      // dWᵀ (patch, filtersPadded) += colsT (patch, positions) · dzT (positions, filtersPadded)
      Product.product(dwT, 0, filtersPadded, true, colsT, 0, positionsPadded, 1, dzT, 0,
          filtersPadded, patch, filtersPadded, positions);
      if (dx != null && wide) {
        // dz's output rows at the input's width (dzFromPool wrote them already): the junk columns
        // and padding stay +0 from above.
        if (pool == null) {
          for (int o = 0; o < filters; o++) {
            for (int oh = 0; oh < outRows; oh++) {
              System.arraycopy(dz, zOff + o * positions + oh * outCols, dzPadded,
                  o * widePadded + oh * width, outCols);
            }
          }
        }
        // dcols wide (patch, widePadded) = Wᵀ (patch, OC) · dz wide (OC, widePadded), after the margin
        Product.product(dcolsT, margin, widePadded, false, params, wOff, 1, patch, dzPadded, 0,
            widePadded, patch, widePadded, filters);
        Col2imVector.col2im(dx, i * s.inputSize(), dcolsT, margin, widePadded, s);
      } else if (dx != null) {
        if (pool == null) { // else dzFromPool wrote them
          for (int o = 0; o < filters; o++) {
            System.arraycopy(dz, zOff + o * positions, dzPadded, o * positionsPadded, positions);
            Arrays.fill(dzPadded, o * positionsPadded + positions, (o + 1) * positionsPadded, 0f);
          }
        }
        // dcolsT (patch, positionsPadded) = Wᵀ (patch, OC) · dz (OC, positionsPadded)
        Product.product(dcolsT, 0, positionsPadded, false, params, wOff, 1, patch, dzPadded, 0,
            positionsPadded, patch, positionsPadded, filters);
        Im2col.col2imTransposed(dx, i * s.inputSize(), dcolsT, positionsPadded, s);
      }
    }
    if (winograd) {
      Winograd.finishBackward(grad, wOff, s, ws);
      return;
    }
    for (int o = 0; o < filters; o++) {
      for (int k = 0; k < patch; k++) {
        grad[wOff + o * patch + k] = dwT[k * filtersPadded + o];
      }
    }
  }

  /**
   * Sample i's dz from the pool above, as {@link #backwardThroughPool} defines it (the winners' dy
   * where y > 0, added in output order; a select, not a branch: ReLU's sign is a coin toss): into
   * dzT (positions, stride) and, unless dzX is null, into dzX (OC, dzRow), position p = (oh, ow) at
   * oh·(OW + widen) + ow (widen: the junk columns of the wide layout). Both are zeroed first.
   */
  private static void dzFromPool(float[] dzT, int stride, float[] dzX, int dzRow, int widen, float[] dy,
      int[] argmax, Pool2dShape pool, float[] y, int i, Conv2dShape s) {
    int positions = s.positions(), filters = s.filters(), outCols = s.outCols();
    Arrays.fill(dzT, 0, positions * stride, 0f);
    if (dzX != null) {
      Arrays.fill(dzX, 0, filters * dzRow, 0f);
    }
    int q = i * pool.outputSize(), kernelRows = pool.kernelRows();
    for (int o = 0; o < filters; o++) {
      int channel = o * positions;
      for (int ph = 0; ph < pool.outRows(); ph++) {
        int top = ph * pool.strideRows(); // the window's first row
        for (int pw = 0; pw < pool.outCols(); pw++, q++) {
          int p = argmax[q] - channel;
          float d = y[q] > 0f ? dy[q] : 0f;
          dzT[p * stride + o] += d;
          if (dzX != null) {
            // The winner's row: the window's first, plus one for each of the KH - 1 rows below it
            // that starts at or before p; counted without a branch (the winner's row is a coin toss).
            int oh = top;
            for (int k = 1; k < kernelRows; k++) {
              oh += ((top + k) * outCols - 1 - p) >>> 31;
            }
            dzX[o * dzRow + p + oh * widen] += d;
          }
        }
      }
    }
  }

  /**
   * out[o] = Σ_{p < rows} t[p·stride + o] from +0 in increasing p, for o < filters (the sums of
   * ColumnSumsVector, and of biasGradient over dz's rows).
   */
  private static void columnSums(float[] out, float[] t, int rows, int stride, int filters) {
    for (int o = 0; o < filters; o++) {
      float sum = 0f;
      for (int p = 0; p < rows; p++) {
        sum += t[p * stride + o];
      }
      out[o] = sum;
    }
  }

  /**
   * t[p·stride + o] = dz[zOff + o·positions + p] for p < positions, o < filters; 0 for
   * filters <= o < stride.
   */
  private static void transpose(float[] t, int stride, float[] dz, int zOff, int filters,
      int positions) {
    if (Dense.vector()) {
      DenseVectorTranspose.transpose(dz, zOff, t, filters, positions, stride);
      return;
    }
    for (int p = 0; p < positions; p++) {
      int row = p * stride;
      for (int o = 0; o < filters; o++) {
        t[row + o] = dz[zOff + o * positions + p];
      }
      Arrays.fill(t, row + filters, row + stride, 0f);
    }
  }

  /**
   * grad[bOff + o] += Σ_p dz[zOff + o·positions + p], each sum from zero in increasing p. Eight
   * filters at a time: eight independent chains, where one chain waits on each add's latency.
   */
  private static void biasGradient(float[] grad, int bOff, float[] dz, int zOff, int filters,
      int positions) {
    int o = 0;
    for (; o + 8 <= filters; o += 8) {
      int r = zOff + o * positions;
      float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
      for (int p = 0; p < positions; p++) {
        s0 += dz[r + p];
        s1 += dz[r + positions + p];
        s2 += dz[r + 2 * positions + p];
        s3 += dz[r + 3 * positions + p];
        s4 += dz[r + 4 * positions + p];
        s5 += dz[r + 5 * positions + p];
        s6 += dz[r + 6 * positions + p];
        s7 += dz[r + 7 * positions + p];
      }
      grad[bOff + o] += s0;
      grad[bOff + o + 1] += s1;
      grad[bOff + o + 2] += s2;
      grad[bOff + o + 3] += s3;
      grad[bOff + o + 4] += s4;
      grad[bOff + o + 5] += s5;
      grad[bOff + o + 6] += s6;
      grad[bOff + o + 7] += s7;
    }
    for (; o < filters; o++) {
      int r = zOff + o * positions;
      float s = 0f;
      for (int p = 0; p < positions; p++) {
        s += dz[r + p];
      }
      grad[bOff + o] += s;
    }
  }

  private static void checkBackward(float[] dx, float[] grad, float[] x, float[] params, int wOff, int bOff,
      Conv2dShape s, int n, Conv2dWorkspace ws) {
    checkCommon(x, params, wOff, bOff, s, n, ws);
    DenseShapes.checkLength("grad", grad, (long) Math.max(wOff + s.weightSize(), bOff + s.filters()),
        "the conv weight and bias");
    if (dx != null) {
      DenseShapes.checkLength("dx", dx, (long) n * s.inputSize(), "n*C*H*W");
    }
  }

  /** The pool takes this layer's output; y and argmax hold its n samples' outputs. */
  private static void checkPool(Pool2dShape pool, float[] y, int[] argmax, Conv2dShape s, int n) {
    if (pool == null || pool.channels() != s.filters() || pool.rows() != s.outRows()
        || pool.cols() != s.outCols()) {
      throw new IllegalArgumentException("expected a pool over this layer's " + s.filters() + "x"
          + s.outRows() + "x" + s.outCols() + " output, found " + pool);
    }
    DenseShapes.checkLength("y", y, (long) n * pool.outputSize(), "n*OC*PH*PW");
    if (argmax == null || argmax.length < (long) n * pool.outputSize()) {
      throw new IllegalArgumentException("expected argmax to hold at least n*OC*PH*PW = "
          + (long) n * pool.outputSize() + " ints, found " + (argmax == null ? "null" : argmax.length));
    }
  }

  private static void checkCommon(float[] x, float[] params, int wOff, int bOff, Conv2dShape s,
      int n, Conv2dWorkspace ws) {
    if (s == null || n < 1) {
      throw new IllegalArgumentException("expected a conv shape and n >= 1, found " + s + ", n=" + n);
    }
    DenseShapes.checkLength("x", x, (long) n * s.inputSize(), "n*C*H*W");
    if (params == null || wOff < 0 || bOff < 0 || (long) wOff + s.weightSize() > params.length
        || (long) bOff + s.filters() > params.length) {
      throw new IllegalArgumentException("expected W (" + s.filters() + "x" + s.channels() + "x"
          + s.kernelRows() + "x" + s.kernelCols() + ") at params[" + wOff + "..] and b at params["
          + bOff + "..], but params holds " + (params == null ? "null" : params.length + " floats"));
    }
    if (ws == null || !ws.fits(s)) {
      throw new IllegalArgumentException("expected a conv workspace built for " + s
          + (ws == null ? ", found none" : ", found a smaller one"));
    }
  }
}
