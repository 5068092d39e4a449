package dev.aihc.client;

import dev.aihc.wire.JobStatus;
import com.fasterxml.jackson.databind.JavaType;
import dev.aihc.dsl.AihcException;
import dev.aihc.dsl.Job;
import dev.aihc.dsl.Priority;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.net.SocketFactory;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import dev.aihc.wire.BatchStopResult;
import dev.aihc.wire.JobEvents;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.JobList;
import dev.aihc.wire.JobLogs;
import dev.aihc.wire.JobMetrics;
import dev.aihc.wire.JobNodes;
import dev.aihc.wire.QueueItem;
import dev.aihc.wire.QueueList;
import dev.aihc.insight.Preflight;
import dev.aihc.insight.Answers;
import dev.aihc.internal.json.Json;
import dev.aihc.internal.signing.SigningInterceptor;
import dev.aihc.internal.http.Scope;
import dev.aihc.internal.http.Transport;

/**
 * A client for AIHC's v2 job API, in the cloud or on the local engine (same API, same signing):
 *
 * <pre>{@code
 * AihcClient aihc = AihcClient.builder().region("bj").pool("cce-1uji3ib5").queue("default").build();
 * Run run = aihc.submit(job);
 * run.follow();
 * run.await();
 * }</pre>
 *
 * Every request is {@code POST /?action=...} with {@code resourcePoolId} and {@code queueID} in the
 * query (the job's when it has them, else this client's defaults), {@code X-API-Version: v2} and a
 * BCE v1 signature over exactly what is sent. Reads, StopJob and DeleteJob are retried on transport
 * errors, 429, 5xx and RequestExpired; CreateJob is never resent blindly (see {@link #submit}).
 * Waiting calls honour interrupts: the in-flight call is cancelled at once.
 *
 * <p>Thread-safe; build one per endpoint and keep it.
 */
public final class AihcClient implements AutoCloseable {
  /** A job id as CreateJob returns it, {@code job-uVuy2Onhe4FS}: no hyphen after the first. */
  private static final java.util.regex.Pattern JOB_ID = java.util.regex.Pattern.compile("job-[A-Za-z0-9]+");
  /** The builder's URL as OkHttp writes it, or null when {@link #endpointSource} gives it. */
  private final String fixedEndpoint;
  private final Supplier<String> endpointSource;
  private final String description;
  /** Null until the first request needs it (parsed then, so that building a client loads no OkHttp). */
  private volatile HttpUrl endpoint;
  /** What {@link #endpointSource} said last, as given, to parse only when it changes. */
  private volatile String endpointText;
  /** The sockets OkHttp connects with, or null for plain ones. */
  private final SocketFactory socketFactory;
  private final Scope defaults;
  private final Clock clock;
  private final OutputSink sink;
  private final Duration pollInterval;
  private final CredentialsProvider credentials;
  /** Shared with derived clients (withSink), so that they share its connection pool and threads. */
  private final Supplier<OkHttpClient> base;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration callTimeout;
  private final RetryPolicy retries;
  /** Null until the first request; see {@link #stack()}. */
  private volatile HttpStack stack;
  private final Submitter submitter;
  private final RecentQueues recentQueues = new RecentQueues(this::describeQueue, System::nanoTime);

  private AihcClient(Builder b) {
    this.endpointSource = b.endpointSource;
    this.fixedEndpoint = b.endpointSource == null ? b.endpoint : null;
    // A supplied endpoint is asked for when the first request needs it: building a client never
    // connects (nor starts a local engine). A derived client (withSink) keeps what its origin resolved.
    this.endpoint = b.endpointSource == null ? null : b.resolvedEndpoint;
    this.description = b.description;
    this.defaults = new Scope(b.pool, b.queue);
    this.clock = b.clock;
    this.sink = b.sink;
    this.pollInterval = b.pollInterval;
    this.credentials = b.credentials;
    // Kept unsigned for toBuilder(): a derived client adds its own signing interceptor to it.
    this.base = b.okHttp != null ? b.okHttp : new SharedOkHttp();
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.callTimeout = b.callTimeout;
    this.retries = b.retries;
    this.socketFactory = b.socketFactory;
    this.submitter = new Submitter(this);
  }

