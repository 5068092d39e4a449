package dev.aihc.insight;

import java.util.List;

/**
 * Whether a job would start now, and whether it ever could, in its queue as it is: its gang demand
 * (every replica at once) against the queue's capacity and what its running jobs hold, from DescribeQueue
 * ({@link dev.aihc.client.AihcClient#preflight}). Nothing is created.
 *
 * @param jobName the job
 * @param queue the queue it goes to
 * @param fitsNow whether every replica fits the queue's free resources now (and launching is not paused)
 * @param canEverFit whether it fits the queue's whole capacity; false means it would wait for ever
 * @param reasons what it needs, what is free, which resource is short and by how much
 */
public record Preflight(String jobName, String queue, boolean fitsNow, boolean canEverFit, List<String> reasons) {
  /** Copies. */
  public Preflight {
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
  }

  /**
   * {@code bert-sft fits queue default now: ...}, {@code ... can never fit queue default: ...}, one reason a
   * line.
   */
  @Override
  public String toString() {
    String verdict = fitsNow ? " fits queue " + queue + " now"
        : canEverFit ? " does not fit queue " + queue + " now; it would wait"
        : " can never fit queue " + queue + ", not even empty";
    StringBuilder s = new StringBuilder(jobName + verdict);
    for (String r : reasons) s.append("\n  - ").append(r);
    return s.toString();
  }

  /** The reasons on one line, for a warning. */
  public String oneLine() {
    return jobName + (canEverFit ? " will not start now in queue " : " can never start in queue ") + queue + ": "
        + String.join("; ", reasons);
  }
}
