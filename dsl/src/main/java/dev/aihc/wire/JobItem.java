package dev.aihc.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aihc.dsl.Label;
import java.util.List;
import java.util.Optional;
import dev.aihc.internal.json.Json;

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
 * @param enableBccl the CreateJob field, when the answer carries it
 * @param faultTolerance the CreateJob field, when the answer carries it
 * @param faultToleranceArgs the CreateJob field, when the answer carries it
 * @param tensorboardConfig the CreateJob field, when the answer carries it
 * @param alertConfig the CreateJob field, when the answer carries it
 * @param retentionPeriod the CreateJob field, when the answer carries it
 * @param tensorboardUrl where TensorBoard serves the job, while the local engine runs it for a job with
 *     {@code tensorboardConfig.enable} (the cloud shows it in its console instead); null otherwise
 */
public record JobItem(String jobId, String name, JobStatus status, String reason, String userId, String createdAt,
    String finishedAt, String jobType, String resourcePoolId, String queueId, String command, String priority,
    List<Label> labels, JsonNode jobSpec, JsonNode datasources, List<PodItem> pods, List<PodItem> historyPods,
    List<JobCondition> jobTimeLine, Boolean enableBccl, Boolean faultTolerance, String faultToleranceArgs,
    JsonNode tensorboardConfig, JsonNode alertConfig, String retentionPeriod, String tensorboardUrl) {

  /**
   * The label the client adds to every CreateJob with a fresh id, to find the job again after an unclear
   * failure; not part of what the user composed.
   */
  public static final String SUBMISSION_LABEL = "aihc-dsl/submission-id";

  /** Labels the platform adds to every job; not part of what was submitted. */
  private static final String PLATFORM_LABELS = "aijob.cce.baidubce.com/";

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

  /**
   * The job as the DSL would compose it again, from the fields this answer carries: the platform's
   * labels and the client's submission label are left out, the pool is kept. A field the service
   * does not return (the cloud may leave some out) is simply absent.
   */
  public dev.aihc.dsl.Job toJob() {
    com.fasterxml.jackson.databind.node.ObjectNode body = Json.mapper().createObjectNode();
    body.put("name", name);
    if (queueId != null) body.put("queue", queueId);
    body.put("jobType", jobType == null ? "PyTorchJob" : jobType);
    if (command != null) body.put("command", command);
    if (jobSpec != null) body.set("jobSpec", jobSpec);
    com.fasterxml.jackson.databind.node.ArrayNode ls = Json.mapper().createArrayNode();
    for (Label l : labels) {
      if (l.key().startsWith(PLATFORM_LABELS) || l.key().equals(SUBMISSION_LABEL)) continue;
      ls.addObject().put("key", l.key()).put("value", l.value());
    }
    if (!ls.isEmpty()) body.set("labels", ls);
    if (priority != null && !priority.isEmpty()) body.put("priority", priority);
    if (datasources != null && !datasources.isNull()) body.set("datasources", datasources);
    if (enableBccl != null) body.put("enableBccl", enableBccl);
    if (faultTolerance != null) body.put("faultTolerance", faultTolerance);
    if (faultToleranceArgs != null && !faultToleranceArgs.isEmpty()) body.put("faultToleranceArgs", faultToleranceArgs);
    if (tensorboardConfig != null && !tensorboardConfig.isNull()) body.set("tensorboardConfig", tensorboardConfig);
    if (alertConfig != null && !alertConfig.isNull()) body.set("alertConfig", alertConfig);
    if (retentionPeriod != null && !retentionPeriod.isEmpty()) body.put("retentionPeriod", retentionPeriod);
    dev.aihc.dsl.Job job = dev.aihc.dsl.Job.fromJson(body.toString());
    return resourcePoolId == null || resourcePoolId.isEmpty() ? job : job.pool(resourcePoolId);
  }

  /** {@code job-abc bert-sft Running}. */
  @Override
  public String toString() {
    return jobId + " " + name + " " + status + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")");
  }
}
