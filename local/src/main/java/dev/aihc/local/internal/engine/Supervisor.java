package dev.aihc.local.internal.engine;

import dev.aihc.local.internal.core.EngineException;
import dev.aihc.local.internal.core.EngineLoop;
import dev.aihc.wire.JobStatus;
import dev.aihc.dsl.Job;
import dev.aihc.dsl.Problem;
import dev.aihc.local.internal.config.Home;
import dev.aihc.local.internal.logs.LogMonitor;
import dev.aihc.local.internal.policy.Alerts;
import dev.aihc.local.internal.policy.FaultPolicy;
import dev.aihc.local.internal.policy.FaultWatch;
import dev.aihc.local.internal.policy.JobFaults;
import dev.aihc.local.internal.policy.Retention;
import dev.aihc.local.internal.policy.Tensorboards;
import dev.aihc.local.internal.replica.DatasourceMounts;
import dev.aihc.local.internal.replica.LiveReplicas;
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
import dev.aihc.local.internal.store.JobSpecs;
import dev.aihc.local.internal.store.JobStore;
import dev.aihc.local.internal.store.PodRow;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Runs jobs: creates them (committed before the answer leaves), starts their replicas, follows their
 * exits to the job's status, stops and deletes them, and after a restart re-attaches to replicas
 * that kept running. All of it happens on the {@link EngineLoop} thread; the public-to-the-package
 * methods are called from HTTP threads and wait for the loop.
 */
public final class Supervisor implements JobCommands, Lifecycle, AutoCloseable {
  private final JobStore store;
  private final Home home;
  private final ReplicaLauncher launcher;
  private final LogMonitor monitor;
  private final Clock clock;
  private final Duration grace;
  private final DatasourceMounts datasources;
  private final Alerts alerts;
  private final PodMetrics metrics;
  private final Retention retention;
  private final Tensorboards tensorboards;
  private final ReplicaMemory memory = ReplicaMemory.detect();
  /** The job conditions after which nothing needs a job's parsed spec any more. */
  private static final Set<String> ENDED = Set.of(JobStatus.SUCCEEDED.wireName(), JobStatus.FAILED.wireName(),
      JobStatus.STOPPED.wireName());

  private final EngineLoop loop = new EngineLoop();
  private final JobSpecs specs = new JobSpecs();
  private final LiveReplicas replicas;
  private final JobStart jobStart;
  private final CreateBatch creates;
  private final Scheduler scheduler;
  private final JobFaults faults;
  private final FaultWatch faultWatch;
  private final Duration watchPeriod;
  private final JobDeletions deletions;

