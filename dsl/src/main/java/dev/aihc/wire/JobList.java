package dev.aihc.wire;

import java.util.List;

/**
 * One page of DescribeJobs.
 *
 * @param requestId the request id
 * @param totalCount jobs matching, over every page
 * @param jobs this page
 */
public record JobList(String requestId, int totalCount, List<JobItem> jobs) {
  /** Normalises an absent list. */
  public JobList {
    jobs = jobs == null ? List.of() : List.copyOf(jobs);
  }
}
