package dev.aihc.insight;

import dev.aihc.view.Chart;
import dev.aihc.wire.JobMetrics;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** DescribeJobMetrics answers drawn as charts: one per metric with samples, a line per pod. */
final class MetricCharts {
  /** What {@code Run#metrics} asks for, with the title, unit and scale of each. */
  private record Kind(String metricType, String title, String unit, double divisor) {}

  private static final List<Kind> KINDS = List.of(
      new Kind("CpuUsage", "CPU", "cores", 1),
      new Kind("MemoryUsage", "memory", "MiB", 1024 * 1024),
      new Kind("GpuUsage", "GPU utilisation", "%", 1));

  private MetricCharts() {}

  /**
   * A chart per metric that has samples in the window (GPU utilisation only where the source reports it),
   * seconds since {@code start} across.
   */
  static List<Chart> of(Function<String, JobMetrics> describe, Instant start, UnaryOperator<String> podName) {
    List<Chart> charts = new ArrayList<>();
    for (Kind kind : KINDS) {
      JobMetrics answer = describe.apply(kind.metricType());
      List<Chart.Line> lines = new ArrayList<>();
      for (JobMetrics.PodSeries pod : answer.metrics()) {
        List<Chart.Point> points = new ArrayList<>();
        for (JobMetrics.Sample sample : pod.metrics()) {
          Instant at = instant(sample.time());
          if (at != null) points.add(new Chart.Point(at.getEpochSecond() - start.getEpochSecond(), sample.value() / kind.divisor()));
        }
        if (!points.isEmpty()) lines.add(new Chart.Line(podName.apply(pod.podName()), points));
      }
      if (!lines.isEmpty()) charts.add(Chart.lines(kind.title(), "seconds", kind.title() + " (" + kind.unit() + ")", lines));
    }
    return List.copyOf(charts);
  }

  /** Unix seconds or RFC 3339, as sources write it; null when neither. */
  static Instant instant(String time) {
    if (time == null || time.isBlank()) return null;
    try {
      return Instant.ofEpochSecond(Long.parseLong(time.trim()));
    } catch (NumberFormatException e) {
      try {
        return OffsetDateTime.parse(time.trim()).toInstant();
      } catch (DateTimeParseException notEither) {
        return null;
      }
    }
  }
}
