package dev.aihc.local.internal.engine;

import dev.aihc.dsl.Job;
import dev.aihc.dsl.Problem;
import dev.aihc.local.internal.sched.Demand;
import dev.aihc.local.internal.sched.SchedulingConfig;
import java.util.List;

/**
 * What the API may ask of the engine's jobs: the changes. Reads go to the store directly. The
 * {@link JobChanges} carries them out on the engine loop; each call waits for it (bounded).
 */
public interface JobCommands {
  /**
   * Records a new, already validated job in the queue of {@code placement}, where it waits until the
   * scheduler admits it; {@code warnings} become its SpecWarning events. Returns its id once committed.
   */
  String create(Job job, List<Problem> warnings, String resourcePoolId, SchedulingConfig.Placement placement,
      Demand demand);

  /** Stops a job: SIGTERM to each replica's group, SIGKILL after the grace period. A finished job is left as it is. */
  void stop(String jobId);

  /** Stops a job and removes its record, events and logs. */
  void delete(String jobId);

  /** Changes the priority of a job that has not ended; a waiting job takes its new place in its queue. */
  void modifyPriority(String jobId, String priority);
}
