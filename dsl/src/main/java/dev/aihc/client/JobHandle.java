package dev.aihc.client;

import dev.aihc.insight.JobLookup;
import dev.aihc.internal.http.Scope;
import dev.aihc.wire.JobEvent;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.JobLogs;
import dev.aihc.wire.JobStatus;
import dev.aihc.wire.QueueItem;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * One submitted job as the client reaches it: the client, the pool and queue its calls travel with, its id
 * and name. {@link Run} and its helpers (the poll loop, the log follower, the waiting note) share one, and
 * the readers of {@code dev.aihc.insight} look the job up through it.
 */
final class JobHandle implements JobLookup {
  private final AihcClient client;
  private final Scope scope;
  private final String id;
  private volatile String name;
  /** The job as a poll just described it (with its pods), answering {@link #job}; null: DescribeJob each time. */
  private final JobItem described;

  /** {@code name} may be null (a run re-attached by id): the first DescribeJob fills it. */
  JobHandle(AihcClient client, Scope scope, String id, String name) {
    this(client, scope, id, name, null);
  }

  private JobHandle(AihcClient client, Scope scope, String id, String name, JobItem described) {
    this.client = client;
    this.scope = scope;
    this.id = id;
    this.name = name;
    this.described = described;
  }

  /**
   * This job with {@code described}, a DescribeJob with pods that a poll has just answered, as its
   * {@link #job} answer: the answers read for one picture of {@code watch()} follow that poll rather than each
   * describing the job again.
   */
  JobHandle describedAs(JobItem described) {
    return new JobHandle(client, scope, id, described.name(), described);
  }

  AihcClient client() {
    return client;
  }

  String id() {
    return id;
  }

  /** The job name; fetched once (DescribeJob) when it is not known yet. */
  String name() {
    if (name == null) job(false);
    return name;
  }

  /** The name when known, else null; makes no call. */
  String knownName() {
    return name;
  }

  /** {@code bert-sft job-…}, as status lines name the job. */
  String label() {
    return name() + " " + id;
  }

  @Override
  public JobItem job(boolean withPods) {
    if (described != null) return described;
    JobItem item = client.describeJob(scope, id, withPods);
    if (name == null) name = item.name();
    return item;
  }

  @Override
  public List<JobEvent> events() {
    return client.describeJobEvents(scope, id, null, null).events();
  }

  @Override
  public List<JobEvent> podEvents(String podName) {
    return client.describePodEvents(scope, id, podName, null, null).events();
  }

  @Override
  public void log(String podName, Consumer<String> lines) {
    new LogFollower.Cursor().drain(this, podName, lines);
  }

  @Override
  public JobLogs logPage(String podName, String marker, int maxLines, Instant startTime) {
    return client.describeJobLogs(scope, LogRequest.of(id, podName).marker(marker).maxLines(maxLines)
        .window(startTime, null));
  }

  /** The pool and queue this job's calls travel with. */
  Scope scope() {
    return scope;
  }

  @Override
  public String queueOf(JobItem job) {
    return queueScope(job).queue();
  }

  @Override
  public QueueItem queue(JobItem job) {
    return client.describeQueue(queueScope(job));
  }

  @Override
  public List<JobItem> queueJobs(JobItem job, JobStatus status) {
    Scope queue = queueScope(job);
    return client.jobs(queue, JobQuery.ALL.status(status).queue(queue.queue())).toList();
  }

  private Scope queueScope(JobItem job) {
    return new Scope(job.resourcePoolId(), job.queueId()).orElse(scope);
  }

  @Override
  public Instant now() {
    return client.clock().instant();
  }
}
