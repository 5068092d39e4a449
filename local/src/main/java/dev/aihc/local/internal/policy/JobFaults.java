package dev.aihc.local.internal.policy;

import dev.aihc.wire.JobStatus;
import dev.aihc.dsl.Job;
import dev.aihc.internal.local.PrivateFiles;
import dev.aihc.local.internal.config.Home;
import dev.aihc.local.internal.replica.LiveReplicas;
import dev.aihc.local.internal.store.Db;
import dev.aihc.local.internal.store.EventRow;
import dev.aihc.local.internal.store.JobRow;
import dev.aihc.local.internal.store.JobSpecs;
import dev.aihc.local.internal.store.JobStore;
import dev.aihc.local.internal.store.PodRow;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a fault does to a job: a replica that exited non-zero, wrote a line matching a custom log
 * pattern, or hung. With fault tolerance and a retry left, the job restarts: status Restarting, the
 * other replicas are ended, and once none runs every replica starts again in the same working
 * directory, its restart count one up, its log continued after a separator line. Otherwise the job
 * fails. Runs on the engine loop.
 */
public final class JobFaults {
  private static final System.Logger LOG = System.getLogger(JobFaults.class.getName());

  /** What a replica's failure did to its job. */
  public enum Outcome {
    /** Nothing more (the job was not running, or the replica had already ended). */
    NONE,
    /** The job restarts once its other replicas have ended. */
    RESTART,
    /** The job failed. */
    FAIL
  }

  /** Starts a job's Pending replicas, as the scheduler's admission does. */
  @FunctionalInterface
  public interface Launch {
    void launch(String jobId) throws SQLException;
  }

  private final JobStore store;
  private final JobSpecs specs;
  private final Clock clock;
  private final Home home;
  private final LiveReplicas replicas;
  private final Launch launch;
  private final Duration minute;
  /** Why a replica that is being ended failed, by {@code jobId/podName}, until its exit is recorded. */
  private final Map<String, String> pending = new HashMap<>();

  public JobFaults(JobStore store, JobSpecs specs, Clock clock, Home home, LiveReplicas replicas, Launch launch, Duration minute) {
    this.store = store;
    this.specs = specs;
    this.clock = clock;
    this.home = home;
    this.replicas = replicas;
    this.launch = launch;
    this.minute = minute;
  }

  /** The policy of {@code job}. */
  public FaultPolicy policy(Job job) {
    return FaultPolicy.of(job, minute);
  }

  /** The policy of a stored job; none when its spec cannot be read (launch fails such a job anyway). */
  public FaultPolicy policy(JobRow job) {
    try {
      return FaultPolicy.of(specs.of(job), minute);
    } catch (IllegalArgumentException e) {
      return FaultPolicy.none(minute);
    }
  }

  /**
   * A running replica failed a pattern or hung: records it ({@code reason} is the event reason, such
   * as {@code jobHang}), remembers why, and ends the replica; its exit then counts as the fault.
   */
  public void replicaFault(String jobId, String podName, String reason, String why) throws SQLException {
    Optional<LiveReplicas.Replica> replica = replicas.find(jobId, podName);
    if (replica.isEmpty()) return;
    long now = clock.millis();
    String shortName = store.read(db -> db.pod(jobId, podName)).map(PodRow::shortName).orElse(podName);
    pending.put(jobId + "/" + podName, why);
    store.write(db -> {
      db.insertEvent(EventRow.job(jobId, null, reason, shortName + " " + why + "; ending it", true, now));
      db.insertEvent(EventRow.pod(jobId, podName, reason, why, true, now));
      return null;
    });
    replicas.terminate(replica.get());
  }

  /** Why a replica that just exited was being ended as faulty, or null when it ended by itself. */
  public String takePending(String jobId, String podName) {
    return pending.remove(jobId + "/" + podName);
  }

  /**
   * Decides, inside the caller's transaction, what the failure of {@code pod} ({@code why}: "exited
   * with code 3") does to its running {@code job}, and records the job's new status.
   */
  public Outcome onFailure(Db db, JobRow job, PodRow pod, String why, long now) throws SQLException {
    FaultPolicy policy = policy(job);
    int restarts = pod.restartCount();
    String fault = pod.shortName() + " " + why;
    if (policy.enabled() && restarts < policy.retries()) {
      String reason = "restart " + (restarts + 1) + " of " + policy.retries() + ": " + fault;
      db.updateJobStatus(job.jobId(), JobStatus.RESTARTING, reason, null);
      db.insertEvent(EventRow.job(job.jobId(), JobStatus.RESTARTING.wireName(), "Restarting", reason
          + "; ending the other replicas, then starting all again", true, now));
      if (policy.replace()) {
        db.insertEvent(EventRow.job(job.jobId(), null, "ReplaceNotApplicable", "--enable-replace: there is no other "
            + "node locally, so the job restarts on this host", false, now));
      }
      return Outcome.RESTART;
    }
    String reason = !policy.enabled() || policy.retries() == 0 ? fault
        : fault + " (attempt " + (restarts + 1) + " of " + (policy.retries() + 1) + ": no restart left)";
    db.updateJobStatus(job.jobId(), JobStatus.FAILED, reason, now);
    db.insertEvent(EventRow.job(job.jobId(), JobStatus.FAILED.wireName(), JobStatus.FAILED.wireName(), reason, true,
        now));
    return Outcome.FAIL;
  }

  /**
   * Starts every replica of a Restarting job again, once none of them runs: a separator line in each
   * log, each pod Pending with its restart count one up, a new MASTER_PORT, then the usual launch.
   */
  public void relaunchIfRestarting(String jobId) throws SQLException {
    Optional<JobRow> job = store.read(db -> db.job(jobId));
    if (job.isEmpty() || job.get().status() != JobStatus.RESTARTING || replicas.anyOf(jobId)) return;
    List<PodRow> pods = store.read(db -> db.pods(jobId));
    int restart = pods.stream().mapToInt(PodRow::restartCount).max().orElse(0) + 1;
    String separator = "[aihc-local] ---- " + job.get().reason() + " ----"; // "restart 1 of 2: worker-0 exited ..."
    for (PodRow p : pods) appendLine(home.log(jobId, p.podName()), separator);
    long now = clock.millis();
    store.write(db -> {
      db.clearMasterPort(jobId);
      for (PodRow p : pods) {
        db.podRestarting(jobId, p.podName(), "restarting (restart " + restart + ")");
        db.insertEvent(EventRow.pod(jobId, p.podName(), "Restarting", "starting again (restart " + restart
            + "), in the same working directory, its log continued", false, now));
      }
      return null;
    });
    launch.launch(jobId);
  }

  /** Appends {@code line} on a line of its own, so a last line without its newline stays as it was shown. */
  private static void appendLine(Path log, String line) {
    // No replica of the job runs now, so nothing else writes to the log meanwhile.
    try (FileChannel ch = FileChannel.open(log, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE), PrivateFiles.FILE)) {
      long size = ch.size();
      boolean newline = true;
      if (size > 0) {
        ByteBuffer last = ByteBuffer.allocate(1);
        ch.read(last, size - 1);
        newline = last.get(0) == '\n';
      }
      ByteBuffer text = ByteBuffer.wrap(((newline ? "" : "\n") + line + "\n").getBytes(StandardCharsets.UTF_8));
      while (text.hasRemaining()) ch.write(text, size + text.position());
    } catch (IOException e) {
      if (Files.exists(log.getParent())) LOG.log(System.Logger.Level.WARNING, "cannot write to " + log + ": " + e);
    }
  }
}
