package org.actorgrad.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one matrix product behind all three of Dense's: C (rows, cols) = or += A · B, where A is read
 * one element at a time (any strides) and B's rows are contiguous, so each element of C has its own
 * accumulator, fused over k = 0, 1, ... in order (DenseScalar's arithmetic) and lanes never mix.
 *
 * <p>Most of training's time is spent here. The micro-kernel is an outer product: per k it loads
 * V vectors of B's row k, broadcasts R elements of A's column k and fuses them into an R × V tile
 * of accumulators held in registers (6 × 4 of 16 lanes on AVX-512's 32 registers, 4 × 3 of 8 lanes
 * on AVX2's 16), so each load feeds several FMAs. Column panels are the outer loop so that a panel
 * of B stays in cache while every row tile of A passes over it. Because the order of each
 * element's sum is fixed by k alone, the vector width is free: the widest the hardware has is used.
 * (Splitting k into blocks that fit L1 was tried: no faster at these sizes, so k runs whole.)
 */
final class DenseVectorProduct {
  /** 512 bits where the hardware has them (unless actorgrad.kernel=vector-256), else 256. */
  static final VectorSpecies<Float> S = pickSpecies();
  static final int L = S.length();
  private static final boolean WIDE = L >= 16;

  private DenseVectorProduct() {}

  private static VectorSpecies<Float> pickSpecies() {
    boolean wide = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512
        && !"vector-256".equals(System.getProperty("actorgrad.kernel"));
    return wide ? FloatVector.SPECIES_512 : FloatVector.SPECIES_256;
  }

  /**
   * C[cOff + r·cRow + j] = Σ_{k < depth} A[aOff + r·aRow + k·aK] · B[bOff + k·bRow + j] for r < rows,
   * j < cols, each sum a chain from zero in increasing k; with add, the sum is then added to C.
   */
  static void product(float[] c, int cOff, int cRow, boolean add, float[] a, int aOff, int aRow,
      int aK, float[] b, int bOff, int bRow, int rows, int cols, int depth) {
    int j = 0;
    int widest = WIDE ? 4 : 3;
    for (; j + widest * L <= cols; j += widest * L) {
      panel(widest, c, cOff + j, cRow, add, a, aOff, aRow, aK, b, bOff + j, bRow, rows, depth);
    }
    for (int v = widest - 1; v >= 1; v--) {
      if (j + v * L <= cols) {
        panel(v, c, cOff + j, cRow, add, a, aOff, aRow, aK, b, bOff + j, bRow, rows, depth);
        j += v * L;
      }
    }
    for (; j < cols; j++) { // fewer columns than one vector: scalar, same chain
      for (int r = 0; r < rows; r++) {
        float s = 0f;
        int ai = aOff + r * aRow, bi = bOff + j;
        for (int k = 0; k < depth; k++, ai += aK, bi += bRow) {
          s = Math.fma(a[ai], b[bi], s);
        }
        int ci = cOff + r * cRow + j;
        c[ci] = add ? c[ci] + s : s;
      }
    }
  }

  /**
   * One column panel of v vectors, in row tiles as tall as the registers allow (AVX-512: 6 rows of
   * 4 vectors, 8 rows of 2 or 1), then tiles of 4 rows, then the last rows one vector at a time.
   */
  private static void panel(int v, float[] c, int cOff, int cRow, boolean add, float[] a, int aOff,
      int aRow, int aK, float[] b, int bOff, int bRow, int rows, int depth) {
    // Each tile has a storing and an accumulating form (DenseVectorTilesAdd): no tile branches on
    // add, so no tile's compiled code depends on which form its first calls took.
    int r = 0;
    if (WIDE && v == 4) {
      for (; r + 6 <= rows; r += 6) {
        int ci = cOff + r * cRow, ai = aOff + r * aRow;
        if (add) {
          DenseVectorTilesWideAdd.tile6x4(c, ci, cRow, a, ai, aRow, aK, b, bOff, bRow, depth);
        } else {
          DenseVectorTilesWide.tile6x4(c, ci, cRow, a, ai, aRow, aK, b, bOff, bRow, depth);
        }
      }
    } else if (WIDE && v <= 2) {
      for (; r + 8 <= rows; r += 8) {
        int ci = cOff + r * cRow, ai = aOff + r * aRow;
        if (v == 2 && add) {
          DenseVectorTilesWideAdd.tile8x2(c, ci, cRow, a, ai, aRow, aK, b, bOff, bRow, depth);
        } else if (v == 2) {
          DenseVectorTilesWide.tile8x2(c, ci, cRow, a, ai, aRow, aK, b, bOff, bRow, depth);
        } else if (add) {
          DenseVectorTilesWideAdd.tile8x1(c, ci, cRow, a, ai, aRow, aK, b, bOff, bRow, depth);
        } else {
          DenseVectorTilesWide.tile8x1(c, ci, cRow, a, ai, aRow, aK, b, bOff, bRow, depth);
        }
      }
    }
    for (; r + 4 <= rows; r += 4) {
      int ci = cOff + r * cRow, ai = aOff + r * aRow;
      if (add) {
        switch (v) {
          case 4 -> DenseVectorTilesAdd.tile4x4(c, ci, cRow, a, ai, aRow, aK, b, bOff, bRow, depth);
          case 3 -> DenseVectorTilesAdd.tile4x3(c, ci, cRow, a, ai, aRow, aK, b, bOff, bRow, depth);
          case 2 -> DenseVectorTilesAdd.tile4x2(c, ci, cRow, a, ai, aRow, aK, b, bOff, bRow, depth);
          default -> DenseVectorTilesAdd.tile4x1(c, ci, cRow, a, ai, aRow, aK, b, bOff, bRow, depth);
        }
      } else {
        switch (v) {
          case 4 -> DenseVectorTiles.tile4x4(c, ci, cRow, a, ai, aRow, aK, b, bOff, bRow, depth);
          case 3 -> DenseVectorTiles.tile4x3(c, ci, cRow, a, ai, aRow, aK, b, bOff, bRow, depth);
          case 2 -> DenseVectorTiles.tile4x2(c, ci, cRow, a, ai, aRow, aK, b, bOff, bRow, depth);
          default -> DenseVectorTiles.tile4x1(c, ci, cRow, a, ai, aRow, aK, b, bOff, bRow, depth);
        }
      }
    }
    if (WIDE && v == 4 && r + 2 <= rows) {
      int ci = cOff + r * cRow, ai = aOff + r * aRow;
      if (add) {
        DenseVectorTilesWideAdd.tile2x4(c, ci, cRow, a, ai, aRow, aK, b, bOff, bRow, depth);
      } else {
        DenseVectorTilesWide.tile2x4(c, ci, cRow, a, ai, aRow, aK, b, bOff, bRow, depth);
      }
      r += 2;
    }
    for (; r < rows; r++) {
      for (int u = 0; u < v; u++) {
        int ci = cOff + r * cRow + u * L, ai = aOff + r * aRow, bi = bOff + u * L;
        if (add) {
          DenseVectorTilesAdd.tile1x1(c, ci, 0, a, ai, 0, aK, b, bi, bRow, depth);
        } else {
          DenseVectorTiles.tile1x1(c, ci, 0, a, ai, 0, aK, b, bi, bRow, depth);
        }
      }
    }
  }
}
