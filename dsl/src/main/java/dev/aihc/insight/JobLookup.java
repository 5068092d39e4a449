package dev.aihc.insight;

import dev.aihc.internal.http.Scope;
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
 * so that the client, in its own package, can, and the readers here need nothing of the client.
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

  /** The pool and queue the job was submitted with: where a job that names none of its own waits. */
  Scope scope();

  /** DescribeQueue of {@code queue}. */
  QueueItem queue(Scope queue);

  /** The jobs of {@code queue} in {@code status} (DescribeJobs). */
  List<JobItem> jobs(Scope queue, JobStatus status);

  /** Now, on the client's clock. */
  Instant now();
}
