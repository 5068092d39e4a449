package dev.aihc.kernel;

import dev.aihc.wire.JobItem;
import dev.aihc.internal.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test jobs read the way the client reads them, from wire JSON, so that new record fields don't break tests. */
public final class Items {
  private Items() {}

  /** A pod as DescribeJob lists it. */
  public static Map<String, Object> pod(String podName, String status, String type, int restarts, Integer exitCode) {
    Map<String, Object> pod = new LinkedHashMap<>();
    pod.put("podName", podName);
    pod.put("status", status);
    pod.put("replicaType", type);
    pod.put("restartCount", restarts);
    pod.put("nodeName", "node-" + type);
    pod.put("PodIP", "10.0.0.1");
    if (exitCode != null) pod.put("exitCode", exitCode);
    return pod;
  }

  /** One entry of jobTimeLine. */
  public static Map<String, Object> condition(String type, String time) {
    return Map.of("conditionType", type, "time", time);
  }

  /** Job bert-sft (job-abcdef123456) in {@code status}. */
  public static JobItem job(String status, String reason, List<Map<String, Object>> pods,
      List<Map<String, Object>> timeline) {
    Map<String, Object> job = new LinkedHashMap<>();
    job.put("jobId", "job-abcdef123456");
    job.put("name", "bert-sft");
    job.put("status", status);
    job.put("reason", reason);
    job.put("createdAt", "2026-01-01T00:00:00Z");
    job.put("finishedAt", "");
    job.put("queueId", "default");
    job.put("priority", "normal");
    job.put("pods", pods);
    job.put("jobTimeLine", timeline);
    return Json.mapper().convertValue(job, JobItem.class);
  }
}
