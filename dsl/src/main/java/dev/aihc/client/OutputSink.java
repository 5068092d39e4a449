package dev.aihc.client;

import dev.aihc.insight.Progress;
import dev.aihc.insight.Series;
import dev.aihc.wire.JobItem;
import java.time.Duration;
import java.util.List;

/**
 * Where {@link Run#follow()}, {@link Run#watch(String...)} and {@link Run#await()} write what they show.
 * Always called on the thread that called them, so a notebook's output capture sees it.
 */
public interface OutputSink {
  /** One log line of one replica; {@code source} is the short pod name such as {@code worker-0}. */
  void log(String source, String line);

  /** A progress or status message, such as {@code bert-sft job-…: Running}. */
  void progress(String message);

  /**
   * {@code follow}, {@code watch} or {@code await} starts watching job {@code jobId}, before anything else is
   * shown; a sink that draws blocks in place starts new ones here. Does nothing by default.
   */
  default void start(String jobName, String jobId) {}

  /**
   * After each poll of {@code follow}, {@code watch} or {@code await}, once what it read has been shown: the
   * job as just described and the time watched so far. The place to redraw a status line or to flush lines
   * held back. Does nothing by default.
   */
  default void polled(JobItem job, Duration elapsed) {}

  /**
   * Shows {@code value} under {@code key} (a {@code SweepResult} while a sweep runs): a notebook draws it
   * as a cell's value and redraws that output in place on each later call with the same key. By default
   * it shows {@code change}, the lines saying what changed since the last call, as a progress message;
   * nothing when it is null.
   */
  default void show(String key, Object value, String change) {
    if (change != null) progress(change);
  }

  /**
   * After a poll of {@code follow}, how far the job is as its newest progress line says (see
   * {@link Run#progress()}); called on every poll once a line was recognised, never before. The place to
   * draw a progress bar, throttled as the sink sees fit. Does nothing by default.
   */
  default void progressBar(Progress progress) {}

  /**
   * A picture of {@link Run#watch(String...)}: the named series as read so far, each with a line per replica,
   * and how far the job is when its logs say ({@code progress} null otherwise). Called after a poll at most
   * every two seconds, and once more when the job has ended, with every value. A notebook draws a chart per
   * series under the status line, the console their newest values with sparklines. By default shows only
   * the progress ({@link #progressBar}).
   */
  default void watched(Progress progress, List<Series> series) {
    if (progress != null) progressBar(progress);
  }

  /**
   * The console: {@code [worker-0] line} on standard output, and a progress bar redrawn in place on a
   * terminal, printed as a line each tenth of the way when the output is not one (a file, a CI log).
   */
  static OutputSink console() {
    return ConsoleSink.forThisConsole();
  }

  /** Shows nothing. */
  static OutputSink silent() {
    return SilentSink.INSTANCE;
  }
}
