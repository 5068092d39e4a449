package dev.aihc.insight;

import dev.aihc.wire.JobEvent;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.JobLogs;
import dev.aihc.wire.JobStatus;
import dev.aihc.wire.QueueItem;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The calls the readers of this package make about one job: what it is, its events, its replicas' logs,
 * its queue. Not API: {@code dev.aihc.client} implements it over AIHC's calls for a run; it is public only
 * so that the client, in its own package, can, and the readers here need nothing of the client. Thread-safe:
 * a reader asks about several replicas at once.
 */
public interface JobLookup {
  /** DescribeJob; with its pods when {@code withPods}. */
  JobItem job(boolean withPods);

  /** The job's events, oldest first (DescribeJobEvents). */
  List<JobEvent> events();

  /** One pod's events, oldest first (DescribePodEvents). */
  List<JobEvent> podEvents(String podName);

  /** Every line of one pod's log so far, oldest first, handed to {@code lines} (DescribeJobLogs). */
  void log(String podName, Consumer<String> lines);

  /**
   * One DescribeJobLogs page of one pod: from {@code marker} ({@code ""}: the start, or {@code startTime}
   * when it is not null), at most {@code maxLines} lines.
   */
  JobLogs logPage(String podName, String marker, int maxLines, Instant startTime);

  /**
   * The queue {@code job} (as DescribeJob answered) waits in: its own pool and queue, else those it was
   * submitted with.
   */
  String queueOf(JobItem job);

  /** DescribeQueue of the queue {@code job} waits in. */
  QueueItem queue(JobItem job);

  /** The jobs in {@code status} of the queue {@code job} waits in (DescribeJobs). */
  List<JobItem> queueJobs(JobItem job, JobStatus status);

  /** Now, on the client's clock. */
  Instant now();
}
