package dev.aihc.local.internal.engine;

import dev.aihc.dsl.Job;
import dev.aihc.dsl.Problem;
import dev.aihc.local.internal.core.EngineException;
import dev.aihc.local.internal.core.EngineLoop;
import dev.aihc.local.internal.policy.JobFaults;
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
import dev.aihc.wire.JobItem;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The changes the API asks of the engine's jobs, each carried out on the loop while the HTTP thread
 * waits (bounded): create (committed before the answer leaves, with others that arrive together),
 * stop, delete and a new priority.
 */
public final class JobChanges implements JobCommands {
  private final JobStore store;
  private final EngineLoop loop;
  private final Clock clock;
  private final JobSpecs specs;
  private final CreateBatch creates;
  private final JobStart jobStart;
  private final JobFaults faults;
  private final Scheduler scheduler;
  private final JobDeletions deletions;
  private final Lifecycle lifecycle;

  public JobChanges(JobStore store, EngineLoop loop, Clock clock, JobSpecs specs, CreateBatch creates, JobStart jobStart,
      JobFaults faults, Scheduler scheduler, JobDeletions deletions, ReplicaLifecycle lifecycle) {
    this.store = store;
    this.loop = loop;
    this.clock = clock;
    this.specs = specs;
    this.creates = creates;
    this.jobStart = jobStart;
    this.faults = faults;
    this.scheduler = scheduler;
    this.deletions = deletions;
    this.lifecycle = lifecycle;
  }

  /** See {@link JobStart#insert}; with others that arrive together, see {@link CreateBatch}. */
  @Override
  public String create(Job job, List<Problem> warnings, String resourcePoolId, SchedulingConfig.Placement placement,
      Demand demand) {
    QueueSpec queue = placement.queue();
    List<JobNotes.Note> notes = JobNotes.of(job, warnings, placement, demand, faults.policy(job));
    String reason = JobNotes.initialReason(queue);
    String priority = job.priority().map(p -> p.wireName()).orElse("normal");
    Job stored = JobStart.masked(job);
    String submission = submissionOf(job);
    return creates.create(new CreateBatch.Pending() {
      private boolean sentBefore; // set on the loop by insert, read there by then

      @Override
      public String insert(Db db) throws SQLException {
        // A client that timed out sends its CreateJob again after looking the job up; the first one may still
        // have been on its way (a frozen engine answers both at once), so the lookup is no proof: the same
        // submission is answered with the job it already created. Checked in the write, so never raced.
        Optional<String> earlier = submission == null ? Optional.empty() : db.jobBySubmission(submission);
        sentBefore = earlier.isPresent();
        if (sentBefore) return earlier.get();
        String jobId = jobStart.insert(db, stored, resourcePoolId, job.queue(), reason, notes);
        if (submission != null) db.setSubmission(jobId, submission);
        return jobId;
      }

      @Override
      public void then(String jobId) {
        if (sentBefore) return;
        specs.put(jobId, stored);
        scheduler.submitted(jobId, priority, reason, demand, queue);
      }
    });
  }

  /** The submission id our client labels each CreateJob with; null for other clients. */
  private static String submissionOf(Job job) {
    return job.labels().stream().filter(l -> l.key().equals(JobItem.SUBMISSION_LABEL)).map(l -> l.value())
        .findFirst().orElse(null);
  }

  @Override
  public void stop(String jobId) {
    loop.call(() -> {
      lifecycle.stopOnLoop(jobId, "stopped by StopJob");
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

  /** Deletes a job as DeleteJob does, on the loop (retention too); false when there is no such job. */
  public boolean deleteOnLoop(String jobId) throws SQLException {
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
            "priority changed from " + job.priority() + " to " + priority + place, false, clock.millis()));
        return null;
      });
    });
  }

  /** Stops every job that has not ended, for {@code reason}, on the loop. */
  public void stopAll(String reason) throws SQLException {
    for (JobRow job : store.read(Db::activeJobs)) lifecycle.stopOnLoop(job.jobId(), reason);
  }
}
