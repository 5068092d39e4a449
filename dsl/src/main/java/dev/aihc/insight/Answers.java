package dev.aihc.insight;

import dev.aihc.dsl.Job;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.PodItem;
import dev.aihc.wire.QueueItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the client asks of this package for one job: the answers behind {@code Run#why()},
 * {@code Run#diagnosis()}, {@code Run#progress()}, {@code Run#series(String)} and
 * {@code AihcClient#preflight(Job)}. Not API: public only so that {@code dev.aihc.client} can call it;
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
   * groups {@code step} and {@code total}, or is null for the forms {@link Progress} lists.
   *
   * @throws IllegalArgumentException before any call, when {@code regex} lacks either group or is no regex
   */
  public static Optional<Progress> progress(JobLookup job, String regex) {
    return ProgressReader.read(job, regex);
  }

  /** The values named {@code name} in each replica's log so far, master first, then workers in order. */
  public static Series series(JobLookup job, String name) {
    JobItem item = job.job(true);
    Map<String, List<String>> logs = new LinkedHashMap<>();
    for (PodItem pod : Pods.inOrder(item.pods())) {
      List<String> lines = new ArrayList<>();
      job.log(pod.podName(), lines::add);
      logs.put(pod.shortName(item.name()), lines);
    }
    return Series.of(name, logs);
  }

  /** Whether {@code job} would start now in {@code queue}, as DescribeQueue of {@code queueName} described it. */
  public static Preflight preflight(Job job, String queueName, QueueItem queue) {
    return QueueFit.preflight(job, queueName, queue);
  }
}
