package org.actorgrad.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one matrix product behind all three of Dense's: C (rows, cols) = or += A · B, where A is read
 * one element at a time (any strides) and B's rows are contiguous, so each element of C has its own
 * accumulator, fused over k = 0, 1, ... in order (DenseScalar's arithmetic) and lanes never mix.
 *
 * <p>Most of training's time is spent here. The micro-kernel is an outer product: per k it loads
 * V vectors of B's row k, broadcasts 4 elements of A's column k and fuses them into a 4 × V tile of
 * accumulators held in registers (4 × 4 of 16 lanes on AVX-512's 32 registers, 4 × 3 of 8 lanes on
 * AVX2's 16), so each load feeds 4 or more FMAs. Column panels are the outer loop so that a panel
 * of B stays in L1 while every row tile of A passes over it. Because the order of each element's
 * sum is fixed by k alone, the vector width is free: the widest the hardware has is used.
 * */
final class DenseVectorProduct {
  /** 512 bits where the hardware has them (unless actorgrad.kernel=vector-256), else 256. */
  static final VectorSpecies<Float> S = pickSpecies();
  static final int L = S.length();

  /** C = Σ (the first k block, or no blocking). */
  static final int STORE = 0;
  /** C += Σ, Σ summed from zero first (the gradient accumulates: its old value is not in the chain). */
  static final int ADD = 1;
  /** The chain goes on from C's value (the k blocks after the first: same bits as one long chain). */
  static final int CONTINUE = 2;

  private DenseVectorProduct() {}

  private static VectorSpecies<Float> pickSpecies() {
    boolean wide = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512
        && !"vector-256".equals(System.getProperty("actorgrad.kernel"));
    return wide ? FloatVector.SPECIES_512 : FloatVector.SPECIES_256;
  }

  /**
   * C[cOff + r·cRow + j] (=, += or continued) Σ_{k < depth} A[aOff + r·aRow + k·aK] · B[bOff + k·bRow + j]
   * for r < rows, j < cols, summed in blocks of {@code kBlock} values of k (the same chain, split
   * so that a block of B's column panel fits in L1). mode is STORE or ADD.
   */
  static void product(float[] c, int cOff, int cRow, int mode, float[] a, int aOff, int aRow, int aK,
      float[] b, int bOff, int bRow, int rows, int cols, int depth, int kBlock) {
    if (mode == ADD && kBlock < depth) {
      throw new IllegalArgumentException("ADD sums the chain first: it cannot be split into k blocks");
    }
    for (int k0 = 0; k0 < depth; k0 += kBlock) {
      int m = k0 == 0 ? mode : CONTINUE;
      panels(c, cOff, cRow, m, a, aOff + k0 * aK, aRow, aK, b, bOff + k0 * bRow, bRow, rows, cols,
          Math.min(kBlock, depth - k0));
    }
  }

  private static void panels(float[] c, int cOff, int cRow, int mode, float[] a, int aOff, int aRow,
      int aK, float[] b, int bOff, int bRow, int rows, int cols, int depth) {
    int j = 0;
    int widest = L >= 16 ? 4 : 3;
    for (; j + widest * L <= cols; j += widest * L) {
      panel(widest, c, cOff + j, cRow, mode, a, aOff, aRow, aK, b, bOff + j, bRow, rows, depth);
    }
    for (int v = widest - 1; v >= 1; v--) {
      if (j + v * L <= cols) {
        panel(v, c, cOff + j, cRow, mode, a, aOff, aRow, aK, b, bOff + j, bRow, rows, depth);
        j += v * L;
      }
    }
    for (; j < cols; j++) { // fewer columns than one vector: scalar, same chain
      for (int r = 0; r < rows; r++) {
        int ci = cOff + r * cRow + j;
        float s = mode == CONTINUE ? c[ci] : 0f;
        int ai = aOff + r * aRow, bi = bOff + j;
        for (int k = 0; k < depth; k++, ai += aK, bi += bRow) {
          s = Math.fma(a[ai], b[bi], s);
        }
        c[ci] = mode == ADD ? c[ci] + s : s;
      }
    }
  }

  /**
   * One column panel of v vectors: tiles of 8 rows where the panel is narrow and the registers
   * allow (AVX-512: 8 × 2 or 8 × 1 vectors, so each broadcast still feeds enough FMAs), else of 4,
   * then single rows one vector at a time.
   */
  private static void panel(int v, float[] c, int cOff, int cRow, int mode, float[] a, int aOff,
      int aRow, int aK, float[] b, int bOff, int bRow, int rows, int depth) {
    int r = 0;
    if (L >= 16 && v <= 2) {
      for (; r + 8 <= rows; r += 8) {
        int ci = cOff + r * cRow, ai = aOff + r * aRow;
        if (v == 2) {
          DenseVectorTiles.tile8x2(c, ci, cRow, mode, a, ai, aRow, aK, b, bOff, bRow, depth);
        } else {
          DenseVectorTiles.tile8x1(c, ci, cRow, mode, a, ai, aRow, aK, b, bOff, bRow, depth);
        }
      }
    }
    for (; r + 4 <= rows; r += 4) {
      int ci = cOff + r * cRow, ai = aOff + r * aRow;
      switch (v) {
        case 4 -> DenseVectorTiles.tile4x4(c, ci, cRow, mode, a, ai, aRow, aK, b, bOff, bRow, depth);
        case 3 -> DenseVectorTiles.tile4x3(c, ci, cRow, mode, a, ai, aRow, aK, b, bOff, bRow, depth);
        case 2 -> DenseVectorTiles.tile4x2(c, ci, cRow, mode, a, ai, aRow, aK, b, bOff, bRow, depth);
        default -> DenseVectorTiles.tile4x1(c, ci, cRow, mode, a, ai, aRow, aK, b, bOff, bRow, depth);
      }
    }
    for (; r < rows; r++) {
      for (int u = 0; u < v; u++) {
        DenseVectorTiles.tile1x1(c, cOff + r * cRow + u * L, mode, a, aOff + r * aRow, aK, b, bOff + u * L, bRow, depth);
      }
    }
  }
}