  /**
   * @param config the engine's settings
   * @param datasources where the data sources of jobs come from
   * @param scheduling the pools and queues jobs are scheduled into
   */
  public Supervisor(JobStore store, Home home, EngineSettings config, DatasourceMounts datasources,
      SchedulingConfig scheduling) {
    Clock clock = config.clock();
    Duration grace = config.grace();
    this.store = store;
    this.creates = new CreateBatch(loop, store);
    this.home = home;
    this.launcher = new ReplicaLauncher(home);
    this.replicas = new LiveReplicas(launcher, loop, grace);
    this.monitor = new LogMonitor(home, config.logCapBytes());
    this.clock = clock;
    this.grace = grace;
    this.datasources = datasources;
    this.alerts = new Alerts(loop, store, clock, config.minute(), config.alertWebhook());
    this.tensorboards = new Tensorboards(loop, store, specs, clock, home, launcher, datasources, config.tensorboardCommand());
    store.onCommit(events -> {
      alerts.committed(events);
      tensorboards.committed(events);
      for (EventRow e : events) {
        // read again if asked; contains(null) throws on Set.of
        if (e.podName() == null && e.condition() != null && ENDED.contains(e.condition())) specs.forget(e.jobId());
      }
    });
    this.metrics = new PodMetrics(() -> replicas.all().stream()
        .map(r -> new PodMetrics.Target(r.jobId(), r.podName(), r.pgid())).toList(),
        Platform.onPath("nvidia-smi").map(NvidiaSmi::new));
    this.jobStart = new JobStart(store, specs, clock, home, launcher, datasources, memory, monitor, this, loop);
    this.deletions = new JobDeletions(store, home, replicas, jobStart::starting, jobId -> {
      specs.forget(jobId);
      monitor.forget(jobId);
      metrics.forget(jobId);
      tensorboards.stop(jobId);
    });
    this.retention = new Retention(store, clock, replicas, this::deleteOnLoop, config.retention(), config.minute());
    this.scheduler = new Scheduler(store, specs, loop, clock, replicas, scheduling, jobStart);
    this.faults = new JobFaults(store, specs, clock, home, replicas, jobStart::launch, config.minute());
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
      new Recovery(store, clock, home, launcher, replicas, jobStart, faults, this).run();
      tensorboards.recover();
      retention.sweep();
      scheduler.requestPass();
      return null;
    });
    loop.postEvery(retention.period(), retention::sweep);
    loop.postEvery(Duration.ofSeconds(1), () -> {
      monitor.tick(clock.millis());
      return null;
    });
    metrics.start();
    loop.postEvery(watchPeriod, () -> {
      faultWatch.tick(clock.millis());
      return null;
    });
  }

  /** The data source mounts, which CreateJob checks a job against. */
  public DatasourceMounts datasources() {
    return datasources;
  }

  /** The replicas' CPU, memory and GPU samples, for DescribeJobMetrics. */
  public PodMetrics metrics() {
    return metrics;
  }

  /** The jobs' TensorBoards, whose addresses DescribeJob(s) show. */
  public Tensorboards tensorboards() {
    return tensorboards;
  }

  /** What each queue holds and uses now. */
  public List<Scheduler.QueueView> queues() {
    return loop.call(scheduler::views);
  }

  private long now() {
    return clock.millis();
  }

  // ---------------------------------------------------------------- actions (HTTP threads)

  /** See {@link JobStart#insert}; with others that arrive together, see {@link CreateBatch}. */
  @Override
  public String create(Job job, List<Problem> warnings, String resourcePoolId, SchedulingConfig.Placement placement,
      Demand demand) {
    QueueSpec queue = placement.queue();
    List<JobNotes.Note> notes = JobNotes.of(job, warnings, placement, demand, faults.policy(job));
    String reason = JobNotes.initialReason(queue);
    String priority = job.priority().map(p -> p.wireName()).orElse("normal");
    Job stored = JobStart.masked(job);
    return creates.create(new CreateBatch.Pending() {
      @Override
      public String insert(Db db) throws SQLException {
        return jobStart.insert(db, stored, resourcePoolId, job.queue(), reason, notes);
      }

      @Override
      public void then(String jobId) {
        specs.put(jobId, stored);
        scheduler.submitted(jobId, priority, reason, demand, queue);
      }
    });
  }

  @Override
  public void stop(String jobId) {
    loop.call(() -> {
      stopOnLoop(jobId, "stopped by StopJob");
      return null;
    });
  }

  @Override
  public void delete(String jobId) {
    loop.call(() -> {
      if (!deleteOnLoop(jobId)) throw EngineException.jobNotFound(jobId);
      return null;
    });
  }

  /** See {@link #delete}; false when there is no such job. */
  private boolean deleteOnLoop(String jobId) throws SQLException {
    if (!deletions.delete(jobId)) return false;
    scheduler.settle(jobId);
    return true;
  }

  @Override
  public void modifyPriority(String jobId, String priority) {
    loop.call(() -> {
      JobRow job = store.read(db -> db.job(jobId)).orElseThrow(() -> EngineException.jobNotFound(jobId));
      if (job.status().isTerminal()) {
        throw new EngineException(EngineException.Kind.CONFLICT, "job " + jobId + " is already " + job.status()
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

  @Override
  public void follow(String jobId, String podName, long pgid, CompletableFuture<Integer> exitCode, long indexedSize,
      long sinceMillis) throws SQLException {
    CompletableFuture<Void> exited = exitCode.handle((code, error) -> {
      loop.post(() -> {
        onExit(jobId, podName, error == null ? code : null);
        return null;
      });
      return null;
    });
    replicas.add(new LiveReplicas.Replica(jobId, podName, pgid, exited));
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
    String exit = ReplicaLauncher.describeExit(exitCode);
    if (memory.oomKilled(jobId, podName)) {
      double gb = store.read(db -> db.job(jobId)).map(j -> {
        try {
          return JobStart.memoryGb(specs.of(j));
        } catch (IllegalArgumentException e) {
          return 0.0;
        }
      }).orElse(0.0);
      exit = memory.oomText(gb) + "; " + exit;
    }
    onEnd(jobId, podName, exitCode, exit);
  }

  @Override
  public void onEnd(String jobId, String podName, Integer exitCode, String exitText) throws SQLException {
    LiveReplicas.Replica r = replicas.remove(jobId, podName);
    // The leader is gone; anything it left behind in its group goes too.
    if (r != null) launcher.signalGroup(r.pgid(), "KILL");
    releaseMemory(jobId, podName, 10);
    long now = now();
    monitor.finish(jobId, podName, now);
    faultWatch.forget(jobId, podName);
    String fault = faults.takePending(jobId, podName);
    if (deletions.isDeleting(jobId)) {
      deletions.settle(jobId);
      scheduler.settle(jobId);
      return;
    }
    JobFaults.Outcome outcome = store.write(db -> JobEnds.replicaEnded(db, faults, jobId, podName, exitCode, exitText,
        fault, now));
    if (outcome != JobFaults.Outcome.NONE) {
      replicas.terminateAll(jobId);
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

  @Override
  public void endLateStarts(String jobId) {
    replicas.terminateAll(jobId);
    deletions.settle(jobId);
  }

  @Override
  public void stopOnLoop(String jobId, String reason) throws SQLException {
    List<LiveReplicas.Replica> running = replicas.of(jobId);
    store.write(db -> {
      JobRow job = db.job(jobId).orElseThrow(() -> EngineException.jobNotFound(jobId));
      if (job.status().isTerminal() || job.status() == JobStatus.STOPPING) return null;
      long now = now();
      if (running.isEmpty()) {
        for (PodRow p : db.pods(jobId)) {
          if (!p.isTerminal()) db.podEnded(jobId, p.podName(), PodRow.FAILED, null, "not started: " + reason, now);
        }
        JobEnds.finish(db, jobId, JobStatus.STOPPED, reason, false, now);
      } else {
        db.updateJobStatus(jobId, JobStatus.STOPPING, reason, null);
        db.insertEvent(EventRow.job(jobId, JobStatus.STOPPING.wireName(), "Stopping", reason + ": sending SIGTERM to "
            + running.size() + (running.size() == 1 ? " replica" : " replicas") + ", SIGKILL after "
            + grace.toMillis() + " ms", false, now));
      }
      return null;
    });
    for (LiveReplicas.Replica r : running) replicas.terminate(r);
    scheduler.settle(jobId);
  }

  @Override
  public void fail(String jobId, String reason) throws SQLException {
    store.write(db -> {
      long now = now();
      for (PodRow p : db.pods(jobId)) {
        if (p.status().equals(PodRow.PENDING)) {
          db.podEnded(jobId, p.podName(), PodRow.FAILED, null, "not started: the job failed", now);
        }
      }
      JobEnds.finish(db, jobId, JobStatus.FAILED, reason, true, now);
      return null;
    });
    replicas.terminateAll(jobId);
    scheduler.settle(jobId);
  }

  @Override
  public void removeDirectory(String jobId) {
    deletions.removeDirectory(jobId);
  }

  /**
   * Stops every job that has not ended (SIGTERM, then SIGKILL after the grace period), waits for the
   * replicas to exit (bounded) so their jobs read Stopped, then stops the loop.
   */
  @Override
  public void close() {
    jobStart.close(); // the starts under way are recorded first, so they are stopped below
    List<LiveReplicas.Replica> ending;
    try {
      ending = loop.call(() -> {
        for (JobRow job : store.read(Db::activeJobs)) stopOnLoop(job.jobId(), "the local engine was closed");
        return replicas.all();
      });
    } catch (RuntimeException e) {
      ending = List.of();
    }
    replicas.awaitOrKill(ending, grace.plusSeconds(1));
    loop.close(); // runs the exit bookkeeping already queued
    alerts.close();
    metrics.close();
    launcher.close();
  }

  /** Stops the loop without touching any job: replicas keep running for the next engine. */
  public void abandon() {
    jobStart.close();
    loop.close();
    alerts.close();
    metrics.close();
    launcher.close();
  }

}
