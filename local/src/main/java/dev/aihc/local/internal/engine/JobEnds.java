package dev.aihc.local.internal.engine;

import dev.aihc.wire.JobStatus;
import dev.aihc.local.internal.policy.JobFaults;
import dev.aihc.local.internal.store.Db;
import dev.aihc.local.internal.store.EventRow;
import dev.aihc.local.internal.store.JobRow;
import dev.aihc.local.internal.store.PodRow;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** How a replica's end and a job's end are written, in the caller's transaction. */
final class JobEnds {
  private JobEnds() {}

  /** Records a job's end (its status, reason and finish time) with its event. */
  static void finish(Db db, String jobId, JobStatus status, String reason, boolean warning, long now)
      throws SQLException {
    db.updateJobStatus(jobId, status, reason, now);
    db.insertEvent(EventRow.job(jobId, status.wireName(), status.wireName(), reason, warning, now));
  }

  /**
   * Records a replica's end and what it means for its job: success once all have exited 0; a fault
   * ({@code fault}, else a non-zero exit) goes to {@code faults}, which restarts or fails the job. A
   * replica of a stopping, failed or restarting job is recorded with that reason. Nothing is written for
   * a replica already recorded as ended.
   */
  static JobFaults.Outcome replicaEnded(Db db, JobFaults faults, String jobId, String podName, Integer exitCode,
      String exitText, String fault, long now) throws SQLException {
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
  }
}
