package dev.aihc;

import dev.aihc.client.AihcClient;
import dev.aihc.wire.BatchStopResult;
import dev.aihc.wire.JobEvents;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.JobList;
import dev.aihc.wire.JobLogs;
import dev.aihc.wire.JobMetrics;
import dev.aihc.wire.JobNodes;
import dev.aihc.client.JobQuery;
import dev.aihc.client.JobStatus;
import dev.aihc.client.LogRequest;
import dev.aihc.client.OutputSink;
import dev.aihc.client.RequestPreview;
import dev.aihc.client.Run;
import dev.aihc.dsl.Job;
import dev.aihc.dsl.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * An {@link AihcClient} made on first use: the startup script's {@code aihc}. Making it loads no HTTP
 * client and starts no engine, so a shell or a notebook opens at once; the first call connects (for
 * the local engine: starts it when none runs, saying so) and every call goes to that one client.
 * {@code toString()} says which side it points to. The methods are {@link AihcClient}'s; {@link #client()}
 * is the client itself.
 *
 * <p>Thread-safe.
 */
public final class LazyClient implements AutoCloseable {
  private final String side;
  private final Supplier<AihcClient> connect;
  private volatile AihcClient client;

  LazyClient(String side, Supplier<AihcClient> connect) {
    this.side = Objects.requireNonNull(side, "side");
    this.connect = Objects.requireNonNull(connect, "connect");
  }

  /** The client, connecting now if nothing has yet. */
  public AihcClient client() {
    AihcClient c = client;
    if (c != null) return c;
    synchronized (this) {
      if (client == null) client = Objects.requireNonNull(connect.get(), "connect");
      return client;
    }
  }

  /** Whether the first call has connected. */
  public boolean isConnected() {
    return client != null;
  }

  /** This lazy client writing progress and logs to {@code sink} once connected; still not connected. */
  public LazyClient withSink(OutputSink sink) {
    Objects.requireNonNull(sink, "sink");
    return new LazyClient(side, () -> client().withSink(sink));
  }

  /** See {@link AihcClient#submit}. */
  public Run submit(Job job) {
    return client().submit(job);
  }

  /** See {@link AihcClient#job}. */
  public Run job(String jobId) {
    return client().job(jobId);
  }

  /** See {@link AihcClient#jobs()}. */
  public Stream<JobItem> jobs() {
    return client().jobs();
  }

  /** See {@link AihcClient#jobs(JobStatus)}. */
  public Stream<JobItem> jobs(JobStatus status) {
    return client().jobs(status);
  }

  /** See {@link AihcClient#jobs(UnaryOperator)}. */
  public Stream<JobItem> jobs(UnaryOperator<JobQuery> query) {
    return client().jobs(query);
  }

  /** See {@link AihcClient#preview}. */
  public RequestPreview preview(Job job) {
    return client().preview(job);
  }

  /** See {@link AihcClient#describeJobs}. */
  public JobList describeJobs(JobQuery query, int pageNumber) {
    return client().describeJobs(query, pageNumber);
  }

  /** See {@link AihcClient#describeJob}. */
  public JobItem describeJob(String jobId, boolean detail) {
    return client().describeJob(jobId, detail);
  }

  /** See {@link AihcClient#describeJobEvents}. */
  public JobEvents describeJobEvents(String jobId, Instant start, Instant end) {
    return client().describeJobEvents(jobId, start, end);
  }

  /** See {@link AihcClient#describePodEvents}. */
  public JobEvents describePodEvents(String jobId, String podName, Instant start, Instant end) {
    return client().describePodEvents(jobId, podName, start, end);
  }

  /** See {@link AihcClient#describeJobLogs}. */
  public JobLogs describeJobLogs(LogRequest request) {
    return client().describeJobLogs(request);
  }

  /** See {@link AihcClient#describeJobNodes}. */
  public JobNodes describeJobNodes(String jobId) {
    return client().describeJobNodes(jobId);
  }

  /** See {@link AihcClient#describeJobMetrics}. */
  public JobMetrics describeJobMetrics(String jobId, String metricType, Instant start, Instant end, Duration step) {
    return client().describeJobMetrics(jobId, metricType, start, end, step);
  }

  /** See {@link AihcClient#describeJobWebterminal}. */
  public String describeJobWebterminal(String jobId, String podName) {
    return client().describeJobWebterminal(jobId, podName);
  }

  /** See {@link AihcClient#stopJob}. */
  public void stopJob(String jobId) {
    client().stopJob(jobId);
  }

  /** See {@link AihcClient#deleteJob}. */
  public void deleteJob(String jobId) {
    client().deleteJob(jobId);
  }

  /** See {@link AihcClient#modifyJob}. */
  public void modifyJob(String jobId, Priority priority) {
    client().modifyJob(jobId, priority);
  }

  /** See {@link AihcClient#batchStopJobs}. */
  public BatchStopResult batchStopJobs(List<String> jobIds) {
    return client().batchStopJobs(jobIds);
  }

  /** See {@link AihcClient#endpoint}; connects. */
  public String endpoint() {
    return client().endpoint();
  }

  /** Closes the client if one was made. */
  @Override
  public void close() {
    AihcClient c = client;
    if (c != null) c.close();
  }

  /**
   * Before the first call {@code aihc → local engine in ~/.aihc/local (connects on first use, …)} or
   * {@code aihc → the AIHC cloud, region bj, pool cce-… (connects on first use)}; after it, the
   * client's own {@code toString()}.
   */
  @Override
  public String toString() {
    AihcClient c = client;
    return c != null ? c.toString() : "aihc → " + side;
  }
}
