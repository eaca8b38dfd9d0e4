package org.actorgrad.data;

/**
 * Resizes one channel of 8-bit pixels by area averaging (a box filter; OpenCV's INTER_AREA when
 * shrinking): laid over the source, each output pixel covers a rectangle of (srcRows / outRows) x
 * (srcCols / outCols) source pixels, and takes their mean weighted by how much of each it covers,
 * rounded to the nearest integer (halves up). Every source pixel counts, so shrinking a photo to
 * 28x28 does not alias; enlarging repeats pixels with a blend at the seams. Aspect ratio is not
 * kept: the image is stretched to the output size. Computed in double, deterministically.
 */
public final class AreaResize {
  /** Printed where a resize happens, so the user knows the rule. */
  public static final String RULE = "area averaging: each output pixel is the mean of the source"
      + " pixels it covers, weighted by overlap; stretched, aspect ratio not kept";

  private AreaResize() {}

  /**
   * {@code src} (srcRows, srcCols) resized to a new array (outRows, outCols).
   *
   * @throws IllegalArgumentException for a non-positive size or a {@code src} of the wrong length
   */
  public static byte[] resize(byte[] src, int srcRows, int srcCols, int outRows, int outCols) {
    if (srcRows < 1 || srcCols < 1 || outRows < 1 || outCols < 1) {
      throw new IllegalArgumentException("expected positive sizes, found " + srcRows + "x" + srcCols
          + " to " + outRows + "x" + outCols);
    }
    if (src.length != srcRows * srcCols) {
      throw new IllegalArgumentException(
          "expected " + srcRows * srcCols + " source pixels, found " + src.length);
    }
    double[][] rowWeights = weights(srcRows, outRows); // (outRows, srcRows), mostly zero
    double[][] colWeights = weights(srcCols, outCols); // (outCols, srcCols)
    int[][] rowSpan = spans(srcRows, outRows);
    int[][] colSpan = spans(srcCols, outCols);
    double area = ((double) srcRows / outRows) * ((double) srcCols / outCols);
    byte[] out = new byte[outRows * outCols]; // (outRows, outCols)
    for (int i = 0; i < outRows; i++) {
      for (int j = 0; j < outCols; j++) {
        double sum = 0;
        for (int r = rowSpan[i][0]; r < rowSpan[i][1]; r++) {
          double wr = rowWeights[i][r];
          for (int c = colSpan[j][0]; c < colSpan[j][1]; c++) {
            sum += wr * colWeights[j][c] * (src[r * srcCols + c] & 0xFF);
          }
        }
        out[i * outCols + j] = (byte) Math.min(255, (int) Math.floor(sum / area + 0.5));
      }
    }
    return out;
  }

  /** w[o][s]: how much of source cell s the output cell o covers, in source cells (0..1). */
  private static double[][] weights(int src, int out) {
    double scale = (double) src / out;
    double[][] w = new double[out][src];
    for (int o = 0; o < out; o++) {
      double from = o * scale;
      double to = (o + 1) * scale;
      for (int s = (int) Math.floor(from); s < Math.min(src, (int) Math.ceil(to)); s++) {
        w[o][s] = Math.max(0, Math.min(to, s + 1) - Math.max(from, s));
      }
    }
    return w;
  }

  /** [first, last + 1) source cells each output cell touches. */
  private static int[][] spans(int src, int out) {
    double scale = (double) src / out;
    int[][] spans = new int[out][2];
    for (int o = 0; o < out; o++) {
      spans[o][0] = (int) Math.floor(o * scale);
      spans[o][1] = Math.min(src, (int) Math.ceil((o + 1) * scale));
    }
    return spans;
  }
}
