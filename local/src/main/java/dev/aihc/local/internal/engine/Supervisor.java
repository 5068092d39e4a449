package dev.aihc.local.internal.engine;

import dev.aihc.client.JobStatus;
import dev.aihc.dsl.Job;
import dev.aihc.local.LocalEngineConfig;
import dev.aihc.local.internal.api.ApiException;
import dev.aihc.local.internal.config.Home;
import dev.aihc.local.internal.logs.LogMonitor;
import dev.aihc.local.internal.policy.Alerts;
import dev.aihc.local.internal.policy.FaultPolicy;
import dev.aihc.local.internal.policy.FaultWatch;
import dev.aihc.local.internal.policy.JobFaults;
import dev.aihc.local.internal.policy.JobRetention;
import dev.aihc.local.internal.policy.Retention;
import dev.aihc.local.internal.policy.Tensorboards;
import dev.aihc.local.internal.replica.DatasourceMounts;
import dev.aihc.local.internal.replica.NvidiaSmi;
import dev.aihc.local.internal.replica.Platform;
import dev.aihc.local.internal.replica.PodMetrics;
import dev.aihc.local.internal.replica.ReplicaLauncher;
import dev.aihc.local.internal.replica.ReplicaMemory;
import dev.aihc.local.internal.sched.Demand;
import dev.aihc.local.internal.sched.QueueSpec;
import dev.aihc.local.internal.sched.Scheduler;
import dev.aihc.local.internal.sched.SchedulingConfig;
import dev.aihc.local.internal.store.CreateBatch;
import dev.aihc.local.internal.store.Db;
import dev.aihc.local.internal.store.EventRow;
import dev.aihc.local.internal.store.JobRow;
import dev.aihc.local.internal.store.JobStore;
import dev.aihc.local.internal.store.PodRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Runs jobs: creates them (committed before the answer leaves), starts their replicas, follows their
 * exits to the job's status, stops and deletes them, and after a restart re-attaches to replicas
 * that kept running. All of it happens on the {@link EngineLoop} thread; the public-to-the-package
 * methods are called from HTTP threads and wait for the loop.
 */
public final class Supervisor implements AutoCloseable {
  private final JobStore store;
  private final Home home;
  private final ReplicaLauncher launcher;
  private final LogMonitor monitor;
  private final Clock clock;
  private final Duration grace;
  private final LocalEngineConfig config;
  private final DatasourceMounts datasources;
  private final Alerts alerts;
  private final PodMetrics metrics;
  private final Retention retention;
  private final JobRetention jobRetention;
  private final Tensorboards tensorboards;
  private final ReplicaMemory memory = ReplicaMemory.detect();
  private final EngineLoop loop = new EngineLoop();
  private final JobStart jobStart = new JobStart(this);
  private final CreateBatch creates;
  private final Scheduler scheduler;
  private final JobFaults faults;
  private final FaultWatch faultWatch;
  private final Duration watchPeriod;
  /** Replicas with a live process, by {@code jobId/podName}. Changed on the loop thread only; metrics read it. */
  private final Map<String, Replica> live = new ConcurrentHashMap<>();
  /** Deleted jobs whose processes are still ending; their directory goes when the last one has. */
  private final Set<String> deleting = new HashSet<>();

  /** A replica process the engine follows; {@code exited} completes once its exit is posted to the loop. */
  public record Replica(String jobId, String podName, long pgid, CompletableFuture<Void> exited) {}

