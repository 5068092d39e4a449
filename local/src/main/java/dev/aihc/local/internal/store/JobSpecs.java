package dev.aihc.local.internal.store;

import dev.aihc.dsl.Job;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The parsed spec of each job the engine works on, beside its stored row: parsed once, at CreateJob
 * or the first time an engine needs a job it found in the store, instead of by every part that reads
 * it. The row's body stays the durable form; a job is forgotten here when it ends or is deleted and
 * read from its row again should anything ask after that. A job's text, from a request or a row, is
 * read as a {@link Job} here only ({@link #read}).
 */
public final class JobSpecs {
  private final Map<String, Job> byId = new ConcurrentHashMap<>();

  /**
   * {@code body}, a CreateJob body, as a job.
   *
   * @throws dev.aihc.dsl.JobJsonException naming the field and where when it cannot be read as one
   */
  public static Job read(String body) {
    return Job.fromJson(body);
  }

  /** Holds {@code job} as the spec of {@code jobId}, as its row stores it. */
  public void put(String jobId, Job job) {
    byId.put(jobId, job);
  }

  /**
   * The spec of {@code row}'s job.
   *
   * @throws IllegalArgumentException when its stored body cannot be read
   */
  public Job of(JobRow row) {
    Job job = byId.get(row.jobId());
    if (job == null) {
      job = read(row.body());
      byId.put(row.jobId(), job);
    }
    return job;
  }

  public void forget(String jobId) {
    byId.remove(jobId);
  }
}
