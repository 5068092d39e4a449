package dev.aihc.local.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aihc.dsl.Label;
import dev.aihc.internal.json.Json;
import dev.aihc.local.internal.core.Times;
import dev.aihc.local.internal.store.EventRow;
import dev.aihc.local.internal.store.JobRow;
import dev.aihc.local.internal.store.PodRow;
import dev.aihc.wire.JobCondition;
import dev.aihc.wire.JobEvent;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.PodItem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** Turns stored rows into the wire records the client reads, so both sides agree by construction. */
final class JobViews {
  static final String LABEL_PREFIX = "aijob.cce.baidubce.com/";
  static final String LOCAL_USER = "local";
  static final String POD_IP = "127.0.0.1";

  private final String nodeName;
  private final Function<String, Optional<String>> tensorboardUrl;

  JobViews(String nodeName, Function<String, Optional<String>> tensorboardUrl) {
    this.nodeName = nodeName;
    this.tensorboardUrl = tensorboardUrl;
  }

  /** The JobItem of a job; {@code pods} empty unless detail was asked for. */
  JobItem item(JobRow job, List<PodRow> pods, List<EventRow> timeline) {
    JsonNode body = parse(job.body());
    List<PodItem> podItems = new ArrayList<>();
    for (PodRow p : pods) podItems.add(pod(p));
    List<JobCondition> conditions = new ArrayList<>();
    for (EventRow e : timeline) {
      if (e.condition() != null) conditions.add(new JobCondition(e.condition(), Times.rfc3339(e.at())));
    }
    return new JobItem(job.jobId(), job.name(), job.status(), job.reason(), LOCAL_USER,
        Times.rfc3339(job.createdAt()), Times.rfc3339(job.finishedAt()), responseJobType(job.jobType()),
        job.resourcePoolId(), job.queueId(), job.command(), job.priority(), labels(body), body.get("jobSpec"),
        body.get("datasources"), podItems, List.of(), conditions, flag(body, "enableBccl"),
        flag(body, "faultTolerance"), text(body, "faultToleranceArgs"), body.get("tensorboardConfig"),
        body.get("alertConfig"), text(body, "retentionPeriod"), tensorboardUrl.apply(job.jobId()).orElse(null));
  }

  PodItem pod(PodRow p) {
    return new PodItem(p.podName(), p.status(), p.replicaType(), p.restartCount(),
        p.startedAt() == null ? "" : nodeName, p.startedAt() == null ? "" : POD_IP, p.exitCode(), p.reason());
  }

  static JobEvent event(EventRow e) {
    String at = Times.rfc3339(e.at());
    return new JobEvent(e.reason(), e.message(), at, at, 1, e.type());
  }

  private static Boolean flag(JsonNode body, String field) {
    JsonNode n = body.get(field);
    return n != null && n.isBoolean() ? n.booleanValue() : null;
  }

  private static String text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    return n != null && n.isTextual() ? n.asText() : null;
  }

  /** The job's labels, then the ones AIHC adds to every job created through the API. */
  private static List<Label> labels(JsonNode body) {
    List<Label> out = new ArrayList<>();
    JsonNode labels = body.get("labels");
    if (labels != null && labels.isArray()) {
      for (JsonNode l : labels) out.add(new Label(l.path("key").asText(), l.path("value").asText()));
    }
    out.add(new Label(LABEL_PREFIX + "create-from-aihcp-api", "true"));
    out.add(new Label(LABEL_PREFIX + "ai-user-id", LOCAL_USER));
    out.add(new Label(LABEL_PREFIX + "ai-user-name", LOCAL_USER));
    return out;
  }

  /** Responses spell job types the short way: {@code PyTorchJob} becomes {@code pytorch}. */
  static String responseJobType(String requestJobType) {
    String t = requestJobType.endsWith("Job") ? requestJobType.substring(0, requestJobType.length() - 3)
        : requestJobType;
    return t.toLowerCase(Locale.ROOT);
  }

  private static JsonNode parse(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("a stored job body is not JSON", e);
    }
  }
}
