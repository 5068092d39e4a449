package dev.aihc.insight;

import dev.aihc.wire.JobStatus;
import java.util.List;

/**
 * Why a job is where it is ({@link dev.aihc.client.Run#why()}): for a waiting job, what it needs per
 * replica × replicas, what its queue has free, its place among the waiting jobs, a paused queue, the
 * priority order, and the jobs holding what it needs; for any other job, what it is doing (running since,
 * ended how).
 *
 * @param jobId the job
 * @param name its name
 * @param status its status when asked
 * @param reasons sentences a person reads, most telling first
 * @param blockingJobs the ids of running jobs holding what it needs, largest holder first (waiting jobs only)
 */
public record Explanation(String jobId, String name, JobStatus status, List<String> reasons,
    List<String> blockingJobs) {
  /** Copies. */
  public Explanation {
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
    blockingJobs = blockingJobs == null ? List.of() : List.copyOf(blockingJobs);
  }

  /** Whether the job waits for room in its queue. */
  public boolean isWaiting() {
    return status == JobStatus.CREATED;
  }

  /** {@code bert-sft job-… is waiting (Created):} then one reason a line. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(name + " " + jobId + (isWaiting() ? " is waiting (" + status + ")" : " is " + status))
        .append(reasons.isEmpty() ? "" : ":");
    for (String r : reasons) s.append("\n  - ").append(r);
    return s.toString();
  }

  /** The reasons on one line, for a status line. */
  public String oneLine() {
    return String.join("; ", reasons);
  }
}
