package org.actorgrad.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.actorgrad.random.SeededRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Product}'s two paths give the same bits: the vector micro-kernel against the scalar loop
 * on shapes that hit every tile (rows 1-13, columns from a few lanes to several panels), strides
 * that read A by rows and by columns, both store and add.
 */
class ProductTest {
  @Test
  void vectorAndScalarPathsGiveTheSameBits() {
    SeededRandom rng = new SeededRandom(5);
    int[] rowCounts = {1, 2, 3, 5, 6, 8, 9, 13};
    int[] colCounts = {1, 7, 16, 17, 33, 64, 100, 144};
    for (int rows : rowCounts) {
      for (int cols : colCounts) {
        for (int depth : new int[] {1, 9, 40}) {
          for (boolean byColumn : new boolean[] {false, true}) {
            int aRow = byColumn ? 1 : depth, aK = byColumn ? rows : 1;
            int cRow = cols + 3, bRow = cols + 1;
            float[] a = KernelTestData.uniform(rng, rows * depth + 2, 1f);
            float[] b = KernelTestData.uniform(rng, depth * bRow + 1, 1f);
            for (boolean add : new boolean[] {false, true}) {
              float[] c = KernelTestData.uniform(rng, rows * cRow + 2, 1f);
              float[] scalar = c.clone();
              DenseVectorProduct.product(c, 1, cRow, add, a, 2, aRow, aK, b, 1, bRow, rows, cols, depth);
              Product.scalar(scalar, 1, cRow, add, a, 2, aRow, aK, b, 1, bRow, rows, cols, depth);
              assertArrayEquals(scalar, c, rows + "x" + cols + " depth " + depth + " byColumn "
                  + byColumn + " add " + add);
            }
          }
        }
      }
    }
  }

  /**
   * {@link Product#vector}'s row blocks (rows that leave 4 or 5 after the 6-row tiles) change no
   * bit: the same as one {@link DenseVectorProduct#product} over all rows and as the scalar loop.
   */
  @Test
  void rowBlocksAvoidingTheFourRowTileGiveTheSameBits() {
    SeededRandom rng = new SeededRandom(6);
    for (int rows : new int[] {4, 5, 10, 11, 16, 17, 64, 65}) {
      for (int cols : new int[] {16, 64, 100, 128}) {
        for (boolean byColumn : new boolean[] {false, true}) {
          int depth = 33, aRow = byColumn ? 1 : depth, aK = byColumn ? rows : 1;
          int cRow = cols + 3, bRow = cols + 1;
          float[] a = KernelTestData.uniform(rng, rows * depth + 2, 1f);
          float[] b = KernelTestData.uniform(rng, depth * bRow + 1, 1f);
          for (boolean add : new boolean[] {false, true}) {
            float[] c = KernelTestData.uniform(rng, rows * cRow + 2, 1f);
            float[] whole = c.clone(), scalar = c.clone();
            Product.vector(c, 1, cRow, add, a, 2, aRow, aK, b, 1, bRow, rows, cols, depth);
            DenseVectorProduct.product(whole, 1, cRow, add, a, 2, aRow, aK, b, 1, bRow, rows, cols, depth);
            Product.scalar(scalar, 1, cRow, add, a, 2, aRow, aK, b, 1, bRow, rows, cols, depth);
            String what = rows + "x" + cols + " byColumn " + byColumn + " add " + add;
            assertArrayEquals(whole, c, what);
            assertArrayEquals(scalar, c, what);
          }
        }
      }
    }
  }
}
