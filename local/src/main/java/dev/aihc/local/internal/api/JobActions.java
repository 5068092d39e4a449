package dev.aihc.local.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aihc.local.internal.config.JsonValues;
import dev.aihc.local.internal.core.EngineException;
import dev.aihc.wire.JobStatus;
import dev.aihc.dsl.Job;
import dev.aihc.dsl.JobJsonException;
import dev.aihc.dsl.Priority;
import dev.aihc.dsl.Problem;
import dev.aihc.dsl.Problems;
import dev.aihc.internal.json.Json;
import dev.aihc.dsl.DurationText;
import dev.aihc.local.internal.config.Home;
import dev.aihc.local.internal.engine.JobNotes;
import dev.aihc.local.internal.engine.JobCommands;
import dev.aihc.local.internal.logs.LogIndex;
import dev.aihc.local.internal.logs.LogReader;
import dev.aihc.local.internal.replica.DatasourceMounts;
import dev.aihc.local.internal.replica.MetricSeries;
import dev.aihc.local.internal.replica.PodMetrics;
import dev.aihc.local.internal.sched.Demand;
import dev.aihc.local.internal.sched.SchedulingConfig;
import dev.aihc.local.internal.store.Db;
import dev.aihc.local.internal.store.JobPage;
import dev.aihc.local.internal.store.JobQuery;
import dev.aihc.local.internal.store.JobRow;
import dev.aihc.local.internal.store.JobSpecs;
import dev.aihc.local.internal.store.JobStore;
import dev.aihc.local.internal.store.PodRow;
import dev.aihc.wire.BatchStopResult;
import dev.aihc.wire.CreateJobResult;
import dev.aihc.wire.JobEvent;
import dev.aihc.wire.JobEvents;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.JobList;
import dev.aihc.wire.JobMetrics;
import dev.aihc.wire.JobNodes;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * One small handler per v2 job action (spec section 2). Each reads its body fields through
 * {@link Params}, does its work through {@link JobCommands} (changes) or the {@link JobStore}
 * (reads), and returns the wire record; {@link ApiServer} adds {@code requestId}.
 */
public final class JobActions {
  /** A handler: the response object (a wire record or a JSON node) for a request. */
  @FunctionalInterface
  public interface Action {
    Object handle(ApiRequest request) throws Exception;
  }

  /** Replicas are processes on this host: a guard against a typo starting thousands of them. */
  static final int MAX_REPLICAS = 128;
  static final int DEFAULT_MAX_LINES = 1000;
  static final int MAX_LINES_LIMIT = 10_000;
  static final List<String> METRIC_TYPES = List.of("CpuUsage", "MemoryUsage", "GpuUsage", "GpuMemoryUsage");

  private final JobCommands jobs;
  private final JobStore store;
  private final JobViews views;
  private final Home home;
  private final SchedulingConfig scheduling;
  private final DatasourceMounts datasources;
  private final PodMetrics metrics;
  private final Clock clock;

  /**
   * @param jobs what changes jobs (the engine loop)
   * @param store where reads go
   * @param tensorboardUrl a job's TensorBoard address, when it has one running
   * @param nodeName the host name DescribeJobNodes gives
   */
  public JobActions(JobCommands jobs, JobStore store, Home home, SchedulingConfig scheduling, DatasourceMounts datasources,
      PodMetrics metrics, Function<String, Optional<String>> tensorboardUrl, Clock clock, String nodeName) {
    this.jobs = jobs;
    this.store = store;
    this.home = home;
    this.scheduling = scheduling;
    this.datasources = datasources;
    this.metrics = metrics;
    this.clock = clock;
    this.views = new JobViews(nodeName, tensorboardUrl);
  }

  /** Every action the engine serves, by name: the whole API surface in one place. */
  public Map<String, Action> routes() {
    Map<String, Action> r = new LinkedHashMap<>();
    r.put("CreateJob", this::createJob);
    r.put("DescribeJobs", this::describeJobs);
    r.put("DescribeJob", this::describeJob);
    r.put("DeleteJob", this::deleteJob);
    r.put("StopJob", this::stopJob);
    r.put("ModifyJob", this::modifyJob);
    r.put("DescribeJobEvents", this::describeJobEvents);
    r.put("DescribePodEvents", this::describePodEvents);
    r.put("DescribeJobLogs", this::describeJobLogs);
    r.put("DescribeJobNodes", this::describeJobNodes);
    r.put("DescribeJobMetrics", this::describeJobMetrics);
    r.put("DescribeJobWebterminal", this::describeJobWebterminal);
    r.put("BatchStopJobs", this::batchStopJobs);
    return r;
  }

  // ---------------------------------------------------------------- create

