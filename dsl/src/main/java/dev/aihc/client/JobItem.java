package dev.aihc.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aihc.dsl.Label;
import java.util.List;
import java.util.Optional;

/**
 * A job as DescribeJobs lists it and DescribeJob returns it (with pods when asked for detail).
 *
 * @param jobId {@code job-} + 12 alphanumerics
 * @param name the job name
 * @param status the job status
 * @param reason why the job is in its status, when known (the local engine always says)
 * @param userId the owner
 * @param createdAt RFC 3339 UTC
 * @param finishedAt RFC 3339 UTC, empty while running
 * @param jobType {@code pytorch} (responses) or {@code PyTorchJob}
 * @param resourcePoolId the pool
 * @param queueId the queue
 * @param command the start command
 * @param priority high, normal or low
 * @param labels labels, the platform's included
 * @param jobSpec the job spec as sent
 * @param datasources the data sources as sent
 * @param pods current replicas (detail only)
 * @param historyPods earlier replicas (detail only)
 * @param jobTimeLine status changes with times
 */
public record JobItem(String jobId, String name, JobStatus status, String reason, String userId, String createdAt,
    String finishedAt, String jobType, String resourcePoolId, String queueId, String command, String priority,
    List<Label> labels, JsonNode jobSpec, JsonNode datasources, List<PodItem> pods, List<PodItem> historyPods,
    List<JobCondition> jobTimeLine) {

  /** Normalises absent lists to empty ones. */
  public JobItem {
    status = status == null ? JobStatus.UNKNOWN : status;
    labels = labels == null ? List.of() : List.copyOf(labels);
    pods = pods == null ? List.of() : List.copyOf(pods);
    historyPods = historyPods == null ? List.of() : List.copyOf(historyPods);
    jobTimeLine = jobTimeLine == null ? List.of() : List.copyOf(jobTimeLine);
  }

  /** The value of label {@code key}, when present. */
  public Optional<String> label(String key) {
    return labels.stream().filter(l -> key.equals(l.key())).map(Label::value).findFirst();
  }

  /** {@code job-abc bert-sft Running}. */
  @Override
  public String toString() {
    return jobId + " " + name + " " + status + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")");
  }
}
