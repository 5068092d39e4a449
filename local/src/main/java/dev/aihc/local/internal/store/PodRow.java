package dev.aihc.local.internal.store;

/**
 * One replica as stored.
 *
 * @param jobId its job
 * @param podName {@code <job>-master-0} or {@code <job>-worker-N}
 * @param replicaType master or worker
 * @param rank its RANK: master 0, worker-N N+1
 * @param status Pending, Running, Succeed, Failed or Unknown
 * @param restartCount always 0 locally (no fault tolerance yet)
 * @param exitCode its exit code once it ended (null when unknown)
 * @param reason why it is in this status
 * @param pid the process (and process group) id once started
 * @param startedAt epoch millis
 * @param finishedAt epoch millis
 * @param procStart when its process started, in clock ticks since boot ({@code /proc/PID/stat}); null when unknown
 */
public record PodRow(String jobId, String podName, String replicaType, int rank, String status, int restartCount,
    Integer exitCode, String reason, Long pid, Long startedAt, Long finishedAt, Long procStart) {
  public static final String PENDING = "Pending";
  static final String RUNNING = "Running";
  public static final String SUCCEED = "Succeed";
  public static final String FAILED = "Failed";

  /** Whether the replica can no longer change. */
  public boolean isTerminal() {
    return status.equals(SUCCEED) || status.equals(FAILED);
  }

  /** {@code worker-1}: the pod name without the job name, as reasons print it. */
  public String shortName() {
    return replicaType + "-" + (replicaType.equals("master") ? 0 : rank - 1);
  }
}
