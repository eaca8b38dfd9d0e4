package org.actorgrad.kernel;

/**
 * The strided matrix product of {@link DenseVectorProduct} behind a path switch, for the layers that
 * call it directly ({@link Conv2d}): the vector micro-kernel where {@link Dense} uses it, else a
 * scalar loop with the same arithmetic, so both give the same bits (the contract below fixes every
 * element's sum, whatever computes it).
 */
final class Product {
  private Product() {}

  /**
   * C[cOff + r·cRow + j] = Σ_{k < depth} A[aOff + r·aRow + k·aK] · B[bOff + k·bRow + j] for
   * r < rows, j < cols: each sum one {@link Math#fma} chain from zero in increasing k; with add,
   * the sum is then added to C (C + sum), else stored.
   */
  static void product(float[] c, int cOff, int cRow, boolean add, float[] a, int aOff, int aRow,
      int aK, float[] b, int bOff, int bRow, int rows, int cols, int depth) {
    if (Dense.vector()) {
      vector(c, cOff, cRow, add, a, aOff, aRow, aK, b, bOff, bRow, rows, cols, depth);
    } else {
      scalar(c, cOff, cRow, add, a, aOff, aRow, aK, b, bOff, bRow, rows, cols, depth);
    }
  }

  /**
   * {@link DenseVectorProduct#product}, called on row blocks that keep AVX-512's 4-row tile out of
   * the full-width panels: rows of 4 or 5 left after the 6-row tiles are done as 2 + 2 (+ 1)
   * instead. Each element of C is one chain whichever tile computes it, so the bits are the same.
   *
   * <p>Why: in the trainer (not in a single-threaded harness), C2 compiled {@code tile4x4} so that
   * three or four of its sixteen accumulators were boxed on every k (JFR: the
   * {@code Float512Vector} allocations at its fma lines): 15 MB of garbage per CNN step at batch 64,
   * the second conv layer's 64 filters and the dense dx's 64 rows being 60 + 4, up to 49 MB at
   * --workers 2 (bench/cnn-run-cpu.sh). The 2-row tile costs a little more per element for the few
   * rows it takes. Drop this once the tile compiles without boxing in a whole run.
   */
  static void vector(float[] c, int cOff, int cRow, boolean add, float[] a, int aOff, int aRow,
      int aK, float[] b, int bOff, int bRow, int rows, int cols, int depth) {
    int left = rows % 6;
    if (DenseVectorProduct.L < 16 || left < 4) {
      DenseVectorProduct.product(c, cOff, cRow, add, a, aOff, aRow, aK, b, bOff, bRow, rows, cols, depth);
      return;
    }
    int head = rows - left + 2; // the 6-row tiles and one 2-row tile
    DenseVectorProduct.product(c, cOff, cRow, add, a, aOff, aRow, aK, b, bOff, bRow, head, cols, depth);
    DenseVectorProduct.product(c, cOff + head * cRow, cRow, add, a, aOff + head * aRow, aRow, aK, b,
        bOff, bRow, rows - head, cols, depth);
  }

  /** The same product in plain Java (the scalar path, and the yardstick of the vector one in tests). */
  static void scalar(float[] c, int cOff, int cRow, boolean add, float[] a, int aOff, int aRow,
      int aK, float[] b, int bOff, int bRow, int rows, int cols, int depth) {
    int cols4 = cols - cols % 4;
    for (int r = 0; r < rows; r++) {
      int aRowStart = aOff + r * aRow;
      int cRowStart = cOff + r * cRow;
      // Four columns at a time: four independent chains instead of one latency-bound chain.
      for (int j = 0; j < cols4; j += 4) {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        int ai = aRowStart, bi = bOff + j;
        for (int k = 0; k < depth; k++, ai += aK, bi += bRow) {
          float av = a[ai];
          s0 = Math.fma(av, b[bi], s0);
          s1 = Math.fma(av, b[bi + 1], s1);
          s2 = Math.fma(av, b[bi + 2], s2);
          s3 = Math.fma(av, b[bi + 3], s3);
        }
        int ci = cRowStart + j;
        c[ci] = add ? c[ci] + s0 : s0;
        c[ci + 1] = add ? c[ci + 1] + s1 : s1;
        c[ci + 2] = add ? c[ci + 2] + s2 : s2;
        c[ci + 3] = add ? c[ci + 3] + s3 : s3;
      }
      for (int j = cols4; j < cols; j++) {
        float s = 0f;
        int ai = aRowStart, bi = bOff + j;
        for (int k = 0; k < depth; k++, ai += aK, bi += bRow) {
          s = Math.fma(a[ai], b[bi], s);
        }
        int ci = cRowStart + j;
        c[ci] = add ? c[ci] + s : s;
      }
    }
  }
}
