package dev.aihc.local.internal.store;

import java.util.List;

/** The job store's tables, and the steps that bring an older database to the version this engine writes. */
public final class Schema {
  private Schema() {}

  /**
   * Version 3: the GPUs the scheduler handed each replica ({@code CUDA_VISIBLE_DEVICES}, empty for none),
   * written before its process starts, so a restarted engine never hands them out twice.
   */
  private static final String UPGRADE_3 = String.join("\n",
      "CREATE TABLE pod_devices(",
      "  job_id TEXT NOT NULL REFERENCES jobs(job_id) ON DELETE CASCADE, pod_name TEXT NOT NULL,",
      "  devices TEXT NOT NULL, PRIMARY KEY(job_id, pod_name));");

  /** Version 1: jobs, pods, events and issued ids. */
  public static final String V1 = String.join("\n",
      "CREATE TABLE jobs(",
      "  job_id TEXT PRIMARY KEY, name TEXT NOT NULL, status TEXT NOT NULL, reason TEXT NOT NULL,",
      "  resource_pool_id TEXT NOT NULL, queue_id TEXT NOT NULL, priority TEXT NOT NULL,",
      "  job_type TEXT NOT NULL, command TEXT NOT NULL, body TEXT NOT NULL, master_port INTEGER,",
      "  created_at INTEGER NOT NULL, finished_at INTEGER);",
      "CREATE TABLE pods(",
      "  job_id TEXT NOT NULL REFERENCES jobs(job_id) ON DELETE CASCADE, pod_name TEXT NOT NULL,",
      "  replica_type TEXT NOT NULL, rank INTEGER NOT NULL, status TEXT NOT NULL,",
      "  restart_count INTEGER NOT NULL, exit_code INTEGER, reason TEXT NOT NULL, pid INTEGER,",
      "  started_at INTEGER, finished_at INTEGER, PRIMARY KEY(job_id, pod_name));",
      "CREATE TABLE events(",
      "  id INTEGER PRIMARY KEY AUTOINCREMENT,",
      "  job_id TEXT NOT NULL REFERENCES jobs(job_id) ON DELETE CASCADE, pod_name TEXT, condition TEXT,",
      "  reason TEXT NOT NULL, message TEXT NOT NULL, type TEXT NOT NULL, at INTEGER NOT NULL);",
      "CREATE INDEX events_by_job ON events(job_id, pod_name, id);",
      // Every id ever issued, so that an id is never reused, not even after its job was deleted.
      "CREATE TABLE issued_ids(job_id TEXT PRIMARY KEY);");

  /**
   * What takes a database from version {@code i} to {@code i + 1}, in order. Append, never edit: an
   * older home is upgraded by running the steps it has not seen yet.
   */
  static final List<String> MIGRATIONS = List.of(
      V1,
      // 2: the replica leader's start time (clock ticks since boot), so that a restarted engine tells its
      // replica from a later process that got the same pid.
      "ALTER TABLE pods ADD COLUMN proc_start INTEGER;",
      UPGRADE_3,
      // 4: DescribeJobs pages in either order without sorting every job (the rows carry their whole body)
      "CREATE INDEX jobs_by_created ON jobs(created_at);"
          + " CREATE INDEX jobs_by_finished ON jobs(finished_at IS NULL, finished_at);",
      // 5: the client's submission id of a job, so that a CreateJob sent again (a client that timed out while
      // the first was still on its way) is answered with the job the first one created instead of a second job
      "ALTER TABLE jobs ADD COLUMN submission TEXT;"
          + " CREATE INDEX jobs_by_submission ON jobs(submission) WHERE submission IS NOT NULL;");

  /** The schema version this engine writes, kept in {@code PRAGMA user_version}. */
  public static final int VERSION = MIGRATIONS.size();
}