  /**
   * The OkHttp client and transport, made on the first request rather than by the constructor: the
   * startup script's {@code aihc} is built when a shell or notebook opens, and loading OkHttp then would
   * slow every start for sessions that may never send a request.
   */
  private HttpStack stack() {
    HttpStack s = stack;
    if (s != null) return s;
    synchronized (this) {
      if (stack == null) stack = HttpStack.of(this);
      return stack;
    }
  }

  /** A builder; set {@link Builder#region} or {@link Builder#endpoint}, and the credentials. */
  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- jobs

  /**
   * Validates {@code job}, creates it and returns its {@link Run}. Throws
   * {@link dev.aihc.dsl.InvalidJobException} listing every error before anything is sent.
   *
   * <p>CreateJob has no idempotency token, so it is never resent blindly: each submission carries
   * the label {@code aihc-dsl/submission-id}; after an unclear failure (timeout, connection lost after
   * sending, 5xx) the job is looked up by name and that label and returned if it exists, else sent
   * again. If the call finally fails without knowing, the next {@code submit} of an equal job on this
   * client looks it up first. A submit after a known success creates a new job.
   *
   * <p>A job that names no queue (a body written for Baidu's Python SDK, which sends the queue as the
   * {@code queueID} query only) goes to this client's queue, with a warning through the sink.
   */
  public Run submit(Job job) {
    job = withClientQueue(Objects.requireNonNull(job, "job"), true);
    job.requireValid();
    Scope scope = scopeOf(job);
    Boolean fits = warnIfItWaits(job, scope);
    Run run = submitter.submit(job, scope);
    recentQueues.submitted(scope, job, fits);
    return run;
  }

  /**
   * Whether {@code job} would start now in its queue, and whether it ever could: its gang demand (every
   * replica at once) against the queue's capacity and current usage (one DescribeQueue). Nothing is created.
   */
  public Preflight preflight(Job job) {
    Objects.requireNonNull(job, "job");
    Scope scope = scopeOf(job);
    return Answers.preflight(job, scope.queue(), describeQueue(scope));
  }

  /**
   * One warning line through the sink when the job will not start now (or never can). A preflight that
   * cannot be read never holds a submission back; a silent sink skips it (nobody would see it).
   *
   * @return whether it fits now, or null when the queue was not read
   */
  private Boolean warnIfItWaits(Job job, Scope scope) {
    if (sink == OutputSink.silent()) return null;
    try {
      Preflight p = Answers.preflight(job, scope.queue(), recentQueues.get(scope));
      if (!p.fitsNow()) sink.progress("warning: " + p.oneLine());
      return p.fitsNow();
    } catch (AihcInterruptedException e) {
      throw e;
    } catch (RuntimeException e) {
      return null; // the submission goes ahead; the preflight was only advice
    }
  }

  /** {@code job}, or, when it names no queue and this client has one, {@code job} in the client's queue. */
  private Job withClientQueue(Job job, boolean warn) {
    if ((job.queue() != null && !job.queue().isBlank()) || defaults.queue() == null) return job;
    if (warn) {
      sink.progress("warning: queue: " + (job.name() == null ? "the job" : job.name()) + " names no queue; it goes to this client's queue '"
          + defaults.queue() + "' (a body written for Baidu's Python SDK sends it as the queueID query only). "
          + "Write \"queue\" in the body, or .queue(...), to say which");
    }
    return job.queue(defaults.queue());
  }

