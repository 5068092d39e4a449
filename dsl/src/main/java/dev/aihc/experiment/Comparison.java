package dev.aihc.experiment;

import dev.aihc.view.Table;
import dev.aihc.view.Chart;
import dev.aihc.client.Run;
import dev.aihc.insight.Series;
import dev.aihc.dsl.Difference;
import dev.aihc.dsl.Job;
import dev.aihc.wire.JobItem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Runs side by side, as they were when {@link Runs#compare(List)} described them: one row per run with
 * its id, name, status and duration, the settings that differ between the runs (CreateJob field paths,
 * as {@link Job#diff(Job)} names them) and the last value of each series named with {@link #with}.
 * An immutable snapshot: compare again to see the runs as they are now.
 */
public final class Comparison {
  private final List<Run> runs;
  private final List<JobItem> jobs;
  private final Instant at;
  private final Map<String, List<Series>> series;

  private Comparison(List<Run> runs, List<JobItem> jobs, Instant at, Map<String, List<Series>> series) {
    this.runs = runs;
    this.jobs = jobs;
    this.at = at;
    this.series = series;
  }

  static Comparison of(List<Run> runs) {
    Objects.requireNonNull(runs, "runs");
    if (runs.isEmpty()) throw new IllegalArgumentException("runs must not be empty: compare at least one run");
    List<JobItem> jobs = runs.stream().map(Run::describe).toList();
    return new Comparison(List.copyOf(runs), jobs, Instant.now(), Map.of());
  }

  /**
   * This comparison with the last value of each named series as a column ({@code with("loss", "accuracy")}):
   * the first replica's newest value, read from each run's logs now.
   */
  public Comparison with(String... names) {
    Map<String, List<Series>> more = new LinkedHashMap<>(series);
    for (String name : names) {
      Objects.requireNonNull(name, "series name");
      if (!more.containsKey(name)) more.put(name, runs.stream().map(r -> r.series(name)).toList());
    }
    return more.size() == series.size() ? this : new Comparison(runs, jobs, at, Map.copyOf(more));
  }

  /** The runs compared, in their order. */
  public List<Run> runs() {
    return runs;
  }

  /** The CreateJob fields whose values differ between the runs (the name left out: every run has its own). */
  public List<String> settings() {
    return List.copyOf(differing().keySet());
  }

  /** The value of setting {@code field} in run {@code index} (from 0); {@code (unset)} when the run has none. */
  public String setting(int index, String field) {
    List<String> values = differing().get(field);
    if (values == null) throw new IllegalArgumentException(field + " is the same in every run; differing: " + settings());
    return values.get(index);
  }

  /** Each differing field with its value in every run, from each run's diff against the first. */
  private Map<String, List<String>> differing() {
    Map<String, String[]> values = new LinkedHashMap<>();
    Job first = jobs.get(0).toJob();
    for (int i = 1; i < jobs.size(); i++) {
      for (Difference d : first.diff(jobs.get(i).toJob())) {
        if (d.field().equals("name")) continue;
        String[] v = values.computeIfAbsent(d.field(), f -> new String[jobs.size()]);
        v[0] = shown(d.before());
        v[i] = shown(d.after());
      }
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    values.forEach((field, v) -> {
      for (int i = 1; i < v.length; i++) if (v[i] == null) v[i] = v[0]; // no difference: the first run's value
      out.put(field, List.of(v));
    });
    return out;
  }

  private static String shown(String value) {
    return value == null ? "(unset)" : value;
  }

  /** The newest value of {@code series} in run {@code index}; empty when it printed none or was not asked {@link #with}. */
  public OptionalDouble last(int index, String series) {
    List<Series> of = this.series.get(series);
    return of == null ? OptionalDouble.empty() : of.get(index).last();
  }

  /** One row per run: run, name, status, duration, every differing setting, every series asked for. */
  public Table table() {
    Map<String, List<String>> settings = differing();
    List<String> columns = new ArrayList<>(List.of("run", "name", "status", "duration"));
    columns.addAll(settings.keySet());
    columns.addAll(series.keySet());
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      JobItem job = jobs.get(i);
      List<String> row = new ArrayList<>(List.of(job.jobId(), job.name(), job.status().toString(),
          JobTimes.text(duration(i))));
      for (List<String> values : settings.values()) row.add(values.get(i));
      for (String name : series.keySet()) {
        OptionalDouble v = last(i, name);
        row.add(v.isPresent() ? Series.number(v.getAsDouble()) : "—");
      }
      rows.add(row);
    }
    return new Table(columns, rows);
  }

  /** How long run {@code index} ran, as of this comparison (to its end, or to when it was made). */
  public Duration duration(int index) {
    return JobTimes.duration(jobs.get(index), at);
  }

  /**
   * One line per run of {@code series} (each run's first replica), read from the logs now unless
   * {@link #with} read it already.
   *
   * @throws IllegalStateException naming the artifact to add, when no chart renderer is on the class path
   */
  public Chart chart(String series) {
    Chart.requireRenderer();
    List<Series> of = this.series.containsKey(series) ? this.series.get(series)
        : runs.stream().map(r -> r.series(series)).toList();
    List<Chart.Line> lines = new ArrayList<>();
    String stepName = "step";
    for (int i = 0; i < of.size(); i++) {
      Series s = of.get(i);
      if (s.isEmpty()) continue;
      stepName = s.stepName();
      String first = s.pods().get(0);
      lines.add(new Chart.Line(jobs.get(i).name() + " " + jobs.get(i).jobId(),
          s.points(first).stream().map(p -> new Chart.Point(p.step(), p.value())).toList()));
    }
    return Chart.lines(series + " by run", stepName, series, lines);
  }

  /** The text table of {@link #table()}. */
  @Override
  public String toString() {
    return table().toString();
  }
}
