package dev.aihc.wire;

import java.util.List;

/**
 * DescribeJobMetrics answer: one series per pod.
 *
 * @param metrics the series
 * @param reason why a series is empty, when the source knows (local engine)
 */
public record JobMetrics(List<PodSeries> metrics, String reason) {
  /** Normalises an absent list. */
  public JobMetrics {
    metrics = metrics == null ? List.of() : List.copyOf(metrics);
  }

  /**
   * One pod's samples.
   *
   * @param podName the pod
   * @param metrics samples, oldest first
   */
  public record PodSeries(String podName, List<Sample> metrics) {
    /** Normalises an absent list. */
    public PodSeries {
      metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }
  }

  /**
   * One sample.
   *
   * @param time when (unix seconds or RFC 3339, as the source writes it)
   * @param value the value
   */
  public record Sample(String time, double value) {}
}
