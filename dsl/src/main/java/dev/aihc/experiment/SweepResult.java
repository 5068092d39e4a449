package dev.aihc.experiment;

import dev.aihc.view.Table;
import dev.aihc.view.Chart;
import dev.aihc.client.Run;
import dev.aihc.insight.Series;
import dev.aihc.wire.JobStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Where a {@link Sweep} stands: each variant with its values, status, duration and metric. What
 * {@link Sweep#run} returns when every variant has ended, and what it shows while they run. Printed, it
 * is a text table; in a notebook, the table and, once done, the chart of the metric against the first
 * parameter.
 */
public final class SweepResult {
  private final List<String> parameters;
  private final String metric;
  private final List<Variant> variants;
  private final boolean done;

  /**
   * One variant.
   *
   * @param values its value of each parameter, in the sweep's order
   * @param name its job name
   * @param run its run; null while it waits in the client to be submitted
   * @param status its status when last described; null until then
   * @param duration how long it has run (queue time included)
   * @param metric the last value of the sweep's metric in its first replica's log, once it has ended
   */
  public record Variant(Map<String, String> values, String name, Run run, JobStatus status, Duration duration,
      OptionalDouble metric) {
    /** Copies the values. */
    public Variant {
      values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(duration, "duration");
      Objects.requireNonNull(metric, "metric");
    }

    /** Whether it has been submitted. */
    public boolean isSubmitted() {
      return run != null;
    }
  }

  SweepResult(List<String> parameters, String metric, List<Variant> variants, boolean done) {
    this.parameters = List.copyOf(parameters);
    this.metric = metric;
    this.variants = List.copyOf(variants);
    this.done = done;
  }

  /** The parameters swept, in order. */
  public List<String> parameters() {
    return parameters;
  }

  /** The metric read from each variant's log; empty when the sweep names none. */
  public Optional<String> metric() {
    return Optional.ofNullable(metric);
  }

  /** Every variant, in submission order. */
  public List<Variant> variants() {
    return variants;
  }

  /** Whether every variant has ended. */
  public boolean isDone() {
    return done;
  }

  /** The submitted variants' runs, for {@link Runs#compare(List)}. */
  public List<Run> runs() {
    return variants.stream().map(Variant::run).filter(Objects::nonNull).toList();
  }

  /** The variant with the highest metric ({@code accuracy}); empty when none has one. */
  public Optional<Variant> highest() {
    return variants.stream().filter(v -> v.metric().isPresent())
        .max(Comparator.comparingDouble(v -> v.metric().getAsDouble()));
  }

  /** The variant with the lowest metric ({@code loss}); empty when none has one. */
  public Optional<Variant> lowest() {
    return variants.stream().filter(v -> v.metric().isPresent())
        .min(Comparator.comparingDouble(v -> v.metric().getAsDouble()));
  }

  /** One row per variant: each parameter, job, status, duration and the metric. */
  public Table table() {
    List<String> columns = new ArrayList<>(parameters);
    columns.addAll(List.of("job", "run", "status", "duration"));
    if (metric != null) columns.add(metric);
    List<List<String>> rows = new ArrayList<>();
    for (Variant v : variants) {
      List<String> row = new ArrayList<>();
      for (String p : parameters) row.add(v.values().get(p));
      row.add(v.name());
      row.add(v.run() == null ? "—" : v.run().id());
      row.add(v.run() == null ? "waiting" : v.status() == null ? "submitted" : v.status().toString());
      row.add(v.run() == null ? "—" : JobTimes.text(v.duration()));
      if (metric != null) row.add(v.metric().isPresent() ? Series.number(v.metric().getAsDouble()) : "—");
      rows.add(row);
    }
    return new Table(columns, rows);
  }

  /**
   * The metric against the first parameter: one line, or one per combination of the other parameters;
   * a logarithmic axis when the values are positive numbers spanning a hundredfold or more (learning
   * rates). Values that are not numbers are placed 1, 2, 3... in their order.
   *
   * @throws IllegalStateException when the sweep has no metric, or no chart renderer is on the class path
   */
  public Chart chart() {
    if (metric == null) throw new IllegalStateException("this sweep reads no metric: set one with Sweep.metric(name)");
    Chart.requireRenderer();
    String x = parameters.get(0);
    List<String> xs = variants.stream().map(v -> v.values().get(x)).distinct().toList();
    boolean numeric = xs.stream().allMatch(SweepResult::isNumber);
    Map<String, List<Chart.Point>> lines = new LinkedHashMap<>();
    for (Variant v : variants) {
      if (v.metric().isEmpty()) continue;
      String rest = v.values().entrySet().stream().filter(e -> !e.getKey().equals(x))
          .map(e -> e.getKey() + "=" + e.getValue()).reduce((a, b) -> a + " " + b).orElse(metric);
      String value = v.values().get(x);
      double at = numeric ? Double.parseDouble(value) : xs.indexOf(value) + 1;
      lines.computeIfAbsent(rest, k -> new ArrayList<>()).add(new Chart.Point(at, v.metric().getAsDouble()));
    }
    List<Chart.Line> drawn = lines.entrySet().stream().map(e -> new Chart.Line(e.getKey(),
        e.getValue().stream().sorted(Comparator.comparingDouble(Chart.Point::x)).toList())).toList();
    Chart chart = Chart.lines(metric + " by " + x, x, metric, drawn);
    if (numeric) {
      double min = xs.stream().mapToDouble(Double::parseDouble).min().orElse(0);
      double max = xs.stream().mapToDouble(Double::parseDouble).max().orElse(0);
      if (min > 0 && max / min >= 100) return chart.withLogX();
    }
    return chart;
  }

  /** The text table, with a last line saying how far the sweep is. */
  @Override
  public String toString() {
    long ended = variants.stream().filter(v -> v.status() != null && v.status().isTerminal()).count();
    return table() + "\n" + (done ? "done: " : "running: ") + ended + " of " + variants.size() + " variants ended";
  }

  private static boolean isNumber(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
