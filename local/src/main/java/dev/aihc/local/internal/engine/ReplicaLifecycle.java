package dev.aihc.local.internal.engine;

import dev.aihc.local.internal.core.EngineException;
import dev.aihc.local.internal.core.EngineLoop;
import dev.aihc.local.internal.logs.LogMonitor;
import dev.aihc.local.internal.policy.FaultPolicy;
import dev.aihc.local.internal.policy.FaultWatch;
import dev.aihc.local.internal.policy.JobFaults;
import dev.aihc.local.internal.replica.LiveReplicas;
import dev.aihc.local.internal.replica.ReplicaLauncher;
import dev.aihc.local.internal.replica.ReplicaMemory;
import dev.aihc.local.internal.sched.Scheduler;
import dev.aihc.local.internal.store.EventRow;
import dev.aihc.local.internal.store.JobRow;
import dev.aihc.local.internal.store.JobSpecs;
import dev.aihc.local.internal.store.JobStore;
import dev.aihc.local.internal.store.PodRow;
import dev.aihc.wire.JobStatus;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The life of a job's replicas once started: followed to their exit (and their logs and faults
 * watched meanwhile), each end recorded with what it means for the job (success, a restart, a
 * failure), a job stopped or failed, and its share given back to its queue when nothing of it runs
 * any more. On the loop.
 */
public final class ReplicaLifecycle implements Lifecycle {
  private static final System.Logger LOG = System.getLogger(ReplicaLifecycle.class.getName());
  private final JobStore store;
  /** The replica ends that could not be written for want of room, written once there is room. */
  private final Backlog backlog;
  private final EngineLoop loop;
  private final Clock clock;
  private final Duration grace;
  private final JobSpecs specs;
  private final ReplicaLauncher launcher;
  private final LiveReplicas replicas;
  private final ReplicaMemory memory;
  private final LogMonitor monitor;
  private final JobFaults faults;
  private final FaultWatch faultWatch;
  private final JobDeletions deletions;
  private final Scheduler scheduler;

  /**
   * @param grace how long a stopped replica has between SIGTERM and SIGKILL
   * @param scheduler told when a job may be done with its queue
   */
  public ReplicaLifecycle(JobStore store, EngineLoop loop, Clock clock, Duration grace, JobSpecs specs,
      ReplicaLauncher launcher, LiveReplicas replicas, ReplicaMemory memory, LogMonitor monitor, JobFaults faults,
      FaultWatch faultWatch, JobDeletions deletions, Scheduler scheduler, Backlog backlog) {
    this.store = store;
    this.backlog = backlog;
    this.loop = loop;
    this.clock = clock;
    this.grace = grace;
    this.specs = specs;
    this.launcher = launcher;
    this.replicas = replicas;
    this.memory = memory;
    this.monitor = monitor;
    this.faults = faults;
    this.faultWatch = faultWatch;
    this.deletions = deletions;
    this.scheduler = scheduler;
  }

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
    if (policy != null && policy.watches()) faultWatch.watch(jobId, podName, pgid, policy, indexedSize, clock.millis());
  }

  /**
   * Records a replica's end and what it means for its job: success once all have exited 0; a fault
   * (a non-zero exit, or a replica the fault watch ended) restarts or fails the job (see {@link JobFaults}).
   */
  private void onExit(String jobId, String podName, Integer exitCode) throws SQLException {
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

  /**
   * Records that a replica's relay could not write {@code bytes} of its output to the log (see LogMonitor): a
   * job event {@code LogWriteFailed}, kept and written later if the disk is full again.
   */
  public void outputLost(String jobId, String podName, long bytes, String why, long at) {
    String message = podName + " could not write " + bytes + " bytes of its output to its log (" + why
        + "); it kept running, and its log marks the gap";
    try {
      backlog.write("a lost-output event of " + podName + " of job " + jobId, () -> store.write(db -> {
        if (db.job(jobId).isPresent()) db.insertEvent(EventRow.job(jobId, null, "LogWriteFailed", message, true, at));
        return null;
      }));
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot record that " + podName + " of job " + jobId + " lost output: "
          + e.getMessage());
    }
  }

  @Override
  public void onEnd(String jobId, String podName, Integer exitCode, String exitText) throws SQLException {
    LiveReplicas.Replica r = replicas.remove(jobId, podName);
    // The leader is gone; anything it left behind in its group goes too.
    if (r != null) launcher.signalGroup(r.pgid(), "KILL");
    releaseMemory(jobId, podName, 10);
    long now = clock.millis();
    monitor.finish(jobId, podName, now);
    faultWatch.forget(jobId, podName);
    String fault = faults.takePending(jobId, podName);
    if (deletions.isDeleting(jobId)) {
      deletions.settle(jobId);
      scheduler.settle(jobId);
      return;
    }
    // Kept and written later when the disk is full: the job must not stay Running for ever.
    backlog.write("the end of replica " + podName + " of job " + jobId, () -> {
      JobFaults.Outcome outcome = store.write(db -> JobEnds.replicaEnded(db, faults, jobId, podName, exitCode,
          exitText, fault, now));
      if (outcome != JobFaults.Outcome.NONE) {
        replicas.terminateAll(jobId);
      }
      faults.relaunchIfRestarting(jobId);
      scheduler.settle(jobId);
    });
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
      long now = clock.millis();
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
      long now = clock.millis();
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
}
