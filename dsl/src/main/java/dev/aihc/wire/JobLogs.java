package dev.aihc.wire;

import java.util.List;

/**
 * One page of DescribeJobLogs. Page on with {@code marker = nextMarker} until no lines come back.
 *
 * @param jobId the job
 * @param podName the pod
 * @param logs the lines of this page
 * @param nextMarker where the next page starts; empty at the end
 * @param logEnd the marker of the log's end when the page was read, or null: the local engine sends it (its
 *     markers are byte offsets), AIHC does not. A reader that wants the newest lines alone starts a little
 *     before it
 */
public record JobLogs(String jobId, String podName, List<String> logs, String nextMarker, String logEnd) {
  /** Normalises absent values. */
  public JobLogs {
    logs = logs == null ? List.of() : List.copyOf(logs);
    nextMarker = nextMarker == null ? "" : nextMarker;
  }

  /** A page as AIHC sends it, without {@link #logEnd()}. */
  public JobLogs(String jobId, String podName, List<String> logs, String nextMarker) {
    this(jobId, podName, logs, nextMarker, null);
  }
}
