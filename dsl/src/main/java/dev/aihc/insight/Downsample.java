package dev.aihc.insight;

import dev.aihc.view.Chart;
import java.util.ArrayList;
import java.util.List;

/**
 * Reduces a long line to what a picture can show: the points split into buckets of consecutive values,
 * each bucket kept as its first, lowest, highest and last point (in their order), so a spike of one step
 * still shows and the line ends at its newest value. A NaN or infinite value keeps one point with a NaN
 * value where it was, which leaves a gap in the drawn line. (LTTB, as in lt_downsampling, picks one point per
 * bucket and would drop a spike's partner and NaNs; min/max per bucket is the form charts of this length use.)
 */
final class Downsample {
  private Downsample() {}

  /** At most about {@code 4 × buckets} points of {@code (x[i], y[i])}; all of them when there are fewer. */
  static List<Chart.Point> minMax(double[] x, double[] y, int buckets) {
    int n = x.length;
    List<Chart.Point> out = new ArrayList<>(Math.min(n, 4 * buckets + 2));
    if (n <= 4 * buckets) {
      for (int i = 0; i < n; i++) out.add(point(x[i], y[i]));
      return out;
    }
    double per = (double) n / buckets;
    for (int b = 0; b < buckets; b++) {
      int from = (int) Math.floor(b * per);
      int to = b == buckets - 1 ? n : (int) Math.floor((b + 1) * per);
      if (from >= to) continue;
      int lo = -1;
      int hi = -1;
      int gap = -1;
      for (int i = from; i < to; i++) {
        double v = y[i];
        if (!Double.isFinite(v)) {
          if (gap < 0) gap = i;
          continue;
        }
        if (lo < 0 || v < y[lo]) lo = i;
        if (hi < 0 || v > y[hi]) hi = i;
      }
      int[] keep = {from, lo, hi, gap, to - 1};
      java.util.Arrays.sort(keep);
      int previous = -1;
      for (int i : keep) {
        if (i < 0 || i == previous) continue;
        out.add(point(x[i], y[i]));
        previous = i;
      }
    }
    return out;
  }

  private static Chart.Point point(double x, double y) {
    return new Chart.Point(x, Double.isFinite(y) ? y : Double.NaN);
  }
}
