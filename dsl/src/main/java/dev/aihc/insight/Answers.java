package dev.aihc.insight;

import dev.aihc.dsl.Job;
import dev.aihc.view.Chart;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.JobMetrics;
import dev.aihc.wire.PodItem;
import dev.aihc.wire.QueueItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * What the client asks of this package for one job: the answers behind {@code Run#why()},
 * {@code Run#diagnosis()}, {@code Run#progress()}, {@code Run#series(String)} and
 * {@code Run#metrics(Duration)} and {@code AihcClient#preflight(Job)}. Not API: public only so that {@code dev.aihc.client} can call it;
 * the readers behind it stay in this package.
 */
public final class Answers {
  private Answers() {}

  /** Why the job is where it is, now (see {@link Explanation}). */
  public static Explanation why(JobLookup job) {
    return new Explainer(job).explain();
  }

  /** Why the job failed; empty unless it has failed, or when what it left cannot be read. */
  public static Optional<Diagnosis> diagnosis(JobLookup job) {
    return new Diagnoser(job).diagnose();
  }

  /**
   * The newest progress of the first replica (master first) whose log states one; {@code regex} has named
   * groups {@code step} and {@code total}, or is null for the forms {@link Progress} lists. Reads a bounded
   * part of each log: its head once, for a header's totals, then its newest lines ({@code memory} keeps what
   * was read for the next call).
   *
   * @throws IllegalArgumentException before any call, when {@code regex} lacks either group or is no regex
   */
  public static Optional<Progress> progress(JobLookup job, String regex, LogMemory memory) {
    return ProgressReader.read(job, regex, memory);
  }

  /**
   * The values named {@code name} in each replica's log so far, master first, then workers in order (see
   * {@link Series} for the name {@code loss}). Each log is read once: a later call with the same
   * {@code memory} reads only what was appended since, and a finished job's series is read once.
   *
   * @throws IllegalArgumentException naming the candidates when {@code name} is {@code loss}, no log prints
   *     it, and two or more training losses are printed
   */
  public static Series series(JobLookup job, String name, LogMemory memory) {
    String asked = Series.requireName(name);
    LogMemory.Question q = memory.question("series:" + asked);
    synchronized (q) {
      if (q.done instanceof Series done) return done;
      JobItem item = job.job(true);
      Map<String, LogScanner> scanners = new LinkedHashMap<>();
      List<LogMemory.Reading> readings = new ArrayList<>();
      for (PodItem pod : Pods.inOrder(item.pods())) {
        LogMemory.Reading r = q.pods.computeIfAbsent(pod.podName(),
            p -> new LogMemory.Reading(p, new LogScanner(null, SeriesNames.keep(asked))));
        readings.add(r);
        scanners.put(pod.shortName(item.name()), r.scanner);
      }
      InParallel.run(readings.stream().<Runnable>map(r -> () -> r.stream.readNew(job, r.scanner::accept)).toList());
      boolean drained = readings.stream().allMatch(r -> r.stream.drained());
      Series series = Series.read(asked, scanners);
      if (item.status().isTerminal() && drained) q.done = series;
      return series;
    }
  }

  /**
   * The names the replicas' logs print before numbers ({@code lm loss}, {@code train/loss},
   * {@code learning_rate}), each once, in the order first printed: what {@link #series} can read. Reads the
   * head and the newest part of each log.
   */
  public static List<String> seriesNames(JobLookup job, LogMemory memory) {
    LogMemory.Question q = memory.question("names");
    synchronized (q) {
      JobItem item = job.job(true);
      List<LogScanner> scanners = new ArrayList<>();
      Instant recent = ProgressReader.recentFrom(item, job.now());
      for (PodItem pod : Pods.inOrder(item.pods())) {
        LogMemory.Reading r = q.pods.computeIfAbsent(pod.podName(),
            p -> new LogMemory.Reading(p, new LogScanner(null, n -> false)));
        r.stream.readRecent(job, recent, r.scanner::accept);
        scanners.add(r.scanner);
      }
      return SeriesNames.printed(scanners);
    }
  }

  /**
   * Charts of DescribeJobMetrics answers, one per metric with samples, a line per pod: {@code describe}
   * answers a metric type ({@code CpuUsage}), seconds since {@code start} run across, {@code podName}
   * shortens a pod's name for the legend.
   */
  public static List<Chart> metrics(Function<String, JobMetrics> describe, Instant start,
      UnaryOperator<String> podName) {
    return MetricCharts.of(describe, start, podName);
  }

  /** Whether {@code job} would start now in {@code queue}, as DescribeQueue of {@code queueName} described it. */
  public static Preflight preflight(Job job, String queueName, QueueItem queue) {
    return QueueFit.preflight(job, queueName, queue);
  }

  /**
   * {@code queue} as the next preflight should see it once {@code job} went to it: holding the job's demand
   * when it {@code fitted}, else with one more job waiting.
   */
  public static QueueItem queueAfter(QueueItem queue, Job job, boolean fitted) {
    return QueueFit.after(queue, job, fitted);
  }
}