  /**
   * @param config the engine's config: how long finished jobs are kept (zero: for ever), how long one minute
   *     of job-stated time lasts ({@code faultToleranceArgs}, {@code retentionPeriod}, {@code alertConfig.for}),
   *     data sources, alerts and TensorBoard
   * @param scheduling the pools and queues jobs are scheduled into
   */
  public Supervisor(JobStore store, Home home, long logCapBytes, Clock clock, Duration grace, LocalEngineConfig config,
      SchedulingConfig scheduling) {
    this.store = store;
    this.creates = new CreateBatch(loop, store);
    this.home = home;
    this.launcher = new ReplicaLauncher(home);
    this.monitor = new LogMonitor(home, logCapBytes);
    this.clock = clock;
    this.grace = grace;
    this.config = config;
    this.datasources = new DatasourceMounts(config, Platform.onPath("bwrap"));
    this.alerts = new Alerts(this, config);
    this.tensorboards = new Tensorboards(this, config.tensorboardCommand());
    store.onCommit(events -> {
      alerts.committed(events);
      tensorboards.committed(events);
    });
    this.metrics = new PodMetrics(() -> live.values().stream()
        .map(r -> new PodMetrics.Target(r.jobId(), r.podName(), r.pgid())).toList(),
        Platform.onPath("nvidia-smi").map(NvidiaSmi::new));
    this.retention = new Retention(this, config.retention());
    this.jobRetention = new JobRetention(this, config.minute());
    this.scheduler = new Scheduler(this, scheduling);
    this.faults = new JobFaults(this, config.minute());
    this.faultWatch = new FaultWatch(home, faults::replicaFault);
    this.watchPeriod = FaultWatch.period(config.minute());
  }

  /**
   * Takes back the queues' state, settles what an earlier engine left (see {@link Recovery}), deletes
   * jobs past their retention (the engine's, or their own {@code retentionPeriod}), then schedules waiting
   * jobs and starts the log monitor, the metrics sampler, the fault watch and the periodic retention sweeps.
   */
  public void start() {
    loop.call(() -> {
      scheduler.rebuild();
      new Recovery(this).run();
      tensorboards.recover();
      retention.sweep();
      jobRetention.sweep();
      scheduler.requestPass();
      return null;
    });
    loop.postEvery(jobRetention.sweepPeriod(), jobRetention::sweep);
    loop.postEvery(Duration.ofSeconds(1), () -> {
      monitor.tick(clock.millis());
      return null;
    });
    metrics.start();
    retention.period().ifPresent(period -> loop.postEvery(period, retention::sweep));
    loop.postEvery(watchPeriod, () -> {
      faultWatch.tick(clock.millis());
      return null;
    });
  }

  /** The scheduling config, for placing a job before it is created. */
  public SchedulingConfig scheduling() {
    return scheduler.config();
  }

  /** What each queue holds and uses now. */
  public List<Scheduler.QueueView> queues() {
    return loop.call(scheduler::views);
  }

  public ReplicaLauncher launcher() {
    return launcher;
  }

  public JobStore store() {
    return store;
  }

  LocalEngineConfig config() {
    return config;
  }

  public DatasourceMounts datasources() {
    return datasources;
  }

  public PodMetrics metrics() {
    return metrics;
  }

  public Tensorboards tensorboards() {
    return tensorboards;
  }

  /** How replicas are held to their memory. */
  ReplicaMemory memory() {
    return memory;
  }

  public Home home() {
    return home;
  }

  public long now() {
    return clock.millis();
  }

  // ---------------------------------------------------------------- actions (HTTP threads)

  /**
   * Records a new job (see {@link JobStart#insert}; with others that arrive together, see
   * {@link CreateBatch}) in the queue of {@code placement}, where it waits
   * until the scheduler admits it.
   */
  public String create(Job job, String maskedBody, String resourcePoolId, SchedulingConfig.Placement placement,
      Demand demand) {
    QueueSpec queue = placement.queue();
    List<JobNotes.Note> notes = JobNotes.of(job, placement, demand, faults.policy(job));
    String reason = JobNotes.initialReason(queue);
    String priority = job.priority().map(p -> p.wireName()).orElse("normal");
    return creates.create(new CreateBatch.Pending() {
      @Override
      public String insert(Db db) throws SQLException {
        return jobStart.insert(db, job, maskedBody, resourcePoolId, job.queue(), reason, notes);
      }

      @Override
      public void then(String jobId) {
        scheduler.submitted(jobId, priority, reason, demand, queue);
      }
    });
  }

  /** Starts a Created job's Pending replicas (on the loop); see {@link JobStart#launch}. */
  public void launch(String jobId) throws SQLException {
    jobStart.launch(jobId);
  }

  /** Starts a Restarting job's replicas again once none runs; see {@link JobFaults#relaunchIfRestarting}. */
  void relaunchIfRestarting(String jobId) throws SQLException {
    faults.relaunchIfRestarting(jobId);
  }