  /**
   * Re-attaches to a job of this client's pool and queue: {@code nameOrId} is its id ({@code job-} and
   * letters or digits, as CreateJob returns; no request is made) or else its name, which one job must
   * have (one DescribeJobs walk), so that a notebook reopened after a restart finds its job without the
   * id. A name of the form of an id ({@code job-x}) is taken as an id.
   *
   * @throws AihcException when no job or several jobs have that name, listing the ones that do
   */
  public Run job(String nameOrId) {
    Objects.requireNonNull(nameOrId, "nameOrId");
    if (JOB_ID.matcher(nameOrId).matches()) return new Run(this, nameOrId, null, defaults);
    List<JobItem> named = jobs(q -> q.name(nameOrId)).filter(j -> nameOrId.equals(j.name())).toList();
    if (named.size() == 1) return new Run(this, named.get(0).jobId(), nameOrId, defaults);
    if (named.isEmpty()) {
      throw new AihcException("no job is named " + nameOrId + " in queue " + defaults.queue()
          + "; aihc.jobs() lists them, and aihc.job(\"job-…\") takes an id");
    }
    StringBuilder which = new StringBuilder();
    for (JobItem j : named) {
      which.append("\n  ").append(j.jobId()).append("  ").append(j.status() == null ? "" : j.status().wireName())
          .append(j.createdAt() == null ? "" : "  created " + j.createdAt());
    }
    throw new AihcException(named.size() + " jobs are named " + nameOrId + " in queue " + defaults.queue()
        + "; pick one by its id, aihc.job(\"" + named.get(0).jobId() + "\"):" + which);
  }

  /** Every job of this client's pool and queue, newest first, fetching pages as the stream is read. */
  public Stream<JobItem> jobs() {
    return jobs(defaults, JobQuery.ALL);
  }

  /** Every job in {@code status}. */
  public Stream<JobItem> jobs(JobStatus status) {
    Objects.requireNonNull(status, "status");
    return jobs(defaults, JobQuery.ALL.status(status));
  }

  /** Jobs matching a query built from {@link JobQuery#ALL}: {@code q -> q.status(RUNNING).name("bert")}. */
  public Stream<JobItem> jobs(UnaryOperator<JobQuery> query) {
    Objects.requireNonNull(query, "query");
    return jobs(defaults, Objects.requireNonNull(query.apply(JobQuery.ALL), "query"));
  }

  /** What {@code submit(job)} would send, signed, secrets masked; nothing is sent. */
  public RequestPreview preview(Job job) {
    job = withClientQueue(Objects.requireNonNull(job, "job"), false);
    return RequestPreview.of(calls().request("CreateJob", scopeOf(job),
        Transport.body(job.toCompactJson())), credentials, clock.instant());
  }

  // ---------------------------------------------------------------- raw actions

  /** One page of DescribeJobs. */
  public JobList describeJobs(JobQuery query, int pageNumber) {
    return describeJobs(defaults, query, pageNumber);
  }

  /** DescribeJob; {@code detail} adds pods and historyPods. */
  public JobItem describeJob(String jobId, boolean detail) {
    return describeJob(defaults, jobId, detail);
  }

  /** DescribeJobEvents within {@code [start, end]} (null for open ends). */
  public JobEvents describeJobEvents(String jobId, Instant start, Instant end) {
    return describeJobEvents(defaults, jobId, start, end);
  }

  /** DescribePodEvents within {@code [start, end]} (null for open ends). */
  public JobEvents describePodEvents(String jobId, String podName, Instant start, Instant end) {
    return describePodEvents(defaults, jobId, podName, start, end);
  }

  /** One page of DescribeJobLogs. */
  public JobLogs describeJobLogs(LogRequest request) {
    return describeJobLogs(defaults, request);
  }

  /** DescribeJobNodes. */
  public JobNodes describeJobNodes(String jobId) {
    return read("DescribeJobNodes", defaults, Map.of("jobId", jobId), JobNodes.class);
  }

  /** DescribeJobMetrics of {@code metricType} (CpuUsage, MemoryUsage, GpuUsage ...) over {@code [start, end]}. */
  public JobMetrics describeJobMetrics(String jobId, String metricType, Instant start, Instant end, Duration step) {
    return describeJobMetrics(defaults, jobId, metricType, start, end, step);
  }

