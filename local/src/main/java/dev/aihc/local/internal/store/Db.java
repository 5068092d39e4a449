package dev.aihc.local.internal.store;

import dev.aihc.client.JobStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of the job store over one connection, inside a transaction that {@link JobStore} opened. */
public final class Db {
  /**
   * Version 3: the GPUs the scheduler handed each replica ({@code CUDA_VISIBLE_DEVICES}, empty for none),
   * written before its process starts, so a restarted engine never hands them out twice.
   */
  static final String UPGRADE_3 = String.join("\n",
      "CREATE TABLE pod_devices(",
      "  job_id TEXT NOT NULL REFERENCES jobs(job_id) ON DELETE CASCADE, pod_name TEXT NOT NULL,",
      "  devices TEXT NOT NULL, PRIMARY KEY(job_id, pod_name));");

  /** Version 1: jobs, pods, events and issued ids. */
  public static final String SCHEMA_V1 = String.join("\n",
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
      SCHEMA_V1,
      // 2: the replica leader's start time (clock ticks since boot), so that a restarted engine tells its
      // replica from a later process that got the same pid.
      "ALTER TABLE pods ADD COLUMN proc_start INTEGER;",
      UPGRADE_3,
      // 4: DescribeJobs pages in either order without sorting every job (the rows carry their whole body)
      "CREATE INDEX jobs_by_created ON jobs(created_at);"
          + " CREATE INDEX jobs_by_finished ON jobs(finished_at IS NULL, finished_at);");

  /** The schema version this engine writes, kept in {@code PRAGMA user_version}. */
  public static final int SCHEMA_VERSION = MIGRATIONS.size();

  private static final String JOB_COLUMNS = "job_id, name, status, reason, resource_pool_id, queue_id, priority,"
      + " job_type, command, body, master_port, created_at, finished_at";
  private static final String POD_COLUMNS = "job_id, pod_name, replica_type, rank, status, restart_count,"
      + " exit_code, reason, pid, started_at, finished_at, proc_start";

  private final Connection c;
  /** The events this transaction inserted, for what reacts to them once committed (alerts). */
  private final List<EventRow> inserted = new ArrayList<>();

  /** The writer's statement cache (see {@link #cached}); null on a reader. */
  private final Map<String, PreparedStatement> statements;

  Db(Connection c) {
    this(c, null);
  }

  Db(Connection c, Map<String, PreparedStatement> statements) {
    this.c = c;
    this.statements = statements;
  }

  /**
   * The writer's prepared statement for {@code sql}, made once and reused by every transaction (the
   * hot inserts of CreateJob). Not closed by the caller.
   */
  private PreparedStatement cached(String sql) throws SQLException {
    if (statements == null) throw new IllegalStateException("a write outside the writer connection: " + sql);
    PreparedStatement s = statements.get(sql);
    if (s == null) {
      s = c.prepareStatement(sql);
      statements.put(sql, s);
    } else {
      s.clearParameters();
    }
    return s;
  }

  /** The events inserted through this instance, oldest first. */
  List<EventRow> inserted() {
    return inserted;
  }

  // ---------------------------------------------------------------- jobs

  /** Records {@code id} as issued; false when it was issued before. */
  public boolean issue(String id) throws SQLException {
    PreparedStatement s = cached("INSERT OR IGNORE INTO issued_ids(job_id) VALUES (?)");
    s.setString(1, id);
    return s.executeUpdate() == 1;
  }

  public void insertJob(JobRow j) throws SQLException {
    PreparedStatement s = cached(
        "INSERT INTO jobs(" + JOB_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
    s.setString(1, j.jobId());
    s.setString(2, j.name());
    s.setString(3, j.status().wireName());
    s.setString(4, j.reason());
    s.setString(5, j.resourcePoolId());
    s.setString(6, j.queueId());
    s.setString(7, j.priority());
    s.setString(8, j.jobType());
    s.setString(9, j.command());
    s.setString(10, j.body());
    setNullable(s, 11, j.masterPort());
    s.setLong(12, j.createdAt());
    setNullable(s, 13, j.finishedAt());
    s.executeUpdate();
  }

  public Optional<JobRow> job(String jobId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT " + JOB_COLUMNS + " FROM jobs WHERE job_id = ?")) {
      s.setString(1, jobId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(jobRow(r)) : Optional.empty();
      }
    }
  }

