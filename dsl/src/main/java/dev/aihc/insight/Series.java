package dev.aihc.insight;

import dev.aihc.client.Chart;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The values of one named number in each replica's log, in log order: what {@link dev.aihc.client.Run#series(String)}
 * reads from lines such as {@code rank 0 epoch 3/5 loss 0.4131}, {@code loss=0.41}, {@code loss: 0.41},
 * {@code {'loss': 0.41, 'epoch': 0.5}} or {@code {"loss": 0.41, "step": 120}}, without any change to the
 * training code.
 *
 * <p>Each value's step is the one its line states ({@code step 120}, {@code epoch 3/5},
 * {@code 'epoch': 0.5}), else its place among the values of its replica (1, 2, 3, ...). A name matches
 * only as a whole key, ignoring case: {@code loss} is not read out of {@code val_loss} or
 * {@code train/loss}. An immutable value: printing it shows a one-line summary with a sparkline per
 * replica; {@link #chart()} draws it.
 */
public final class Series {
  private static final char[] BARS = "▁▂▃▄▅▆▇█".toCharArray();
  /** Longest sparkline drawn per replica; longer series are sampled evenly. */
  private static final int SPARK_WIDTH = 24;

  private final String name;
  private final String stepName;
  private final List<Point> points;

  /**
   * One value.
   *
   * @param pod the replica that printed it ({@code master-0}, {@code worker-0}, ...)
   * @param step the step its line states, else its place among its replica's values (from 1)
   * @param value the value
   */
  public record Point(String pod, double step, double value) {
    /** Checks the pod. */
    public Point {
      Objects.requireNonNull(pod, "pod");
    }
  }

  private Series(String name, String stepName, List<Point> points) {
    this.name = name;
    this.stepName = stepName;
    this.points = List.copyOf(points);
  }

  /**
   * The series {@code name} read from log lines: {@code logs} maps each replica (in the order to show
   * them) to its lines, oldest first.
   */
  public static Series of(String name, Map<String, ? extends List<String>> logs) {
    Objects.requireNonNull(logs, "logs");
    LogValues values = new LogValues(name);
    List<Point> points = new ArrayList<>();
    String stepName = null;
    for (var e : logs.entrySet()) {
      int n = 0;
      for (String line : e.getValue()) {
        double value = values.value(line);
        if (Double.isNaN(value)) continue;
        n++;
        LogValues.Step step = LogValues.step(line);
        if (stepName == null) stepName = step == null ? "step" : step.kind();
        points.add(new Point(e.getKey(), step == null ? n : step.at(), value));
      }
    }
    return new Series(name.strip(), stepName == null ? "step" : stepName, points);
  }

  /** The name looked for, such as {@code loss}. */
  public String name() {
    return name;
  }

  /** What the steps count: {@code epoch} when the lines state epochs, else {@code step}. */
  public String stepName() {
    return stepName;
  }

  /** Every value, replica by replica, each replica's in log order. */
  public List<Point> points() {
    return points;
  }

  /** The values of one replica ({@code worker-0}), in log order; empty for a replica that printed none. */
  public List<Point> points(String pod) {
    return points.stream().filter(p -> p.pod().equals(pod)).toList();
  }

  /** The replicas that printed a value, in the order of {@link #points()}. */
  public List<String> pods() {
    return List.copyOf(new LinkedHashSet<>(points.stream().map(Point::pod).toList()));
  }

  /** The newest value of the first replica; empty when no replica printed one. */
  public OptionalDouble last() {
    return pods().stream().findFirst().map(this::last).orElse(OptionalDouble.empty());
  }

  /** The newest value of one replica; empty when it printed none. */
  public OptionalDouble last(String pod) {
    List<Point> of = points(pod);
    return of.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(of.get(of.size() - 1).value());
  }

  /** How many values, over every replica. */
  public int size() {
    return points.size();
  }

  /** Whether no replica printed a value. */
  public boolean isEmpty() {
    return points.isEmpty();
  }

  /**
   * A line chart: a line per replica, {@link #stepName()} across, the name up.
   *
   * @throws IllegalStateException naming the artifact to add, when no chart renderer is on the class path
   */
  public Chart chart() {
    Chart.requireRenderer();
    return Chart.lines(name, stepName, name, lines());
  }

  private List<Chart.Line> lines() {
    return pods().stream()
        .map(pod -> new Chart.Line(pod, points(pod).stream().map(p -> new Chart.Point(p.step(), p.value())).toList()))
        .toList();
  }

  /**
   * One line: {@code loss: 2 replicas, 10 values | master-0 ▇▅▃▂▁ 0.9120 → 0.4131 | worker-0 ...};
   * the sparklines share one scale, so replicas compare by height.
   */
  @Override
  public String toString() {
    if (points.isEmpty()) return name + ": no values (no log line names it)";
    double min = points.stream().mapToDouble(Point::value).min().orElse(0);
    double max = points.stream().mapToDouble(Point::value).max().orElse(0);
    List<String> pods = pods();
    StringBuilder s = new StringBuilder(name).append(": ").append(pods.size())
        .append(pods.size() == 1 ? " replica, " : " replicas, ").append(points.size())
        .append(points.size() == 1 ? " value" : " values");
    for (String pod : pods) {
      List<Point> of = points(pod);
      s.append(" | ").append(pod).append(' ').append(sparkline(of, min, max)).append(' ')
          .append(number(of.get(0).value()));
      if (of.size() > 1) s.append(" → ").append(number(of.get(of.size() - 1).value()));
    }
    return s.toString();
  }

  static String sparkline(List<Point> of, double min, double max) {
    int width = Math.min(of.size(), SPARK_WIDTH);
    StringBuilder s = new StringBuilder(width);
    for (int i = 0; i < width; i++) {
      double v = of.get(width == 1 ? 0 : (int) Math.round(i * (of.size() - 1) / (double) (width - 1))).value();
      int bar = max == min ? BARS.length / 2 : (int) Math.round((v - min) / (max - min) * (BARS.length - 1));
      s.append(BARS[bar]);
    }
    return s.toString();
  }

  /**
   * A value as {@link #toString()} prints it: whole numbers bare, else four significant digits
   * ({@code 0.4131}), very small or large ones in scientific notation; tables of runs print theirs alike.
   */
  public static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    double a = Math.abs(v);
    if (a < 1e-3 || a >= 1e6) return String.format(java.util.Locale.ROOT, "%.3e", v);
    String s = String.format(java.util.Locale.ROOT, "%.4g", v);
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Series s && s.name.equals(name) && s.stepName.equals(stepName) && s.points.equals(points);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, stepName, points);
  }
}
