package dev.aihc.wire;

/**
 * A queue as DescribeQueue and DescribeQueues report it (AIHC's resource-pool module, v2).
 *
 * @param queueId its id, what DescribeQueue takes (the queue name on the local engine)
 * @param queueName its name, the {@code queueID} of job actions on a self-managed pool
 * @param queueType {@code Regular}, {@code Elastic} or {@code Physical}
 * @param resourcePoolId its pool
 * @param createdAt RFC 3339
 * @param parentQueue its parent, when it has one
 * @param opened whether it takes jobs
 * @param queueingStrategy such as {@code BestEffortFIFO}: a job that does not fit does not hold back the ones behind it
 * @param capability what it may use at most
 * @param deserved what it is entitled to
 * @param allocated what its running jobs hold now
 * @param runningJobs jobs holding resources
 * @param inqueueJobs jobs admitted but not yet running
 * @param pendingJobs jobs waiting for room
 * @param pausedBy what holds its launching back (local engine only); null when jobs launch
 */
public record QueueItem(String queueId, String queueName, String queueType, String resourcePoolId, String createdAt,
    String parentQueue, Boolean opened, String queueingStrategy, ResourceAmount capability, ResourceAmount deserved,
    ResourceAmount allocated, Integer runningJobs, Integer inqueueJobs, Integer pendingJobs, String pausedBy) {

  /** Running jobs, 0 when not reported. */
  public int running() {
    return runningJobs == null ? 0 : runningJobs;
  }

  /** Waiting jobs, 0 when not reported. */
  public int pending() {
    return pendingJobs == null ? 0 : pendingJobs;
  }

  /** {@code default (local): 0/8 baidu.com/a800_80g_cgpu used, 1 running, 2 pending}-like summary. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(String.valueOf(queueName)).append(" (pool ").append(resourcePoolId).append(")");
    if (capability != null) {
      s.append(": cpu ").append(amount(allocated == null ? 0 : allocated.cpu())).append('/')
          .append(amount(capability.cpu())).append(", memory ").append(amount(allocated == null ? 0 : allocated.memory()))
          .append('/').append(amount(capability.memory())).append(" GiB");
      for (AcceleratorCard c : capability.acceleratorCardList()) {
        if (allocated != null && allocated.accelerators(c.acceleratorDescription()) == 0 && c.acceleratorType() != null
            && c.acceleratorType().contains("virtual")) {
          continue; // an idle rehearsal inventory lists every descriptor: keep the line short
        }
        double used = allocated == null ? 0 : allocated.accelerators(c.acceleratorDescription());
        s.append(", ").append(c.acceleratorDescription()).append(' ').append(amount(used)).append('/')
            .append(amount(c.count()));
      }
    }
    s.append("; ").append(running()).append(" running, ").append(pending()).append(" pending");
    if (pausedBy != null) s.append("; launching paused by ").append(pausedBy);
    return s.toString();
  }

  private static String amount(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