  /** The size of a replica's log now. */
  long logSize(String jobId, String podName) {
    return monitor.logSize(jobId, podName);
  }

  /** Stops a job: SIGTERM to each replica's group, SIGKILL after the grace period. A finished job is left as it is. */
  public void stop(String jobId) {
    loop.call(() -> {
      stopOnLoop(jobId, "stopped by StopJob");
      return null;
    });
  }

  /** Stops a job and removes its record, events and logs. */
  public void delete(String jobId) {
    loop.call(() -> {
      if (!deleteOnLoop(jobId)) throw notFound(jobId);
      return null;
    });
  }

  /** See {@link #delete}; false when there is no such job. */
  public boolean deleteOnLoop(String jobId) throws SQLException {
    if (!store.write(db -> db.deleteJob(jobId))) return false;
    monitor.forget(jobId);
    metrics.forget(jobId);
    tensorboards.stop(jobId);
    List<Replica> replicas = liveOf(jobId);
    if (replicas.isEmpty()) {
      removeDirectory(jobId);
    } else {
      deleting.add(jobId);
      for (Replica r : replicas) terminateReplica(r);
    }
    scheduler.settle(jobId);
    return true;
  }

  /** Changes the priority of a job that has not ended; a waiting job takes its new place in its queue. */
  public void modifyPriority(String jobId, String priority) {
    loop.call(() -> {
      JobRow job = store.read(db -> db.job(jobId)).orElseThrow(() -> notFound(jobId));
      if (job.status().isTerminal()) {
        throw ApiException.invalidParam("job " + jobId + " is already " + job.status()
            + "; priority can only change before a job ends");
      }
      String place = scheduler.reprioritize(jobId, priority).map(p -> "; now " + p).orElse("");
      return store.write(db -> {
        db.updatePriority(jobId, priority);
        db.insertEvent(EventRow.job(jobId, null, "PriorityChanged",
            "priority changed from " + job.priority() + " to " + priority + place, false, now()));
        return null;
      });
    });
  }

  // ---------------------------------------------------------------- on the loop

  /**
   * Follows a replica process until it exits; {@code exitCode} yields null when the code is unknown.
   * Its log is watched from {@code indexedSize} bytes, written before {@code sinceMillis}.
   */
  void follow(String jobId, String podName, long pgid, CompletableFuture<Integer> exitCode, long indexedSize,
      long sinceMillis) throws SQLException {
    CompletableFuture<Void> exited = exitCode.handle((code, error) -> {
      loop.post(() -> {
        onExit(jobId, podName, error == null ? code : null);
        return null;
      });
      return null;
    });
    live.put(jobId + "/" + podName, new Replica(jobId, podName, pgid, exited));
    monitor.watch(jobId, podName, indexedSize, sinceMillis);
    Optional<JobRow> job = store.read(db -> db.job(jobId));
    FaultPolicy policy = job.isPresent() ? faults.policy(job.get()) : null;
    if (policy != null && policy.watches()) faultWatch.watch(jobId, podName, pgid, policy, indexedSize, now());
  }

  /**
   * Records a replica's end and what it means for its job: success once all have exited 0; a fault
   * (a non-zero exit, or a replica the fault watch ended) restarts or fails the job (see {@link JobFaults}).
   */
  void onExit(String jobId, String podName, Integer exitCode) throws SQLException {
    String exit = describeExit(exitCode);
    if (memory.oomKilled(jobId, podName)) {
      double gb = store.read(db -> db.job(jobId)).map(j -> {
        try {
          return JobStart.memoryGb(Job.fromJson(j.body()));
        } catch (IllegalArgumentException e) {
          return 0.0;
        }
      }).orElse(0.0);
      exit = memory.oomText(gb) + "; " + exit;
    }
    onEnd(jobId, podName, exitCode, exit);
  }

