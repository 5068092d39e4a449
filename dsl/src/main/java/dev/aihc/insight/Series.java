package dev.aihc.insight;

import dev.aihc.view.Chart;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The values of one named number in each replica's log, in log order: what {@link dev.aihc.client.Run#series(String)}
 * reads, without any change to the training code, from what frameworks print: Megatron's {@code lm loss:
 * 7.8E+00 |}, the Hugging Face Trainer's {@code {'loss': 0.41, 'epoch': 0.5}}, JSON lines (numbers as JSON
 * strings too), {@code loss=0.41}, {@code loss: 0.41}, a bar's {@code train_loss=0.41}, Ultralytics' column
 * tables, OLMo's and Composer's blocks under a step line, {@code loss tensor(0.41)}, {@code nan} and
 * {@code inf} (a diverging loss shows, and {@link #last()} says NaN).
 *
 * <p>Each value's step is the one its line states ({@code iteration 120}, {@code global_step: 120},
 * {@code epoch 3/5}, {@code 'epoch': 0.5}), else the step of the line before that stated one, else its place
 * among its replica's values (1, 2, 3, ...); a bar redrawn at one step is one value. A name matches as a
 * whole name, ignoring case ({@code loss} is not read out of {@code val_loss}); an evaluation's lines
 * ({@code eval}, {@code val}, {@code Test:}) add nothing to a name the training lines print. For
 * {@code loss}, when no log prints that name, the one printed name that is the training loss is read
 * ({@code train_loss}, {@code lm loss}, {@code train/CrossEntropyLoss}): {@link #name()} says which.
 *
 * <p>An immutable value, its values in primitive arrays: printing it shows a one-line summary with a
 * sparkline per replica; {@link #chart()} draws it, each line reduced to what a picture can show.
 */
public final class Series {
  private static final char[] BARS = "▁▂▃▄▅▆▇█".toCharArray();
  /** Longest sparkline drawn per replica; longer series are sampled evenly. */
  private static final int SPARK_WIDTH = 24;
  /** The same in {@link #brief()}, which shares a status line. */
  private static final int BRIEF_WIDTH = 12;
  /** Buckets a chart's line is reduced to; each keeps its first, lowest, highest and last value. */
  static final int CHART_BUCKETS = 1000;

  private final String name;
  private final String stepName;
  private final List<String> pods;
  private final List<double[]> steps;
  private final List<double[]> values;

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

  Series(String name, String stepName, List<String> pods, List<double[]> steps, List<double[]> values) {
    this.name = name;
    this.stepName = stepName;
    this.pods = List.copyOf(pods);
    this.steps = List.copyOf(steps);
    this.values = List.copyOf(values);
  }

  /**
   * The series {@code name} read from log lines: {@code logs} maps each replica (in the order to show
   * them) to its lines, oldest first.
   *
   * @throws IllegalArgumentException when {@code name} is blank, or is {@code loss} and the logs print no
   *     {@code loss} but two or more training losses (the message names them)
   */
  public static Series of(String name, Map<String, ? extends List<String>> logs) {
    Objects.requireNonNull(logs, "logs");
    requireName(name);
    Map<String, LogScanner> scanners = new LinkedHashMap<>();
    for (var e : logs.entrySet()) {
      LogScanner scanner = new LogScanner(null, SeriesNames.keep(name));
      e.getValue().forEach(scanner::accept);
      scanners.put(e.getKey(), scanner);
    }
    return read(name, scanners);
  }

  static String requireName(String name) {
    if (name == null || name.isBlank()) throw new IllegalArgumentException("series name must not be blank");
    return name.strip();
  }

  /** The series {@code name} out of what each replica's scanner (by short pod name, in order) kept. */
  static Series read(String name, Map<String, LogScanner> scanners) {
    String asked = requireName(name);
    java.util.Optional<String> printed = SeriesNames.resolve(asked, List.copyOf(scanners.values()));
    List<String> pods = new ArrayList<>();
    List<double[]> steps = new ArrayList<>();
    List<double[]> values = new ArrayList<>();
    Boolean epochs = null;
    if (printed.isPresent()) {
      for (var e : scanners.entrySet()) {
        ValueTrack t = e.getValue().names().stream().filter(n -> n.text.equalsIgnoreCase(printed.get()))
            .map(n -> e.getValue().values(n)).filter(v -> v != null).findFirst().orElse(null);
        if (t == null || t.size == 0) continue;
        if (epochs == null) epochs = t.epochSteps;
        pods.add(e.getKey());
        steps.add(Arrays.copyOf(t.steps, t.size));
        values.add(Arrays.copyOf(t.values, t.size));
      }
    }
    return new Series(printed.orElse(asked), Boolean.TRUE.equals(epochs) ? "epoch" : "step", pods, steps, values);
  }

  /** The printed name read, such as {@code loss}, or {@code lm loss} when {@code loss} was asked for. */
  public String name() {
    return name;
  }

  /** What the steps count: {@code epoch} when the lines state epochs, else {@code step}. */
  public String stepName() {
    return stepName;
  }

  /** Every value, replica by replica, each replica's in log order. */
  public List<Point> points() {
    List<Point> out = new ArrayList<>(size());
    for (int i = 0; i < pods.size(); i++) addPoints(i, out);
    return out;
  }

  /** The values of one replica ({@code worker-0}), in log order; empty for a replica that printed none. */
  public List<Point> points(String pod) {
    int i = pods.indexOf(pod);
    List<Point> out = new ArrayList<>();
    if (i >= 0) addPoints(i, out);
    return out;
  }

  private void addPoints(int i, List<Point> out) {
    double[] x = steps.get(i);
    double[] y = values.get(i);
    for (int k = 0; k < x.length; k++) out.add(new Point(pods.get(i), x[k], y[k]));
  }

  /** The replicas that printed a value, in the order of {@link #points()}. */
  public List<String> pods() {
    return pods;
  }

  /** The newest value of the first replica; empty when no replica printed one. */
  public OptionalDouble last() {
    return pods.isEmpty() ? OptionalDouble.empty() : last(pods.get(0));
  }

  /** The newest value of one replica; empty when it printed none. */
  public OptionalDouble last(String pod) {
    int i = pods.indexOf(pod);
    if (i < 0) return OptionalDouble.empty();
    double[] y = values.get(i);
    return OptionalDouble.of(y[y.length - 1]);
  }

  /** How many values, over every replica. */
  public int size() {
    int n = 0;
    for (double[] y : values) n += y.length;
    return n;
  }

  /** Whether no replica printed a value. */
  public boolean isEmpty() {
    return pods.isEmpty();
  }

  /**
   * A line chart: a line per replica, {@link #stepName()} across, the name up. A long line is reduced to
   * at most a few thousand points that keep its first, lowest, highest and last value in each of
   * {@value #CHART_BUCKETS} stretches, so spikes and the newest value show at any length; NaN and infinite
   * values leave a gap, and the title says where a replica's newest value is one.
   *
   * @throws IllegalStateException naming the artifact to add, when no chart renderer is on the class path
   */
  public Chart chart() {
    Chart.requireRenderer();
    StringBuilder title = new StringBuilder(name);
    List<Chart.Line> lines = new ArrayList<>();
    for (int i = 0; i < pods.size(); i++) {
      double[] x = steps.get(i);
      double[] y = values.get(i);
      lines.add(new Chart.Line(pods.get(i), Downsample.minMax(x, y, CHART_BUCKETS)));
      double newest = y[y.length - 1];
      if (!Double.isFinite(newest)) {
        title.append(title.length() == name.length() ? " (" : ", ").append(pods.get(i)).append(' ')
            .append(number(newest)).append(" at ").append(stepName).append(' ').append(number(x[x.length - 1]));
      }
    }
    if (title.length() > name.length()) title.append(')');
    return Chart.lines(title.toString(), stepName, name, lines);
  }

  /**
   * {@code loss ▇▅▄▃▂▂▁▁ 0.4131}: the first replica's values as a short sparkline and its newest value, as
   * {@code run.watch()} shows a series on a console; {@code loss –} before any value.
   */
  public String brief() {
    if (pods.isEmpty()) return name + " –";
    double[] y = values.get(0);
    double[] range = finiteRange(List.of(y));
    return name + " " + sparkline(y, range[0], range[1], BRIEF_WIDTH) + " " + number(y[y.length - 1]);
  }

  /**
   * One line: {@code loss: 2 replicas, 10 values | master-0 ▇▅▃▂▁ 0.9120 → 0.4131 | worker-0 ...};
   * the sparklines share one scale, so replicas compare by height.
   */
  @Override
  public String toString() {
    if (pods.isEmpty()) return name + ": no values (no log line names it)";
    double[] range = finiteRange(values);
    double min = range[0];
    double max = range[1];
    int size = size();
    StringBuilder s = new StringBuilder(name).append(": ").append(pods.size())
        .append(pods.size() == 1 ? " replica, " : " replicas, ").append(size)
        .append(size == 1 ? " value" : " values");
    for (int i = 0; i < pods.size(); i++) {
      double[] y = values.get(i);
      s.append(" | ").append(pods.get(i)).append(' ').append(sparkline(y, min, max)).append(' ')
          .append(number(y[0]));
      if (y.length > 1) s.append(" → ").append(number(y[y.length - 1]));
    }
    return s.toString();
  }

  /** The lowest and highest finite value of {@code of}; both 0 when none is finite. */
  private static double[] finiteRange(List<double[]> of) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double[] y : of) {
      for (double v : y) {
        if (Double.isFinite(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    return min > max ? new double[] {0, 0} : new double[] {min, max};
  }

  static String sparkline(double[] of, double min, double max) {
    return sparkline(of, min, max, SPARK_WIDTH);
  }

  private static String sparkline(double[] of, double min, double max, int maxWidth) {
    int width = Math.min(of.length, maxWidth);
    StringBuilder s = new StringBuilder(width);
    for (int i = 0; i < width; i++) {
      double v = of[width == 1 ? 0 : (int) Math.round(i * (of.length - 1) / (double) (width - 1))];
      if (!Double.isFinite(v)) {
        s.append('!');
        continue;
      }
      int bar = max == min ? BARS.length / 2 : (int) Math.round((v - min) / (max - min) * (BARS.length - 1));
      s.append(BARS[bar]);
    }
    return s.toString();
  }

  /**
   * A value as {@link #toString()} prints it: whole numbers bare, else four significant digits
   * ({@code 0.4131}), very small or large ones in scientific notation, {@code NaN}, {@code inf}; tables of
   * runs print theirs alike.
   */
  public static String number(double v) {
    if (Double.isNaN(v)) return "NaN";
    if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    double a = Math.abs(v);
    if (a < 1e-3 || a >= 1e6) return String.format(java.util.Locale.ROOT, "%.3e", v);
    String s = String.format(java.util.Locale.ROOT, "%.4g", v);
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Series s) || !s.name.equals(name) || !s.stepName.equals(stepName) || !s.pods.equals(pods)) {
      return false;
    }
    for (int i = 0; i < pods.size(); i++) {
      if (!Arrays.equals(steps.get(i), s.steps.get(i)) || !Arrays.equals(values.get(i), s.values.get(i))) return false;
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(name, stepName, pods);
    for (double[] y : values) h = 31 * h + Arrays.hashCode(y);
    return h;
  }
}
