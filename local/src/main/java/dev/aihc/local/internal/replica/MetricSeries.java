package dev.aihc.local.internal.replica;

import dev.aihc.wire.JobMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** A pod's samples read back at the step DescribeJobMetrics asks for. */
public final class MetricSeries {
  /** Prometheus's cap on points per series; more is a mistake in the step or the window. */
  public static final int MAX_POINTS = 11_000;

  private MetricSeries() {}

  /**
   * The value at {@code start}, {@code start + step}, ... up to {@code end} (epoch millis): at each
   * point, the latest sample within one step before it (a point with none is left out). Times are
   * written as unix seconds.
   */
  public static List<JobMetrics.Sample> at(List<PodMetrics.Sample> samples, ToDoubleFunction<PodMetrics.Sample> value,
      long start, long end, long step) {
    List<JobMetrics.Sample> out = new ArrayList<>();
    int i = 0;
    PodMetrics.Sample latest = null;
    for (long t = start; t <= end; t += step) {
      while (i < samples.size() && samples.get(i).millis() <= t) {
        PodMetrics.Sample s = samples.get(i++);
        if (!Double.isNaN(value.applyAsDouble(s))) latest = s;
      }
      if (latest != null && latest.millis() > t - Math.max(step, 2 * PodMetrics.PERIOD_MILLIS)) {
        out.add(new JobMetrics.Sample(Long.toString(t / 1000), round(value.applyAsDouble(latest))));
      }
    }
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