  /** Jobs not yet in a terminal status, oldest first. */
  public List<JobRow> activeJobs() throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT " + JOB_COLUMNS
        + " FROM jobs WHERE status NOT IN ('Stopped', 'Succeeded', 'Failed') ORDER BY created_at, rowid")) {
      return jobRows(s);
    }
  }

  /**
   * The jobs that ended and carry a {@code retentionPeriod}, as (jobId, finishedAt, retentionPeriod). The
   * cheap {@code instr} skips the JSON of the many jobs without one.
   */
  public List<String[]> finishedWithRetention() throws SQLException {
    List<String[]> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT job_id, finished_at, json_extract(body, '$.retentionPeriod')"
        + " FROM jobs WHERE finished_at IS NOT NULL AND instr(body, '\"retentionPeriod\"') > 0");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        if (r.getString(3) != null) out.add(new String[] {r.getString(1), Long.toString(r.getLong(2)), r.getString(3)});
      }
    }
    return out;
  }

  /**
   * Jobs that ended before {@code cutoffMillis}, oldest first, leaving out those that state their own
   * {@code retentionPeriod} ({@link #finishedWithRetention}): the engine's retention is their default only.
   */
  public List<String> finishedBefore(long cutoffMillis) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT job_id FROM jobs WHERE status IN ('Stopped', 'Succeeded',"
        + " 'Failed') AND finished_at < ? AND NOT (instr(body, '\"retentionPeriod\"') > 0"
        + " AND json_extract(body, '$.retentionPeriod') IS NOT NULL) ORDER BY finished_at")) {
      s.setLong(1, cutoffMillis);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) ids.add(r.getString(1));
      }
    }
    return ids;
  }

  public List<String> allJobIds() throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT job_id FROM jobs");
        ResultSet r = s.executeQuery()) {
      while (r.next()) ids.add(r.getString(1));
    }
    return ids;
  }

  /** One page of jobs matching {@code q}, and how many match in all. */
  public JobPage jobs(JobQuery q) throws SQLException {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (q.resourcePoolId() != null) {
      where.append(" AND resource_pool_id = ?");
      args.add(q.resourcePoolId());
    }
    if (q.queue() != null) {
      where.append(" AND queue_id = ?");
      args.add(q.queue());
    }
    if (q.status() != null) {
      where.append(" AND status = ?");
      args.add(q.status().wireName());
    }
    if (q.keyword() != null) {
      where.append(q.keywordOnQueue() ? " AND instr(queue_id, ?) > 0" : " AND instr(name, ?) > 0");
      args.add(q.keyword());
    }
    int total;
    try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM jobs" + where)) {
      bind(s, args);
      try (ResultSet r = s.executeQuery()) {
        total = r.next() ? r.getInt(1) : 0;
      }
    }
    String dir = q.ascending() ? " ASC" : " DESC";
    String order = q.byFinishedAt()
        ? " ORDER BY finished_at IS NULL" + dir + ", finished_at" + dir + ", rowid" + dir
        : " ORDER BY created_at" + dir + ", rowid" + dir;
    try (PreparedStatement s = c.prepareStatement(
        "SELECT " + JOB_COLUMNS + " FROM jobs" + where + order + " LIMIT ? OFFSET ?")) {
      args.add(q.limit());
      args.add(q.offset());
      bind(s, args);
      return new JobPage(total, jobRows(s));
    }
  }

  public void updateJobStatus(String jobId, JobStatus status, String reason, Long finishedAt) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE jobs SET status = ?, reason = ?, finished_at = ? WHERE job_id = ?")) {
      s.setString(1, status.wireName());
      s.setString(2, reason);
      setNullable(s, 3, finishedAt);
      s.setString(4, jobId);
      s.executeUpdate();
    }
  }

  public void updatePriority(String jobId, String priority) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE jobs SET priority = ? WHERE job_id = ?")) {
      s.setString(1, priority);
      s.setString(2, jobId);
      s.executeUpdate();
    }
  }

  public void updateMasterPort(String jobId, int port) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE jobs SET master_port = ? WHERE job_id = ?")) {
      s.setInt(1, port);
      s.setString(2, jobId);
      s.executeUpdate();
    }
  }

  /** Forgets the MASTER_PORT, so the next launch (a restart) picks a free one. */
  public void clearMasterPort(String jobId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE jobs SET master_port = NULL WHERE job_id = ?")) {
      s.setString(1, jobId);
      s.executeUpdate();
    }
  }

  /** Removes the job with its pods and events (the id stays issued). */
  public boolean deleteJob(String jobId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM jobs WHERE job_id = ?")) {
      s.setString(1, jobId);
      return s.executeUpdate() == 1;
    }
  }

  // ---------------------------------------------------------------- pods

  public void insertPod(PodRow p) throws SQLException {
    PreparedStatement s = cached(
        "INSERT INTO pods(" + POD_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    s.setString(1, p.jobId());
    s.setString(2, p.podName());
    s.setString(3, p.replicaType());
    s.setInt(4, p.rank());
    s.setString(5, p.status());
    s.setInt(6, p.restartCount());
    setNullable(s, 7, p.exitCode());
    s.setString(8, p.reason());
    setNullable(s, 9, p.pid());
    setNullable(s, 10, p.startedAt());
    setNullable(s, 11, p.finishedAt());
    setNullable(s, 12, p.procStart());
    s.executeUpdate();
  }

  /** The job's pods in rank order. */
  public List<PodRow> pods(String jobId) throws SQLException {
    List<PodRow> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(
        "SELECT " + POD_COLUMNS + " FROM pods WHERE job_id = ? ORDER BY rank")) {
      s.setString(1, jobId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) out.add(podRow(r));
      }
    }
    return out;
  }

  public Optional<PodRow> pod(String jobId, String podName) throws SQLException {
    return pods(jobId).stream().filter(p -> p.podName().equals(podName)).findFirst();
  }

  /** Records the replica running as process {@code pid}, which started {@code procStart} ticks after boot (null: unknown). */
  public void podStarted(String jobId, String podName, long pid, Long procStart, long at) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE pods SET status = 'Running', pid = ?, proc_start = ?,"
        + " started_at = ?, reason = 'running' WHERE job_id = ? AND pod_name = ?")) {
      s.setLong(1, pid);
      setNullable(s, 2, procStart);
      s.setLong(3, at);
      s.setString(4, jobId);
      s.setString(5, podName);
      s.executeUpdate();
    }
  }

  public void podEnded(String jobId, String podName, String status, Integer exitCode, String reason, long at)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE pods SET status = ?, exit_code = ?, reason = ?,"
        + " finished_at = ? WHERE job_id = ? AND pod_name = ?")) {
      s.setString(1, status);
      setNullable(s, 2, exitCode);
      s.setString(3, reason);
      s.setLong(4, at);
      s.setString(5, jobId);
      s.setString(6, podName);
      s.executeUpdate();
    }
  }

  /** Makes an ended replica Pending again for a restart, one more in its restart count. */
  public void podRestarting(String jobId, String podName, String reason) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE pods SET status = 'Pending',"
        + " restart_count = restart_count + 1, exit_code = NULL, reason = ?, pid = NULL, started_at = NULL,"
        + " finished_at = NULL WHERE job_id = ? AND pod_name = ?")) {
      s.setString(1, reason);
      s.setString(2, jobId);
      s.setString(3, podName);
      s.executeUpdate();
    }
  }

  // ---------------------------------------------------------------- devices

  /** Records the GPUs handed to a replica ({@code CUDA_VISIBLE_DEVICES}; empty for none). */
  public void setDevices(String jobId, String podName, String devices) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT OR REPLACE INTO pod_devices(job_id, pod_name, devices) VALUES (?,?,?)")) {
      s.setString(1, jobId);
      s.setString(2, podName);
      s.setString(3, devices);
      s.executeUpdate();
    }
  }

  /** The GPUs handed to each replica of a job, by pod name; empty before it was scheduled. */
  public Map<String, String> devices(String jobId) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (PreparedStatement s = c.prepareStatement(
        "SELECT pod_name, devices FROM pod_devices WHERE job_id = ? ORDER BY pod_name")) {
      s.setString(1, jobId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) out.put(r.getString(1), r.getString(2));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- events

  public void insertEvent(EventRow e) throws SQLException {
    PreparedStatement s = cached("INSERT INTO events(job_id, pod_name, condition, reason,"
        + " message, type, at) VALUES (?,?,?,?,?,?,?)");
    s.setString(1, e.jobId());
    s.setString(2, e.podName());
    s.setString(3, e.condition());
    s.setString(4, e.reason());
    s.setString(5, e.message());
    s.setString(6, e.type());
    s.setLong(7, e.at());
    s.executeUpdate();
    inserted.add(e);
  }

  /**
   * The events of a job ({@code podName} null) or of one pod, oldest first, within
   * {@code [fromMillis, toMillis]}.
   */
  public List<EventRow> events(String jobId, String podName, long fromMillis, long toMillis) throws SQLException {
    List<EventRow> out = new ArrayList<>();
    String pod = podName == null ? "pod_name IS NULL" : "pod_name = ?";
    try (PreparedStatement s = c.prepareStatement("SELECT job_id, pod_name, condition, reason, message, type, at"
        + " FROM events WHERE job_id = ? AND " + pod + " AND at >= ? AND at <= ? ORDER BY id")) {
      int i = 1;
      s.setString(i++, jobId);
      if (podName != null) s.setString(i++, podName);
      s.setLong(i++, fromMillis);
      s.setLong(i, toMillis);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(new EventRow(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
              r.getString(6), r.getLong(7)));
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- mapping

  private List<JobRow> jobRows(PreparedStatement s) throws SQLException {
    List<JobRow> out = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) out.add(jobRow(r));
    }
    return out;
  }

  private static JobRow jobRow(ResultSet r) throws SQLException {
    return new JobRow(r.getString(1), r.getString(2), JobStatus.fromWire(r.getString(3)), r.getString(4),
        r.getString(5), r.getString(6), r.getString(7), r.getString(8), r.getString(9), r.getString(10),
        nullableInt(r, 11), r.getLong(12), nullableLong(r, 13));
  }

  private static PodRow podRow(ResultSet r) throws SQLException {
    return new PodRow(r.getString(1), r.getString(2), r.getString(3), r.getInt(4), r.getString(5), r.getInt(6),
        nullableInt(r, 7), r.getString(8), nullableLong(r, 9), nullableLong(r, 10), nullableLong(r, 11),
        nullableLong(r, 12));
  }

  private static Integer nullableInt(ResultSet r, int column) throws SQLException {
    int v = r.getInt(column);
    return r.wasNull() ? null : v;
  }

  private static Long nullableLong(ResultSet r, int column) throws SQLException {
    long v = r.getLong(column);
    return r.wasNull() ? null : v;
  }

  private static void setNullable(PreparedStatement s, int i, Number v) throws SQLException {
    if (v == null) {
      s.setNull(i, Types.INTEGER);
    } else {
      s.setLong(i, v.longValue());
    }
  }

  private static void bind(PreparedStatement s, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) s.setObject(i + 1, args.get(i));
  }

  /**
   * A DescribeJobs query. Null filters match everything.
   *
   * @param resourcePoolId the pool, or null
   * @param queue the queue, or null
   * @param status the status, or null
   * @param keyword a substring, or null
   * @param keywordOnQueue whether the keyword matches the queue (else the name)
   * @param byFinishedAt order by finish time (else creation time)
   * @param ascending oldest first
   * @param offset rows to skip
   * @param limit rows to return
   */
  public record JobQuery(String resourcePoolId, String queue, JobStatus status, String keyword, boolean keywordOnQueue,
      boolean byFinishedAt, boolean ascending, int offset, int limit) {}

  /**
   * One page of a query.
   *
   * @param total rows matching over every page
   * @param jobs this page
   */
  public record JobPage(int total, List<JobRow> jobs) {}
}
