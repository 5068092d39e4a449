package dev.aihc.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One replica of a job, as DescribeJob with {@code needDetail} lists it.
 *
 * @param podName {@code <job>-master-0}, {@code <job>-worker-0} ...
 * @param status Pending, Starting, Running, Succeed, Failed or Unknown
 * @param replicaType {@code master} or {@code worker}
 * @param restartCount how often it restarted
 * @param nodeName the node it runs on
 * @param podIp its IP address ({@code PodIP} on the wire)
 * @param exitCode the last exit code, when it exited (local engine)
 * @param reason why it ended, when known (local engine)
 */
public record PodItem(String podName, String status, String replicaType, Integer restartCount, String nodeName,
    @JsonProperty("PodIP") String podIp, Integer exitCode, String reason) {

  /** The part of the pod name after the job name: {@code worker-0}, {@code master-0}. */
  public String shortName(String jobName) {
    if (podName == null) return "?";
    return jobName != null && podName.startsWith(jobName + "-") ? podName.substring(jobName.length() + 1) : podName;
  }

  /** Restart count, 0 when not reported. */
  public int restarts() {
    return restartCount == null ? 0 : restartCount;
  }
}