  private Object createJob(ApiRequest r) {
    Job job;
    try {
      job = JobSpecs.read(r.rawBody());
    } catch (JobJsonException e) {
      r.params(); // a body that is no JSON object is refused as every action refuses it (MalformedJSON...)
      throw ApiException.invalidParam(e.field().isEmpty() ? e.getMessage()
          : e.field() + ": " + e.getMessage() + ". Fix " + e.field() + " and send the job again");
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParam("cannot read the job: " + e.getMessage());
    }
    if ((job.queue() == null || job.queue().isBlank()) && r.queueId() != null) {
      job = job.queue(r.queueId()); // the body may leave the queue to the query, as the Python SDK does
    } else if (r.queueId() != null && !job.queue().equals(r.queueId())) {
      throw ApiException.invalidParam("queue: the body says '" + job.queue() + "' but the query's queueID says '"
          + r.queueId() + "'. Send the same queue in both");
    }
    List<String> problems = new ArrayList<>();
    Problems checked = job.validate();
    for (Problem p : checked.errors()) problems.add(p.field() + ": " + p.message() + ". " + p.fix());
    problems.addAll(localLimits(job));
    problems.addAll(datasources.problems(job));
    SchedulingConfig.Placement placement = null;
    Demand demand = null;
    if (job.queue() != null && !job.queue().isBlank()) {
      try {
        placement = scheduling.place(r.resourcePoolId(), job.queue());
        demand = Demand.of(job, placement.queue());
        problems.addAll(demand.neverFits(placement.queue())); // gang: it could never start, so refuse it now
      } catch (EngineException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw ApiException.invalidParam("the job cannot be created (" + problems.size()
          + (problems.size() == 1 ? " problem): " : " problems): ") + String.join("; ", problems));
    }
    String pool = r.resourcePoolId() != null ? r.resourcePoolId() : placement.queue().poolId();
    String id = jobs.create(job, checked.warnings(), pool, placement, demand);
    return new CreateJobResult(r.requestId(), id, job.name());
  }

  /**
   * What this host cannot give a job whatever its queue holds: more than {@link #MAX_REPLICAS}
   * processes. (GPUs, RDMA and BCCL are the scheduler's and the notes' business: see {@link Demand}
   * and {@link JobNotes}.)
   */
  static List<String> localLimits(Job job) {
    List<String> out = new ArrayList<>();
    if (job.replicas() > MAX_REPLICAS) {
      out.add("jobSpec.replicas: the local engine runs at most " + MAX_REPLICAS + " replicas of a job (each is a "
          + "process on this host) but the job asks for " + job.replicas() + ". Use fewer replicas locally");
    }
    return out;
  }

  // ---------------------------------------------------------------- reads

  private Object describeJobs(ApiRequest r) throws SQLException {
    Params p = r.params();
    JobStatus status = p.string("status").map(s -> {
      JobStatus st = JobStatus.fromWire(s);
      if (st == JobStatus.UNKNOWN) {
        throw ApiException.invalidParam("status must be one of Created, Running, Stopping, Stopped, Succeeded, "
            + "Failed (or another AIHC job status) but was '" + s + "'");
      }
      return st;
    }).orElse(null);
    String keywordType = p.string("keywordType").orElse("name");
    if (!keywordType.equals("name") && !keywordType.equals("queueName")) {
      throw ApiException.invalidParam("keywordType must be name or queueName but was '" + keywordType + "'");
    }
    String orderBy = p.string("orderBy").orElse("createdAt");
    if (!orderBy.equals("createdAt") && !orderBy.equals("finishedAt")) {
      throw ApiException.invalidParam("orderBy must be createdAt or finishedAt but was '" + orderBy + "'");
    }
    String order = p.string("order").orElse("desc");
    if (!order.equals("asc") && !order.equals("desc")) {
      throw ApiException.invalidParam("order must be asc or desc but was '" + order + "'");
    }
    int pageNumber = p.intIn("pageNumber", 1, 1_000_000).orElse(1);
    int pageSize = p.intIn("pageSize", 1, 1000).orElse(10);
    JobQuery q = new JobQuery(r.resourcePoolId(), p.string("queue").orElse(null), status,
        p.string("keyword").orElse(null), keywordType.equals("queueName"), orderBy.equals("finishedAt"),
        order.equals("asc"), (pageNumber - 1) * pageSize, pageSize);
    return store.read(db -> {
      JobPage page = db.jobs(q);
      List<JobItem> items = new ArrayList<>();
      for (JobRow j : page.jobs()) items.add(views.item(j, List.of(), db.events(j.jobId(), null, 0, Long.MAX_VALUE)));
      return new JobList(r.requestId(), page.total(), items);
    });
  }

  private Object describeJob(ApiRequest r) throws SQLException {
    String jobId = r.params().requiredString("jobId");
    boolean detail = r.params().flag("needDetail");
    return store.read(db -> {
      JobRow job = db.job(jobId).orElseThrow(() -> EngineException.jobNotFound(jobId));
      return views.item(job, detail ? db.pods(jobId) : List.of(), db.events(jobId, null, 0, Long.MAX_VALUE));
    });
  }

  private Object describeJobEvents(ApiRequest r) throws SQLException {
    return events(r, null);
  }

  private Object describePodEvents(ApiRequest r) throws SQLException {
    return events(r, r.params().requiredString("podName"));
  }

  private Object events(ApiRequest r, String podName) throws SQLException {
    String jobId = r.params().requiredString("jobId");
    long from = r.params().time("startTime").map(s -> s * 1000).orElse(0L);
    long to = r.params().time("endTime").map(s -> s * 1000 + 999).orElse(Long.MAX_VALUE);
    return store.read(db -> {
      db.job(jobId).orElseThrow(() -> EngineException.jobNotFound(jobId));
      if (podName != null) requirePod(db, jobId, podName);
      List<JobEvent> events = db.events(jobId, podName, from, to).stream().map(JobViews::event).toList();
      return new JobEvents(events, events.size());
    });
  }

  /**
   * DescribeJobLogs' answer, {@link dev.aihc.wire.JobLogs}' fields in its order, with the page's lines as the
   * reader left them ({@link dev.aihc.local.internal.logs.LogLines}: copied into the answer as bytes, not
   * decoded and encoded again).
   */
  record LogsAnswer(String jobId, String podName, List<String> logs, String nextMarker, String logEnd) {}

  private Object describeJobLogs(ApiRequest r) throws Exception {
    Params p = r.params();
    String jobId = p.requiredString("jobId");
    String marker = p.string("marker").orElse("");
    if (!marker.isEmpty() && !marker.matches("[0-9]{1,18}")) {
      throw ApiException.invalidParam("marker must be the nextMarker of an earlier page (or empty for the start) "
          + "but was '" + marker + "'");
    }
    int maxLines = Math.min(p.intIn("maxLines", 1, Integer.MAX_VALUE).orElse(DEFAULT_MAX_LINES), MAX_LINES_LIMIT);
    List<String> keywords = p.strings("keywords");
    Long start = p.time("startTime").orElse(null);
    Long end = p.time("endTime").orElse(null);
    String requested = p.string("podName").orElse(null);
    // Status first, then the file: a replica seen as ended has written its last byte.
    PodRow pod = store.read(db -> {
      db.job(jobId).orElseThrow(() -> EngineException.jobNotFound(jobId));
      return requested != null ? requirePod(db, jobId, requested) : db.pods(jobId).get(0);
    });
    Path index = home.logIndex(jobId, pod.podName());
    long from = !marker.isEmpty() ? Long.parseLong(marker)
        : start != null ? LogIndex.startOffset(index, start * 1000) : 0;
    long endBound = end != null ? LogIndex.endOffset(index, (end + 1) * 1000) : -1;
    LogReader.Page page = LogReader.read(home.log(jobId, pod.podName()), from, endBound, maxLines, keywords,
        pod.isTerminal());
    return new LogsAnswer(jobId, pod.podName(), page.lines(), page.nextMarker(), Long.toString(page.size()));
  }

  private Object describeJobNodes(ApiRequest r) throws SQLException {
    String jobId = r.params().requiredString("jobId");
    return store.read(db -> {
      db.job(jobId).orElseThrow(() -> EngineException.jobNotFound(jobId));
      List<String> nodes = db.pods(jobId).stream().map(views::pod).map(pi -> pi.nodeName())
          .filter(n -> !n.isEmpty()).distinct().toList();
      return new JobNodes(jobId, nodes);
    });
  }

  private Object describeJobMetrics(ApiRequest r) throws SQLException {
    Params p = r.params();
    String jobId = p.requiredString("jobId");
    String type = p.string("metricType").orElseThrow(() -> ApiException.invalidParam("metricType is required: one of "
        + METRIC_TYPES + " on the local engine"));
    ToDoubleFunction<PodMetrics.Sample> value = switch (type) {
      case "CpuUsage" -> PodMetrics.Sample::cpuCores;
      case "MemoryUsage" -> PodMetrics.Sample::memoryBytes;
      case "GpuUsage" -> PodMetrics.Sample::gpuPercent;
      case "GpuMemoryUsage" -> PodMetrics.Sample::gpuMemoryBytes;
      default -> null;
    };
    long step = p.string("timeStep").map(JobActions::stepMillis).orElse(60_000L);
    Long start = p.time("startTime").map(s -> s * 1000).orElse(null);
    Long end = p.time("endTime").map(s -> s * 1000).orElse(null);
    return store.read(db -> {
      JobRow job = db.job(jobId).orElseThrow(() -> EngineException.jobNotFound(jobId));
      long from = start != null ? start : job.createdAt() / 1000 * 1000;
      long to = end != null ? end : job.finishedAt() != null ? job.finishedAt() : clock.millis();
      if (to < from) throw ApiException.invalidParam("endTime must not be before startTime");
      if ((to - from) / step >= MetricSeries.MAX_POINTS) {
        throw ApiException.invalidParam("the window asks for " + ((to - from) / step + 1) + " points per pod, more than "
            + MetricSeries.MAX_POINTS + ". Use a larger timeStep or a shorter window");
      }
      String reason = value == null ? "the local engine does not collect " + type + "; it collects " + METRIC_TYPES
          : type.startsWith("Gpu") && !metrics.hasGpus() ? "no GPU metrics: nvidia-smi is not on PATH, "
              + "so this host has no NVIDIA GPU to sample"
          : null;
      List<JobMetrics.PodSeries> series = new ArrayList<>();
      for (PodRow pod : db.pods(jobId)) {
        series.add(new JobMetrics.PodSeries(pod.podName(), reason != null ? List.of()
            : MetricSeries.at(metrics.samples(jobId, pod.podName()), value, from, to, step)));
      }
      if (reason == null && series.stream().allMatch(s -> s.metrics().isEmpty())) {
        reason = "no samples in this window: replicas are sampled about once a second while they run";
      }
      return new JobMetrics(series, reason);
    });
  }

  /** {@code 60s}, {@code 1m}, {@code 1h} or plain seconds, as milliseconds (at least a second). */
  private static long stepMillis(String text) {
    // A bare number is seconds here (the API's own examples send "60"); otherwise AIHC's duration text.
    String typed = text.matches("[1-9][0-9]{0,8}") ? text + "s" : text;
    return DurationText.read(typed).filter(d -> !d.isZero() && d.unit() != DurationText.Unit.DAYS)
        .orElseThrow(() -> ApiException.invalidParam("timeStep must be a whole number of seconds, minutes or hours "
            + "like 15s, 1m or 60 but was '" + text + "'"))
        .toDuration().toMillis();
  }

  private Object describeJobWebterminal(ApiRequest r) throws SQLException {
    String jobId = r.params().requiredString("jobId");
    store.read(db -> db.job(jobId).orElseThrow(() -> EngineException.jobNotFound(jobId)));
    throw new ApiException(400, "InvalidHTTPRequest", "DescribeJobWebterminal is not available on the local "
        + "engine: its replicas are processes on this host. Open a shell in " + home.jobDir(jobId));
  }

  // ---------------------------------------------------------------- changes

  private Object stopJob(ApiRequest r) {
    String jobId = r.params().requiredString("jobId");
    jobs.stop(jobId);
    return jobIdAnswer(jobId);
  }

  private Object deleteJob(ApiRequest r) {
    String jobId = r.params().requiredString("jobId");
    jobs.delete(jobId);
    return jobIdAnswer(jobId);
  }

  private Object modifyJob(ApiRequest r) {
    String jobId = r.params().requiredString("jobId");
    String text = r.params().requiredString("priority");
    Priority priority;
    try {
      priority = Priority.fromWire(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParam("priority must be high, normal or low but was '" + text + "'");
    }
    jobs.modifyPriority(jobId, priority.wireName());
    return jobIdAnswer(jobId);
  }

  private Object batchStopJobs(ApiRequest r) {
    JsonNode list = r.params().array("jobList");
    List<JsonNode> ok = new ArrayList<>();
    List<JsonNode> failed = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      JsonNode idNode = item.isObject() ? item.get("jobId") : item;
      if (idNode == null || !idNode.isTextual() || idNode.asText().isBlank()) {
        throw ApiException.invalidParam("jobList[" + i + "] must be {\"jobId\": \"job-...\"} but was "
            + JsonValues.describe(item));
      }
      String jobId = idNode.asText();
      try {
        jobs.stop(jobId);
        ok.add(Json.mapper().createObjectNode().put("jobId", jobId));
      } catch (EngineException e) {
        failed.add(Json.mapper().createObjectNode().put("jobId", jobId).put("reason", e.getMessage()));
      }
    }
    return new BatchStopResult(ok, failed);
  }

  // ---------------------------------------------------------------- helpers

  private static PodRow requirePod(Db db, String jobId, String podName) throws SQLException {
    List<PodRow> pods = db.pods(jobId);
    return pods.stream().filter(p -> p.podName().equals(podName)).findFirst()
        .orElseThrow(() -> ApiException.notFound("job " + jobId + " has no pod '" + podName + "'; its pods are "
            + pods.stream().map(PodRow::podName).collect(Collectors.joining(", "))));
  }

  private static ObjectNode jobIdAnswer(String jobId) {
    return Json.mapper().createObjectNode().put("jobId", jobId);
  }
}