  JobMetrics describeJobMetrics(Scope scope, String jobId, String metricType, Instant start, Instant end,
      Duration step) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("jobId", jobId);
    body.put("metricType", metricType);
    body.put("startTime", String.valueOf(start.getEpochSecond()));
    body.put("endTime", String.valueOf(end.getEpochSecond()));
    body.put("timeStep", step.toSeconds() + "s");
    return read("DescribeJobMetrics", scope, body, JobMetrics.class);
  }

  /** DescribeJobWebterminal: a URL for a shell in the pod. */
  public String describeJobWebterminal(String jobId, String podName) {
    return read("DescribeJobWebterminal", defaults, Map.of("jobId", jobId, "podName", podName), WebTerminal.class)
        .webTerminalUrl();
  }

  /** StopJob. */
  public void stopJob(String jobId) {
    stopJob(defaults, jobId);
  }

  /** DeleteJob. */
  public void deleteJob(String jobId) {
    deleteJob(defaults, jobId);
  }

  /** ModifyJob: changes the priority of a job still queued. */
  public void modifyJob(String jobId, Priority priority) {
    modifyJob(defaults, jobId, priority);
  }

  // ---------------------------------------------------------------- queues

  /**
   * DescribeQueues of this client's pool (every pool's queues on the local engine when the client
   * has none): capacity, what running jobs hold, running and pending jobs. Sent as AIHC's queue module
   * wants it: {@code GET} with header {@code version: v2}.
   */
  public QueueList describeQueues() {
    return describeQueues(defaults.pool());
  }

  /** DescribeQueues of pool {@code resourcePoolId} (null: the local engine answers with every pool). */
  public QueueList describeQueues(String resourcePoolId) {
    Map<String, String> query = new LinkedHashMap<>();
    if (resourcePoolId != null) query.put("resourcePoolId", resourcePoolId);
    return calls().getWithRetries("DescribeQueues", query, type(QueueList.class));
  }

  /** DescribeQueue of the queue (and pool, when known) a job of {@code scope} goes to. */
  QueueItem describeQueue(Scope scope) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("queueId", Objects.requireNonNull(scope.queue(), "queue: the job names none and the client has no default"));
    if (scope.pool() != null) query.put("resourcePoolId", scope.pool());
    return calls().getWithRetries("DescribeQueue", query, type(QueueItem.class));
  }

  /** DescribeQueue: one queue by its id (on a self-managed pool and locally, its name also works). */
  public QueueItem describeQueue(String queueId) {
    return calls().getWithRetries("DescribeQueue", Map.of("queueId", Objects.requireNonNull(queueId, "queueId")),
        type(QueueItem.class));
  }

  /** BatchStopJobs. */
  public BatchStopResult batchStopJobs(List<String> jobIds) {
    List<Map<String, String>> list = new ArrayList<>();
    jobIds.forEach(id -> list.add(Map.of("jobId", Objects.requireNonNull(id, "jobId"))));
    return write("BatchStopJobs", defaults, Map.of("jobList", list), BatchStopResult.class, true);
  }

  // ---------------------------------------------------------------- settings

  /**
   * The endpoint this client talks to, such as {@code https://aihc.bj.baidubce.com}. A supplied
   * endpoint is resolved now if no request has needed it yet (for the local engine: started).
   */
  public String endpoint() {
    String url = currentEndpoint().toString();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** What this client is for people, such as {@code local engine in ~/.aihc/local}, when its builder said. */
  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  /** The default resource pool, or null. */
  public String pool() {
    return defaults.pool();
  }

  /** The default queue, or null. */
  public String queue() {
    return defaults.queue();
  }

  /** The sink {@link Run#follow()} and {@link Run#await()} write to. */
  public OutputSink sink() {
    return sink;
  }

  /** This client writing progress and logs to {@code sink}; shares the connection pool. */
  public AihcClient withSink(OutputSink sink) {
    Objects.requireNonNull(sink, "sink");
    return toBuilder().sink(sink).build();
  }

  /** A builder holding this client's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.endpoint = fixedEndpoint;
    b.endpointSource = endpointSource;
    b.resolvedEndpoint = endpointSource == null ? null : endpoint;
    b.description = description;
    b.pool = defaults.pool();
    b.queue = defaults.queue();
    b.credentials = credentials;
    b.clock = clock;
    b.sink = sink;
    b.pollInterval = pollInterval;
    b.retries = retries;
    b.okHttp = base;
    b.socketFactory = socketFactory;
    b.connectTimeout = connectTimeout;
    b.readTimeout = readTimeout;
    b.callTimeout = callTimeout;
    return b;
  }

  /** Releases idle connections; in-flight runs are not affected server-side. */
  @Override
  public void close() {
    HttpStack s = stack;
    if (s != null) s.http().connectionPool().evictAll();
  }

  /**
   * {@code AihcClient[https://aihc.bj.baidubce.com pool=… queue=…]}, with the description when there is
   * one ({@code AihcClient[local engine in ~/.aihc/local, connects on first use pool=local …]} before
   * the first request); never shows keys and never connects.
   */
  @Override
  public String toString() {
    HttpUrl resolved = endpoint;
    String url = fixedEndpoint != null ? fixedEndpoint : resolved == null ? null : resolved.toString();
    String where;
    if (url == null) {
      where = (description == null ? "endpoint not resolved yet" : description) + ", connects on first use";
    } else {
      where = (url.endsWith("/") ? url.substring(0, url.length() - 1) : url)
          + (description == null ? "" : " (" + description + ")");
    }
    return "AihcClient[" + where + (pool() == null ? "" : " pool=" + pool())
        + (queue() == null ? "" : " queue=" + queue()) + "]";
  }

  // ---------------------------------------------------------------- scoped (used by Run)

  Calls calls() {
    return stack().calls();
  }

  Clock clock() {
    return clock;
  }

  /** How long {@code await}, {@code follow} and a sweep wait between polls (the builder's {@code pollInterval}). */
  public Duration pollInterval() {
    return pollInterval;
  }

  Scope scopeOf(Job job) {
    return new Scope(job.pool().orElse(null), job.queue()).orElse(defaults);
  }

  Stream<JobItem> jobs(Scope scope, JobQuery query) {
    Iterator<JobItem> pages = new Iterator<>() {
      private int page = 0;
      private int seen = 0;
      private int total = Integer.MAX_VALUE;
      private Iterator<JobItem> current = List.<JobItem>of().iterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && seen < total) {
          JobList list = describeJobs(scope, query, ++page);
          total = list.totalCount();
          if (list.jobs().isEmpty()) return false;
          seen += list.jobs().size();
          current = list.jobs().iterator();
        }
        return current.hasNext();
      }

      @Override
      public JobItem next() {
        if (!hasNext()) throw new NoSuchElementException();
        return current.next();
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED), false);
  }

  JobList describeJobs(Scope scope, JobQuery query, int pageNumber) {
    return read("DescribeJobs", scope, query.body(pageNumber), JobList.class);
  }

  JobItem describeJob(Scope scope, String jobId, boolean detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("jobId", Objects.requireNonNull(jobId, "jobId"));
    body.put("needDetail", detail);
    return read("DescribeJob", scope, body, JobItem.class);
  }

  JobEvents describeJobEvents(Scope scope, String jobId, Instant start, Instant end) {
    return read("DescribeJobEvents", scope, window(Map.of("jobId", jobId), start, end), JobEvents.class);
  }

  JobEvents describePodEvents(Scope scope, String jobId, String podName, Instant start, Instant end) {
    return read("DescribePodEvents", scope, window(Map.of("jobId", jobId, "podName", podName), start, end),
        JobEvents.class);
  }

  JobLogs describeJobLogs(Scope scope, LogRequest request) {
    return read("DescribeJobLogs", scope, request.body(), JobLogs.class);
  }

  void stopJob(Scope scope, String jobId) {
    write("StopJob", scope, Map.of("jobId", Objects.requireNonNull(jobId, "jobId")), null, true);
  }

  void deleteJob(Scope scope, String jobId) {
    write("DeleteJob", scope, Map.of("jobId", Objects.requireNonNull(jobId, "jobId")), null, true);
  }

  void modifyJob(Scope scope, String jobId, Priority priority) {
    Objects.requireNonNull(priority, "priority");
    write("ModifyJob", scope, Map.of("jobId", Objects.requireNonNull(jobId, "jobId"), "priority",
        priority.wireName()), null, false);
  }

  private static Map<String, Object> window(Map<String, String> base, Instant start, Instant end) {
    Map<String, Object> body = new LinkedHashMap<>(base);
    if (start != null) body.put("startTime", String.valueOf(start.getEpochSecond()));
    if (end != null) body.put("endTime", String.valueOf(end.getEpochSecond()));
    return body;
  }

  private <T> T read(String action, Scope scope, Object body, Class<T> type) {
    return calls().withRetries(action, scope, Transport.body(body), type(type));
  }

  private <T> T write(String action, Scope scope, Object body, Class<T> type, boolean retry) {
    byte[] bytes = Transport.body(body);
    JavaType t = type == null ? null : type(type);
    Calls calls = calls();
    return retry ? calls.withRetries(action, scope, bytes, t) : calls.once(action, scope, bytes, t);
  }

  static JavaType type(Class<?> type) {
    return Json.mapper().getTypeFactory().constructType(type);
  }

  /**
   * The endpoint. A supplied one is asked for on every request, not only the first: the local engine
   * may have moved since, and a port it left may have been taken by another user of the machine.
   */
  private HttpUrl currentEndpoint() {
    HttpUrl e = endpoint;
    if (e != null && endpointSource == null) return e;
    synchronized (this) {
      if (endpointSource == null) {
        if (endpoint == null) endpoint = parse(fixedEndpoint);
        return endpoint;
      }
      String text = endpointSource.get();
      if (endpoint == null || !text.equals(endpointText)) {
        endpoint = parse(text);
        endpointText = text;
      }
      return endpoint;
    }
  }

  /** Re-reads the endpoint (the local engine may have moved) before retries after a failed connect. */
  private void refreshEndpoint() {
    if (endpointSource == null) return;
    try {
      endpoint = parse(endpointSource.get());
    } catch (RuntimeException e) {
      // keep the old endpoint: the retry will fail with its own clear message
    }
  }

  private static HttpUrl parse(String url) {
    HttpUrl parsed = HttpUrl.parse(Objects.requireNonNull(url, "endpoint"));
    if (parsed == null) {
      throw new IllegalArgumentException("endpoint must be an http(s) URL like https://aihc.bj.baidubce.com but was '"
          + url + "'");
    }
    return parsed;
  }

  /**
   * This client's OkHttp client (signing, its timeouts) and the transport over it. Made here, not in a
   * method of AihcClient, so that verifying AihcClient loads no OkHttp type.
   */
  private record HttpStack(OkHttpClient http, Calls calls) {
    static HttpStack of(AihcClient c) {
      OkHttpClient shared = c.base.get();
      // Every call blocks its caller (Transport enqueues only to stay interruptible), so the dispatcher
      // must not queue: with OkHttp's 5 calls per host, a stop() would wait behind 5 hung polls.
      // Its own limits, the base's threads.
      Dispatcher dispatcher = new Dispatcher(shared.dispatcher().executorService());
      dispatcher.setMaxRequests(Integer.MAX_VALUE);
      dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
      OkHttpClient.Builder builder = shared.newBuilder().dispatcher(dispatcher)
          .connectTimeout(c.connectTimeout).readTimeout(c.readTimeout).callTimeout(c.callTimeout)
          .addNetworkInterceptor(new SigningInterceptor(c.credentials::resolve, c.clock));
      OkHttpClient http = (c.socketFactory == null ? builder : builder.socketFactory(c.socketFactory)).build();
      return new HttpStack(http,
          new Calls(new Transport(http, c::currentEndpoint), c.credentials, c::refreshEndpoint, c.retries));
    }
  }

  /** The OkHttp client a client and those derived from it share, made when the first of them needs it. */
  private static final class SharedOkHttp implements Supplier<OkHttpClient> {
    private OkHttpClient client;

    @Override
    public synchronized OkHttpClient get() {
      if (client == null) client = new OkHttpClient();
      return client;
    }
  }

  /** The DescribeJobWebterminal answer. */
  record WebTerminal(@com.fasterxml.jackson.annotation.JsonProperty("WebTerminalUrl") String webTerminalUrl) {}

  /** Settings of an {@link AihcClient}; every setter returns this builder. */
  public static final class Builder {
    private String endpoint;
    private Supplier<String> endpointSource;
    /** What {@link #endpointSource} gave the client this builder was copied from, if it was asked. */
    private HttpUrl resolvedEndpoint;
    private String description;
    private String pool;
    private String queue;
    private CredentialsProvider credentials;
    private Clock clock = Clock.systemUTC();
    private OutputSink sink = OutputSink.console();
    private Duration pollInterval = Duration.ofSeconds(2);
    private RetryPolicy retries = RetryPolicy.DEFAULT;
    private Supplier<OkHttpClient> okHttp;
    private SocketFactory socketFactory;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private Duration callTimeout = Duration.ofSeconds(60);

    private Builder() {}

    /** The AIHC region: {@code bj}, {@code gz}, {@code su}, {@code bd}, {@code fwh}, {@code yq}. */
    public Builder region(String region) {
      Objects.requireNonNull(region, "region");
      if (!region.matches("[a-z0-9-]+")) {
        throw new IllegalArgumentException("region must be like bj, gz, su, bd, fwh or yq but was '" + region + "'");
      }
      // As parse() would write it, without parsing: a valid host, and no OkHttp loaded to build a client.
      return fixedEndpoint("https://aihc." + region + ".baidubce.com/");
    }

    /** An explicit endpoint, such as {@code http://127.0.0.1:8470} for the local engine. */
    public Builder endpoint(String url) {
      return fixedEndpoint(parse(url).toString());
    }

    private Builder fixedEndpoint(String url) {
      this.endpoint = url;
      this.endpointSource = null;
      this.resolvedEndpoint = null;
      return this;
    }

    /**
     * An endpoint asked for by every request (the local engine's {@code endpoint.json}, which a restarted
     * engine rewrites); building the client does not ask.
     */
    public Builder endpoint(Supplier<String> source) {
      this.endpointSource = Objects.requireNonNull(source, "source");
      this.endpoint = null;
      this.resolvedEndpoint = null;
      return this;
    }

    /** What the client is for, shown by its {@code toString()}: {@code "local engine in ~/.aihc/local"}. */
    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /** The default resource pool ({@code resourcePoolId}); a job's own pool wins. */
    public Builder pool(String pool) {
      this.pool = pool;
      return this;
    }

    /** The default queue ({@code queueID}); a job's own queue wins. */
    public Builder queue(String queue) {
      this.queue = queue;
      return this;
    }

    /** Where the keys come from; see {@link CredentialsProvider#defaultChain()}. */
    public Builder credentials(CredentialsProvider provider) {
      this.credentials = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /** Fixed keys. */
    public Builder credentials(Credentials credentials) {
      return credentials(CredentialsProvider.of(Objects.requireNonNull(credentials, "credentials")));
    }

    /** Fixed keys. */
    public Builder credentials(String accessKeyId, String secretAccessKey) {
      return credentials(Credentials.of(accessKeyId, secretAccessKey));
    }

    /** The clock that dates signatures (tests fix it). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where follow and await write; the console by default. */
    public Builder sink(OutputSink sink) {
      this.sink = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /** How often follow and await poll (default 2 s). */
    public Builder pollInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("pollInterval must be > 0 but was " + interval);
      }
      this.pollInterval = interval;
      return this;
    }

    /** Retry policy for reads, StopJob, DeleteJob and CreateJob reconciliation. */
    public Builder retries(RetryPolicy policy) {
      this.retries = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Connect timeout (default 10 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Read timeout (default 30 s). */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Whole-call timeout (default 60 s). */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * A base OkHttp client to share its connection pool and threads; this client adds its signing
     * interceptor and lifts the dispatcher's per-host limit for its own calls.
     */
    public Builder okHttp(OkHttpClient base) {
      Objects.requireNonNull(base, "base");
      this.okHttp = () -> base;
      return this;
    }

    /**
     * The sockets this client connects with; the local engine's check that each connection ends at
     * that engine before anything signed is sent on it.
     */
    public Builder socketFactory(SocketFactory factory) {
      this.socketFactory = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /**
     * The client.
     *
     * @throws IllegalStateException naming what is missing
     */
    public AihcClient build() {
      List<String> missing = new ArrayList<>();
      if (endpoint == null && endpointSource == null) missing.add("an endpoint: region(\"bj\") or endpoint(url)");
      if (credentials == null) missing.add("credentials: credentials(ak, sk) or credentials(CredentialsProvider.defaultChain())");
      if (!missing.isEmpty()) {
        throw new IllegalStateException("AihcClient needs " + String.join(" and ", missing));
      }
      return new AihcClient(this);
    }
  }
}