  /**
   * Records a replica's end, saying how it ended with {@code exit} ("exited with code 3", "lost while
   * the engine was down"), and what that means for its job.
   */
  void onEnd(String jobId, String podName, Integer exitCode, String exitText) throws SQLException {
    Replica r = live.remove(jobId + "/" + podName);
    // The leader is gone; anything it left behind in its group goes too.
    if (r != null) launcher.signalGroup(r.pgid(), "KILL");
    releaseMemory(jobId, podName, 10);
    long now = now();
    monitor.finish(jobId, podName, now);
    faultWatch.forget(jobId, podName);
    String fault = faults.takePending(jobId, podName);
    if (deleting.contains(jobId)) {
      if (liveOf(jobId).isEmpty()) {
        deleting.remove(jobId);
        removeDirectory(jobId);
      }
      scheduler.settle(jobId);
      return;
    }
    JobFaults.Outcome outcome = store.write(db -> {
      Optional<PodRow> pod = db.pod(jobId, podName);
      Optional<JobRow> job = db.job(jobId);
      if (pod.isEmpty() || job.isEmpty() || pod.get().isTerminal()) return JobFaults.Outcome.NONE;
      boolean ok = fault == null && exitCode != null && exitCode == 0;
      String exit = fault == null ? exitText : fault + "; " + exitText;
      JobStatus status = job.get().status();
      String podReason = status == JobStatus.STOPPING ? "stopped: " + exit
          : status == JobStatus.FAILED ? "terminated because the job failed: " + exit
          : status == JobStatus.RESTARTING ? "ended for the job's restart: " + exit : exit;
      db.podEnded(jobId, podName, ok ? PodRow.SUCCEED : PodRow.FAILED, exitCode, podReason, now);
      db.insertEvent(EventRow.pod(jobId, podName, ok ? "Completed" : "Error", podReason, !ok, now));
      List<PodRow> pods = db.pods(jobId);
      if (status == JobStatus.CREATED || status == JobStatus.SCHEDULED || status == JobStatus.RUNNING) {
        if (!ok) return faults.onFailure(db, job.get(), pod.get(), exit, now);
        if (pods.stream().allMatch(p -> p.status().equals(PodRow.SUCCEED))) {
          finish(db, jobId, JobStatus.SUCCEEDED, "all " + pods.size()
              + (pods.size() == 1 ? " replica" : " replicas") + " exited with code 0", false, now);
        }
      } else if (status == JobStatus.STOPPING && pods.stream().allMatch(PodRow::isTerminal)) {
        finish(db, jobId, JobStatus.STOPPED, job.get().reason(), false, now);
      }
      return JobFaults.Outcome.NONE;
    });
    if (outcome != JobFaults.Outcome.NONE) {
      for (Replica other : liveOf(jobId)) terminateReplica(other);
    }
    faults.relaunchIfRestarting(jobId);
    scheduler.settle(jobId);
  }

  /** Removes a replica's memory cgroup once its killed processes have left it, retrying for a while. */
  private void releaseMemory(String jobId, String podName, int triesLeft) {
    if (memory.release(jobId, podName) || triesLeft == 0) return;
    loop.postLater(Duration.ofMillis(500), () -> {
      releaseMemory(jobId, podName, triesLeft - 1);
      return null;
    });
  }

  /** Stops a job for {@code reason}; see {@link #stop}. */
  void stopOnLoop(String jobId, String reason) throws SQLException {
    List<Replica> replicas = liveOf(jobId);
    store.write(db -> {
      JobRow job = db.job(jobId).orElseThrow(() -> notFound(jobId));
      if (job.status().isTerminal() || job.status() == JobStatus.STOPPING) return null;
      long now = now();
      if (replicas.isEmpty()) {
        for (PodRow p : db.pods(jobId)) {
          if (!p.isTerminal()) db.podEnded(jobId, p.podName(), PodRow.FAILED, null, "not started: " + reason, now);
        }
        finish(db, jobId, JobStatus.STOPPED, reason, false, now);
      } else {
        db.updateJobStatus(jobId, JobStatus.STOPPING, reason, null);
        db.insertEvent(EventRow.job(jobId, JobStatus.STOPPING.wireName(), "Stopping", reason + ": sending SIGTERM to "
            + replicas.size() + (replicas.size() == 1 ? " replica" : " replicas") + ", SIGKILL after "
            + grace.toMillis() + " ms", false, now));
      }
      return null;
    });
    for (Replica r : replicas) terminateReplica(r);
    scheduler.settle(jobId);
  }

