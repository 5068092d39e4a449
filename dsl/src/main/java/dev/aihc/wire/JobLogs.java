package dev.aihc.wire;

import java.util.List;

/**
 * One page of DescribeJobLogs. Page on with {@code marker = nextMarker} until no lines come back.
 *
 * @param jobId the job
 * @param podName the pod
 * @param logs the lines of this page
 * @param nextMarker where the next page starts; empty at the end
 */
public record JobLogs(String jobId, String podName, List<String> logs, String nextMarker) {
  /** Normalises absent values. */
  public JobLogs {
    logs = logs == null ? List.of() : List.copyOf(logs);
    nextMarker = nextMarker == null ? "" : nextMarker;
  }
}
