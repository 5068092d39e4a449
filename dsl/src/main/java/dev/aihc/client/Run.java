package dev.aihc.client;

import dev.aihc.view.Chart;
import dev.aihc.wire.JobStatus;
import dev.aihc.dsl.Priority;
import dev.aihc.wire.JobEvent;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.PodItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import dev.aihc.insight.Answers;
import dev.aihc.insight.Diagnosis;
import dev.aihc.insight.Explanation;
import dev.aihc.insight.Progress;
import dev.aihc.insight.LogMemory;
import dev.aihc.insight.Series;
import dev.aihc.internal.http.Scope;

/**
 * A submitted job, attached to the client that submitted it (and to the pool and queue of its job).
 * Every method calls the API; none caches. {@link #follow()}, {@link #watch(String...)} and {@link #await()}
 * write through the client's {@link OutputSink} from the calling thread and stop at once when that thread is
 * interrupted.
 */
public final class Run {
  private final JobHandle job;
  /** Where each answer read each replica's log to, so that the next call reads on from there. */
  private final LogMemory memory = new LogMemory();

  Run(AihcClient client, String id, String name, Scope scope) {
    this.job = new JobHandle(client, scope, id, name);
  }

  /** The job id ({@code job-…}). */
  public String id() {
    return job.id();
  }

  /** The job name (fetched once when this run was re-attached by id). */
  public String name() {
    return job.name();
  }

  /** The current status. */
  public JobStatus status() {
    return job.job(false).status();
  }

  /** The job with its pods. */
  public JobItem describe() {
    return job.job(true);
  }

  /** The job's events, oldest first. */
  public List<JobEvent> events() {
    return job.events();
  }

  /** The job's current pods. */
  public List<PodItem> pods() {
    return describe().pods();
  }

  /**
   * Every log line of one pod so far; {@code pod} is the full name or the short one
   * ({@code worker-0}, {@code master-0}).
   */
  public List<String> logs(String pod) {
    Objects.requireNonNull(pod, "pod");
    String podName = pod.startsWith(name() + "-") ? pod : name() + "-" + pod;
    List<String> lines = new ArrayList<>();
    job.log(podName, lines::add);
    return lines;
  }

  /**
   * The values named {@code name} in each replica's log so far, such as the {@code 0.4131} of
   * {@code epoch 1/5 loss 0.4131}: see {@link Series} for the forms it reads (Megatron, DeepSpeed, the
   * Hugging Face Trainer, Lightning, mmengine, PaddlePaddle's suites, Keras and more) and for
   * {@code series("loss")} when the logs print the training loss under another name ({@link Series#name()}
   * says which). Master first, then workers in order. Each log is read once: a later call on this run reads
   * only what was appended since, and a finished job's series is read once.
   *
   * @throws IllegalArgumentException naming the candidates when {@code name} is {@code loss}, no log prints
   *     it, and two or more training losses are printed
   */
  public Series series(String name) {
    return Answers.series(job, name, memory);
  }

  /**
   * The names the replicas' logs print before numbers ({@code lm loss}, {@code train/loss},
   * {@code learning_rate}), each once in the order first printed: what {@link #series(String)} reads. Reads the
   * head and the newest part of each log.
   */
  public List<String> seriesNames() {
    return Answers.seriesNames(job, memory);
  }

  /**
   * How far the job is, from the newest progress line in the replicas' logs (master first): the outermost
   * training loop that has a total, such as Megatron's {@code iteration 300/500000}, a tqdm or Hugging Face
   * Trainer bar with the banner's {@code Total optimization steps}, {@code Epoch 3/10} (an epoch under way
   * counts as not yet done; zero-based epochs count as such), a step with a header's {@code max_iters};
   * never an evaluation's bar. Empty when no line says; never a guess. Reads a bounded part of each log (its
   * head once for the totals, then its newest lines), so its cost does not grow with the log.
   */
  public Optional<Progress> progress() {
    return Answers.progress(job, null, memory);
  }

  /**
   * The same for lines of another form: {@code regex} has named groups {@code step} and {@code total},
   * such as {@code "done (?<step>\\d+) of (?<total>\\d+)"}.
   *
   * @throws IllegalArgumentException when the pattern lacks either group or is not a valid regex
   */
  public Optional<Progress> progress(String regex) {
    return Answers.progress(job, Objects.requireNonNull(regex, "regex"), memory);
  }

