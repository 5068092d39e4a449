package dev.aihc.client;

import dev.aihc.insight.Answers;
import dev.aihc.insight.LogMemory;
import dev.aihc.insight.Progress;
import dev.aihc.insight.Series;
import dev.aihc.wire.JobItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches a job through the {@link PollLoop} for {@link Run#watch(String...)}: at most every
 * {@link #REDRAW_EVERY}, and once more when the job has ended, it reads what the logs appended to each named
 * series since the last picture and the newest progress (through the run's {@link LogMemory}, so nothing is
 * read twice), against the job as that poll described it, and hands the picture to the sink
 * ({@link OutputSink#watched}).
 */
final class Watcher implements PollLoop.Step {
  /** Shortest time between two pictures while the job runs: a chart redrawn faster is not read faster. */
  static final Duration REDRAW_EVERY = Duration.ofSeconds(2);

  private final JobHandle job;
  private final LogMemory memory;
  private final List<String> names;
  private long drawnAt;
  private boolean drawn;

  Watcher(JobHandle job, LogMemory memory, List<String> names) {
    this.job = job;
    this.memory = memory;
    this.names = List.copyOf(names);
  }

  JobResult watch() {
    return new PollLoop(job).run(true, null, "watching", this);
  }

  @Override
  public void polled(JobItem item) {
    boolean ended = item.status().isTerminal();
    if (!ended && drawn && System.nanoTime() - drawnAt < REDRAW_EVERY.toNanos()) return;
    JobHandle polled = job.describedAs(item); // the poll's answer: no DescribeJob more per series
    List<Series> series = new ArrayList<>(names.size());
    for (String name : names) series.add(Answers.series(polled, name, memory));
    Progress progress = Answers.progress(polled, null, memory).orElse(null);
    job.client().sink().watched(progress, List.copyOf(series));
    drawnAt = System.nanoTime(); // after the reading: a slow service gets its two seconds between pictures
    drawn = true;
  }
}
