package dev.aihc.experiment;

import dev.aihc.client.AihcInterruptedException;
import dev.aihc.client.OutputSink;
import dev.aihc.client.Run;
import dev.aihc.client.AihcClient;
import dev.aihc.insight.Series;
import dev.aihc.dsl.Job;
import dev.aihc.wire.JobItem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * A template job and values for its parameters: {@link #run} submits one variant per combination of
 * values, each with a name of its own ({@code sweep-lr-0-001}), waits for all of them, and reads each
 * one's {@link #metric} from its log.
 *
 * <pre>{@code
 * var result = Sweep.of(template)
 *     .env("LR", "0.1", "0.01", "0.001", "0.0001")
 *     .metric("accuracy")
 *     .concurrency(2)          // at most two in the queue; the others wait here
 *     .run(client);
 * result.chart();              // accuracy against LR
 * }</pre>
 *
 * <p>An immutable value: every step returns a new sweep. While it runs, the client's {@link OutputSink}
 * shows its {@link SweepResult} redrawn in place in a notebook (the table, then the chart), a line per
 * change on the console.
 */
public final class Sweep {
  private final Job template;
  private final List<Parameter> parameters;
  private final String metric;
  private final int concurrency;

  /** One parameter: its name, its values, and how a value goes into the job. */
  private record Parameter(String name, List<String> values, BiFunction<Job, String, Job> apply) {}

  private Sweep(Job template, List<Parameter> parameters, String metric, int concurrency) {
    this.template = template;
    this.parameters = parameters;
    this.metric = metric;
    this.concurrency = concurrency;
  }

  /** A sweep of {@code template}, with no parameter yet. */
  public static Sweep of(Job template) {
    return new Sweep(Objects.requireNonNull(template, "template"), List.of(), null, 0);
  }

  /** Varies the environment variable {@code name} over {@code values}. */
  public Sweep env(String name, String... values) {
    Objects.requireNonNull(name, "name");
    if (template.envs().stream().anyMatch(e -> e.name().equals(name))) {
      throw new IllegalArgumentException("the template sets env " + name + " already, and each variant sets its own: "
          + "make the template without env(\"" + name + "\", ...)");
    }
    return vary(name, List.of(values), (job, value) -> job.env(name, value));
  }

  /**
   * Varies a parameter called {@code name} over {@code values}, each put into the job by {@code apply}
   * ({@code (job, v) -> job.replicas(Integer.parseInt(v))}). Several parameters sweep every combination.
   */
  public Sweep vary(String name, List<String> values, BiFunction<Job, String, Job> apply) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(apply, "apply");
    if (values.isEmpty()) throw new IllegalArgumentException("parameter " + name + " needs at least one value");
    if (parameters.stream().anyMatch(p -> p.name().equals(name))) {
      throw new IllegalArgumentException("parameter " + name + " is swept already; give all its values in one call");
    }
    List<Parameter> more = new ArrayList<>(parameters);
    more.add(new Parameter(name, List.copyOf(values), apply));
    return new Sweep(template, List.copyOf(more), metric, concurrency);
  }

  /** The series each variant is judged by, read from its log when it ends ({@code accuracy}, {@code loss}). */
  public Sweep metric(String name) {
    Objects.requireNonNull(name, "metric");
    return name.equals(metric) ? this : new Sweep(template, parameters, name, concurrency);
  }

  /**
   * At most {@code limit} variants submitted and not yet ended at once; the others wait in this client,
   * not in the queue. Unlimited unless set.
   */
  public Sweep concurrency(int limit) {
    if (limit < 1) throw new IllegalArgumentException("concurrency must be >= 1 but was " + limit);
    return limit == concurrency ? this : new Sweep(template, parameters, metric, limit);
  }

  /** The jobs {@link #run} submits, in order: one per combination of values, each named after its values. */
  public List<Job> variants() {
    return combinations().stream().map(this::variant).toList();
  }

  /**
   * Submits every variant (validated all first: a mistake stops the sweep before anything is sent), no
   * more than {@link #concurrency} at once, waits for all of them and reads each one's metric.
   *
   * @throws AihcInterruptedException when the calling thread is interrupted: variants not yet submitted
   *     never are, the ones submitted keep running (the message names them)
   */
  public SweepResult run(AihcClient client) {
    Objects.requireNonNull(client, "client");
    if (parameters.isEmpty()) throw new IllegalStateException("a sweep needs a parameter: add one with env(...) or vary(...)");
    List<Map<String, String>> values = combinations();
    List<Job> jobs = values.stream().map(this::variant).toList();
    jobs.forEach(Job::requireValid);
    return new Progress(client, values, jobs).run();
  }

  /** {@code Sweep[sweep: LR × 4, metric accuracy, 2 at once]}. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Sweep[").append(template.name()).append(':');
    for (Parameter p : parameters) s.append(' ').append(p.name()).append(" × ").append(p.values().size());
    if (metric != null) s.append(", metric ").append(metric);
    if (concurrency > 0) s.append(", ").append(concurrency).append(" at once");
    return s.append(']').toString();
  }

  /** Every combination of values, the first parameter varying slowest. */
  private List<Map<String, String>> combinations() {
    List<Map<String, String>> out = new ArrayList<>();
    out.add(Map.of());
    for (Parameter p : parameters) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> partial : out) {
        for (String v : p.values()) {
          Map<String, String> m = new LinkedHashMap<>(partial);
          m.put(p.name(), v);
          next.add(m);
        }
      }
      out = next;
    }
    return out;
  }

  private Job variant(Map<String, String> values) {
    Job job = template;
    for (Parameter p : parameters) job = p.apply().apply(job, values.get(p.name()));
    return job.name(names().get(combinations().indexOf(values)));
  }

  /** {@code <template>-<parameter>-<value>...}, lower-case and dashed; numbered when too long or not distinct. */
  private List<String> names() {
    List<String> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<Map<String, String>> all = combinations();
    for (int i = 0; i < all.size(); i++) {
      StringBuilder s = new StringBuilder(template.name());
      all.get(i).forEach((k, v) -> s.append('-').append(k).append('-').append(v));
      String name = s.toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("-+$", "");
      if (name.length() > 50 || !seen.add(name)) {
        String suffix = "-" + (i + 1);
        name = template.name().substring(0, Math.min(template.name().length(), 50 - suffix.length())) + suffix;
        seen.add(name);
      }
      out.add(name);
    }
    return out;
  }

  /** One run of the sweep: what is submitted, what has ended, what the sink was last shown. */
  private final class Progress {
    private final AihcClient client;
    private final List<Map<String, String>> values;
    private final List<Job> jobs;
    private final Run[] runs;
    private final JobItem[] seen;
    private final OptionalDouble[] metrics;
    private final String key = "sweep-" + UUID.randomUUID();

    Progress(AihcClient client, List<Map<String, String>> values, List<Job> jobs) {
      this.client = client;
      this.values = values;
      this.jobs = jobs;
      this.runs = new Run[jobs.size()];
      this.seen = new JobItem[jobs.size()];
      this.metrics = new OptionalDouble[jobs.size()];
    }

    SweepResult run() {
      OutputSink sink = client.sink();
      sink.show(key, snapshot(false), template.name() + ": sweeping " + jobs.size() + " variants");
      while (true) {
        List<String> changes = new ArrayList<>();
        submitWhileRoom(changes);
        boolean done = poll(changes);
        SweepResult now = snapshot(done);
        sink.show(key, now, changes.isEmpty() ? null : String.join("\n", changes));
        if (done) return now;
        sleep();
      }
    }

    private void submitWhileRoom(List<String> changes) {
      for (int i = 0; i < jobs.size(); i++) {
        if (runs[i] != null) continue;
        if (concurrency > 0 && active() >= concurrency) return;
        interruptCheck();
        runs[i] = client.submit(jobs.get(i));
        changes.add(jobs.get(i).name() + " " + runs[i].id() + ": submitted");
      }
    }

    /** Describes every submitted variant that has not ended; whether all have ended. */
    private boolean poll(List<String> changes) {
      boolean all = true;
      for (int i = 0; i < runs.length; i++) {
        if (runs[i] == null) {
          all = false;
          continue;
        }
        if (ended(i)) continue;
        interruptCheck();
        JobItem before = seen[i];
        try {
          seen[i] = runs[i].describe();
          if (ended(i) && metric != null) metrics[i] = runs[i].series(metric).last();
        } catch (AihcInterruptedException e) {
          // Interrupted in a request rather than between them: still say which variants were never submitted.
          throw (AihcInterruptedException) interrupted().initCause(e);
        }
        if (before == null || before.status() != seen[i].status()) {
          String m = metrics[i] != null && metrics[i].isPresent()
              ? ", " + metric + " " + Series.number(metrics[i].getAsDouble()) : "";
          changes.add(jobs.get(i).name() + " " + runs[i].id() + ": " + seen[i].status() + m);
        }
        if (!ended(i)) all = false;
      }
      return all;
    }

    private boolean ended(int i) {
      return seen[i] != null && seen[i].status().isTerminal();
    }

    private int active() {
      int n = 0;
      for (int i = 0; i < runs.length; i++) if (runs[i] != null && !ended(i)) n++;
      return n;
    }

    private SweepResult snapshot(boolean done) {
      Instant now = Instant.now();
      List<SweepResult.Variant> variants = new ArrayList<>();
      for (int i = 0; i < jobs.size(); i++) {
        JobItem job = seen[i];
        variants.add(new SweepResult.Variant(values.get(i), jobs.get(i).name(), runs[i],
            job == null ? null : job.status(), job == null ? Duration.ZERO : JobTimes.duration(job, now),
            metrics[i] == null ? OptionalDouble.empty() : metrics[i]));
      }
      return new SweepResult(parameters.stream().map(Parameter::name).toList(), metric, variants, done);
    }

    private void sleep() {
      try {
        Thread.sleep(client.pollInterval().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw interrupted();
      }
    }

    private void interruptCheck() {
      if (Thread.currentThread().isInterrupted()) throw interrupted();
    }

    private AihcInterruptedException interrupted() {
      List<String> submitted = new ArrayList<>();
      int waiting = 0;
      for (Run r : runs) {
        if (r == null) waiting++;
        else submitted.add(r.id());
      }
      return new AihcInterruptedException("sweep " + template.name() + " (" + waiting
          + " variants never submitted; submitted: " + (submitted.isEmpty() ? "none" : String.join(", ", submitted)) + ")");
    }
  }
}