  /**
   * Charts of the job's DescribeJobMetrics over the last {@code window}: CPU (cores), memory (MiB) and,
   * where the source reports it, GPU utilisation (%), each with a line per pod; a metric without samples
   * is left out. Three calls, one per metric.
   *
   * @throws IllegalStateException naming the artifact to add, when no chart renderer is on the class path
   */
  public List<Chart> metrics(Duration window) {
    Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) throw new IllegalArgumentException("window must be positive but was " + window);
    Chart.requireRenderer();
    java.time.Instant end = java.time.Instant.now();
    java.time.Instant start = end.minus(window);
    Duration step = Duration.ofSeconds(Math.max(1, window.toSeconds() / 120));
    String name = name();
    return Answers.metrics(type -> job.client().describeJobMetrics(job.scope(), job.id(), type, start, end, step),
        start, pod -> pod.startsWith(name + "-") ? pod.substring(name.length() + 1) : pod);
  }

  /**
   * Shows every replica's log lines as they come, prefixed {@code [worker-0]}, picking up pods that
   * appear or restart, until the job has ended and every log is drained; returns how it ended. Of what
   * a replica printed before, only its last {@value FollowOptions#DEFAULT_TAIL} lines are shown (see
   * {@link #follow(FollowOptions)}).
   *
   * @throws AihcInterruptedException when the calling thread is interrupted (the job keeps running)
   */
  public JobResult follow() {
    return follow(FollowOptions.defaults());
  }

  /**
   * As {@link #follow()}, starting with the last {@link FollowOptions#tail() tail} lines of each replica
   * ({@code FollowOptions.tail(100)}, {@code FollowOptions.all()}).
   *
   * @throws AihcInterruptedException when the calling thread is interrupted (the job keeps running)
   */
  public JobResult follow(FollowOptions options) {
    Objects.requireNonNull(options, "options");
    return new LogFollower(job, options).follow();
  }

  /**
   * Follows the job with pictures of the named series ({@code run.watch("loss", "grad_norm")}) until it ends:
   * in a notebook one view redrawn in place at most every two seconds, the status line, the progress bar and a
   * chart per series with a line per replica (reduced as {@link Series#chart()} reduces it); on a console one
   * status line redrawn in place with the progress and each series' sparkline and newest value (a plain line
   * now and then when the output is no terminal). Each picture reads only what the logs appended since the
   * last one; the last, once the job has ended, has every value. With no name it charts the training loss
   * ({@code series("loss")}: {@link Series#name()} says which name was read). Log lines are not shown:
   * {@link #follow()} shows them.
   *
   * @return how the job ended
   * @throws IllegalArgumentException when a name is blank, or is {@code loss} and the logs print two or more
   *     training losses but no {@code loss} (the message names them)
   * @throws AihcInterruptedException when the calling thread is interrupted: a notebook's Stop, Ctrl-C in the
   *     shell (the job keeps running)
   */
  public JobResult watch(String... series) {
    Objects.requireNonNull(series, "series");
    Map<String, String> names = new LinkedHashMap<>(); // each name once, whatever its case
    for (String name : series) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("series names must not be blank but were " + Arrays.toString(series)
            + ": name what the logs print, such as run.watch(\"loss\")");
      }
      names.putIfAbsent(name.strip().toLowerCase(Locale.ROOT), name.strip());
    }
    if (names.isEmpty()) names.put("loss", "loss");
    return new Watcher(job, memory, List.copyOf(names.values())).watch();
  }

  /** Waits for the job to end, showing its status changes; returns how it ended. */
  public JobResult await() {
    return await(null);
  }

  /**
   * Waits at most {@code timeout} for the job to end, showing its status changes.
   *
   * @throws AihcTimeoutException naming the state the job was in when time ran out
   * @throws AihcInterruptedException when the calling thread is interrupted (the job keeps running)
   */
  public JobResult await(Duration timeout) {
    return new PollLoop(job).run(false, timeout, "waiting for", item -> {});
  }

  /**
   * Why the job failed and which replica started it (see {@link Diagnosis}); empty unless it has
   * failed, or when what it left cannot be read.
   */
  public Optional<Diagnosis> diagnosis() {
    return Answers.diagnosis(job);
  }

  /**
   * Why the job is where it is: for a waiting job what it needs against what its queue has free, its
   * place among the waiting jobs, a paused queue, the jobs holding what it needs; otherwise what it is
   * doing. DescribeJob, and for a waiting job DescribeQueue and DescribeJobs of its queue.
   */
  public Explanation why() {
    return Answers.why(job);
  }

  /** Stops the job (StopJob). */
  public void stop() {
    job.client().stopJob(job.scope(), job.id());
  }

  /** Deletes the job and its logs (DeleteJob). */
  public void delete() {
    job.client().deleteJob(job.scope(), job.id());
  }

  /** Changes the priority of the job while it is queued (ModifyJob). */
  public void priority(Priority priority) {
    job.client().modifyJob(job.scope(), job.id(), priority);
  }

  /** {@code Run[job-… bert-sft]}; makes no call. */
  @Override
  public String toString() {
    String name = job.knownName();
    return "Run[" + job.id() + (name == null ? "" : " " + name) + "]";
  }
}