  /** Fails a job for {@code reason}: Pending pods never start, running ones are terminated. */
  public void fail(String jobId, String reason) throws SQLException {
    store.write(db -> {
      long now = now();
      for (PodRow p : db.pods(jobId)) {
        if (p.status().equals(PodRow.PENDING)) {
          db.podEnded(jobId, p.podName(), PodRow.FAILED, null, "not started: the job failed", now);
        }
      }
      finish(db, jobId, JobStatus.FAILED, reason, true, now);
      return null;
    });
    for (Replica r : liveOf(jobId)) terminateReplica(r);
    scheduler.settle(jobId);
  }

  private static void finish(Db db, String jobId, JobStatus status, String reason, boolean warning, long now)
      throws SQLException {
    db.updateJobStatus(jobId, status, reason, now);
    db.insertEvent(EventRow.job(jobId, status.wireName(), status.wireName(), reason, warning, now));
  }

  /** Ends one replica as {@link #terminateReplica} does. */
  public void terminate(Replica r) {
    terminateReplica(r);
  }

  /** SIGTERM to the replica's group now, SIGKILL after the grace period if its leader is still there. */
  private void terminateReplica(Replica r) {
    launcher.signalGroup(r.pgid(), "TERM");
    loop.postLater(grace, () -> {
      if (live.get(r.jobId() + "/" + r.podName()) == r) launcher.signalGroup(r.pgid(), "KILL");
      return null;
    });
  }

  public List<Replica> liveOf(String jobId) {
    List<Replica> out = new ArrayList<>();
    for (Replica r : live.values()) {
      if (r.jobId().equals(jobId)) out.add(r);
    }
    return out;
  }

  /** Deletes {@code <home>/jobs/<jobId>} with its working directories and logs. */
  void removeDirectory(String jobId) {
    Path dir = home.jobDir(jobId);
    if (!Files.exists(dir)) return;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException | RuntimeException e) {
      System.getLogger(Supervisor.class.getName()).log(System.Logger.Level.WARNING,
          "cannot remove " + dir + " of a deleted job: " + e);
    }
  }

  static String describeExit(Integer code) {
    if (code == null) return "ended without leaving an exit code (killed by a signal?)";
    String signal = switch (code) {
      case 130 -> " (SIGINT)";
      case 137 -> " (SIGKILL)";
      case 143 -> " (SIGTERM)";
      default -> "";
    };
    return "exited with code " + code + signal;
  }

  public static ApiException notFound(String jobId) {
    return ApiException.notFound("job " + jobId + " does not exist (never created, or deleted). "
        + "List jobs with DescribeJobs");
  }

  public EngineLoop loop() {
    return loop;
  }

  /**
   * Stops every job that has not ended (SIGTERM, then SIGKILL after the grace period), waits for the
   * replicas to exit (bounded) so their jobs read Stopped, then stops the loop.
   */
  @Override
  public void close() {
    List<Replica> replicas;
    try {
      replicas = loop.call(() -> {
        for (JobRow job : store.read(Db::activeJobs)) stopOnLoop(job.jobId(), "the local engine was closed");
        return new ArrayList<>(live.values());
      });
    } catch (RuntimeException e) {
      replicas = List.of();
    }
    awaitExits(replicas, grace.plusSeconds(1));
    List<Replica> stubborn = replicas.stream().filter(r -> !r.exited().isDone()).toList();
    for (Replica r : stubborn) launcher.signalGroup(r.pgid(), "KILL");
    awaitExits(stubborn, Duration.ofSeconds(5));
    loop.close(); // runs the exit bookkeeping already queued
    alerts.close();
    metrics.close();
  }

  /** Stops the loop without touching any job: replicas keep running for the next engine. */
  public void abandon() {
    loop.close();
    alerts.close();
    metrics.close();
  }

  private static void awaitExits(List<Replica> replicas, Duration bound) {
    try {
      CompletableFuture.allOf(replicas.stream().map(Replica::exited).toArray(CompletableFuture[]::new))
          .get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // the caller kills what is left
    }
  }
}
