package dev.aihc.local.internal.store;

import dev.aihc.wire.JobStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of the job store over one connection, inside a transaction that {@link JobStore} opened. */
public final class Db {
  /** The terminal statuses as an SQL list, from {@link JobStatus#isTerminal()}. */
  private static final String TERMINAL = JobStatus.terminal().stream().map(s -> "'" + s.wireName() + "'")
      .collect(java.util.stream.Collectors.joining(", "));
  private static final String JOB_COLUMNS = "job_id, name, status, reason, resource_pool_id, queue_id, priority,"
      + " job_type, command, body, master_port, created_at, finished_at";
  private static final String POD_COLUMNS = "job_id, pod_name, replica_type, rank, status, restart_count,"
      + " exit_code, reason, pid, started_at, finished_at, proc_start";

  private final Connection c;
  /** The events this transaction inserted, for what reacts to them once committed (alerts). */
  private final List<EventRow> inserted = new ArrayList<>();

  /** This connection's prepared statements (see {@link #prepared}), kept by {@link JobStore} with it. */
  private final Map<String, PreparedStatement> statements;
  private final boolean writer;

  /**
   * The SQL over {@code c}, a connection {@link JobStore} keeps with {@code statements}; {@code writer}
   * for its one writing connection.
   */
  Db(Connection c, Map<String, PreparedStatement> statements, boolean writer) {
    this.c = c;
    this.statements = statements;
    this.writer = writer;
  }

  /** {@link #prepared} for a write, which only the writer connection may do. */
  private PreparedStatement cached(String sql) throws SQLException {
    if (!writer) throw new IllegalStateException("a write outside the writer connection: " + sql);
    return prepared(sql);
  }

  /**
   * The connection's prepared statement for {@code sql}, made once and reused by every transaction on it:
   * preparing costs about as much as running one of these small statements (a launch reads a job and its
   * pods several times). Not closed by the caller; its result sets are, which resets it.
   */
  private PreparedStatement prepared(String sql) throws SQLException {
    PreparedStatement s = statements.get(sql);
    if (s == null || s.isClosed()) { // sqlite-jdbc closes a statement whose run failed (a full disk)
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
    Rows.setNullable(s, 11, j.masterPort());
    s.setLong(12, j.createdAt());
    Rows.setNullable(s, 13, j.finishedAt());
    s.executeUpdate();
  }

  /** The job a CreateJob carrying the client's submission id {@code submission} created, if one did. */
  public Optional<String> jobBySubmission(String submission) throws SQLException {
    PreparedStatement s = prepared("SELECT job_id FROM jobs WHERE submission = ? LIMIT 1");
    s.setString(1, submission);
    try (ResultSet r = s.executeQuery()) {
      return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
    }
  }

  /** Records the client's submission id of a job just inserted. */
  public void setSubmission(String jobId, String submission) throws SQLException {
    PreparedStatement s = cached("UPDATE jobs SET submission = ? WHERE job_id = ?");
    s.setString(1, submission);
    s.setString(2, jobId);
    s.executeUpdate();
  }

  public Optional<JobRow> job(String jobId) throws SQLException {
    PreparedStatement s = prepared("SELECT " + JOB_COLUMNS + " FROM jobs WHERE job_id = ?");
    s.setString(1, jobId);
    try (ResultSet r = s.executeQuery()) {
      return r.next() ? Optional.of(Rows.jobRow(r)) : Optional.empty();
    }
  }

  /** Jobs not yet in a terminal status, oldest first. */
  public List<JobRow> activeJobs() throws SQLException {
    PreparedStatement s = prepared("SELECT " + JOB_COLUMNS
        + " FROM jobs WHERE status NOT IN (" + TERMINAL + ") ORDER BY created_at, rowid");
    return jobRows(s);
  }

  /**
   * The jobs that ended and carry a {@code retentionPeriod}, as (jobId, finishedAt, retentionPeriod). The
   * cheap {@code instr} skips the JSON of the many jobs without one.
   */
  public List<String[]> finishedWithRetention() throws SQLException {
    List<String[]> out = new ArrayList<>();
    PreparedStatement s = prepared("SELECT job_id, finished_at, json_extract(body, '$.retentionPeriod')"
        + " FROM jobs WHERE finished_at IS NOT NULL AND instr(body, '\"retentionPeriod\"') > 0");
    try (ResultSet r = s.executeQuery()) {
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
    PreparedStatement s = prepared("SELECT job_id FROM jobs WHERE status IN (" + TERMINAL + ")"
        + " AND finished_at < ? AND NOT (instr(body, '\"retentionPeriod\"') > 0"
        + " AND json_extract(body, '$.retentionPeriod') IS NOT NULL) ORDER BY finished_at");
    s.setLong(1, cutoffMillis);
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) ids.add(r.getString(1));
    }
    return ids;
  }

  public List<String> allJobIds() throws SQLException {
    List<String> ids = new ArrayList<>();
    PreparedStatement s = prepared("SELECT job_id FROM jobs");
    try (ResultSet r = s.executeQuery()) {
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
    PreparedStatement s = prepared("SELECT count(*) FROM jobs" + where);
    Rows.bind(s, args);
    try (ResultSet r = s.executeQuery()) {
      total = r.next() ? r.getInt(1) : 0;
    }
    String dir = q.ascending() ? " ASC" : " DESC";
    String order = q.byFinishedAt()
        ? " ORDER BY finished_at IS NULL" + dir + ", finished_at" + dir + ", rowid" + dir
        : " ORDER BY created_at" + dir + ", rowid" + dir;
    PreparedStatement page = prepared(
        "SELECT " + JOB_COLUMNS + " FROM jobs" + where + order + " LIMIT ? OFFSET ?");
    args.add(q.limit());
    args.add(q.offset());
    Rows.bind(page, args);
    return new JobPage(total, jobRows(page));
  }

  public void updateJobStatus(String jobId, JobStatus status, String reason, Long finishedAt) throws SQLException {
    PreparedStatement s = cached(
        "UPDATE jobs SET status = ?, reason = ?, finished_at = ? WHERE job_id = ?");
    s.setString(1, status.wireName());
    s.setString(2, reason);
    Rows.setNullable(s, 3, finishedAt);
    s.setString(4, jobId);
    s.executeUpdate();
  }

  public void updatePriority(String jobId, String priority) throws SQLException {
    PreparedStatement s = cached("UPDATE jobs SET priority = ? WHERE job_id = ?");
    s.setString(1, priority);
    s.setString(2, jobId);
    s.executeUpdate();
  }

  public void updateMasterPort(String jobId, int port) throws SQLException {
    PreparedStatement s = cached("UPDATE jobs SET master_port = ? WHERE job_id = ?");
    s.setInt(1, port);
    s.setString(2, jobId);
    s.executeUpdate();
  }

  /** Forgets the MASTER_PORT, so the next launch (a restart) picks a free one. */
  public void clearMasterPort(String jobId) throws SQLException {
    PreparedStatement s = cached("UPDATE jobs SET master_port = NULL WHERE job_id = ?");
    s.setString(1, jobId);
    s.executeUpdate();
  }

  /** Removes the job with its pods and events (the id stays issued). */
  public boolean deleteJob(String jobId) throws SQLException {
    PreparedStatement s = cached("DELETE FROM jobs WHERE job_id = ?");
    s.setString(1, jobId);
    return s.executeUpdate() == 1;
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
    Rows.setNullable(s, 7, p.exitCode());
    s.setString(8, p.reason());
    Rows.setNullable(s, 9, p.pid());
    Rows.setNullable(s, 10, p.startedAt());
    Rows.setNullable(s, 11, p.finishedAt());
    Rows.setNullable(s, 12, p.procStart());
    s.executeUpdate();
  }

  /** The job's pods in rank order. */
  public List<PodRow> pods(String jobId) throws SQLException {
    List<PodRow> out = new ArrayList<>();
    PreparedStatement s = prepared(
        "SELECT " + POD_COLUMNS + " FROM pods WHERE job_id = ? ORDER BY rank");
    s.setString(1, jobId);
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) out.add(Rows.podRow(r));
    }
    return out;
  }

  public Optional<PodRow> pod(String jobId, String podName) throws SQLException {
    return pods(jobId).stream().filter(p -> p.podName().equals(podName)).findFirst();
  }

  /** Records the replica running as process {@code pid}, which started {@code procStart} ticks after boot (null: unknown). */
  public void podStarted(String jobId, String podName, long pid, Long procStart, long at) throws SQLException {
    PreparedStatement s = cached("UPDATE pods SET status = 'Running', pid = ?, proc_start = ?,"
        + " started_at = ?, reason = 'running' WHERE job_id = ? AND pod_name = ?");
    s.setLong(1, pid);
    Rows.setNullable(s, 2, procStart);
    s.setLong(3, at);
    s.setString(4, jobId);
    s.setString(5, podName);
    s.executeUpdate();
  }

  public void podEnded(String jobId, String podName, String status, Integer exitCode, String reason, long at)
      throws SQLException {
    PreparedStatement s = cached("UPDATE pods SET status = ?, exit_code = ?, reason = ?,"
        + " finished_at = ? WHERE job_id = ? AND pod_name = ?");
    s.setString(1, status);
    Rows.setNullable(s, 2, exitCode);
    s.setString(3, reason);
    s.setLong(4, at);
    s.setString(5, jobId);
    s.setString(6, podName);
    s.executeUpdate();
  }

  /** Makes an ended replica Pending again for a restart, one more in its restart count. */
  public void podRestarting(String jobId, String podName, String reason) throws SQLException {
    PreparedStatement s = cached("UPDATE pods SET status = 'Pending',"
        + " restart_count = restart_count + 1, exit_code = NULL, reason = ?, pid = NULL, started_at = NULL,"
        + " finished_at = NULL WHERE job_id = ? AND pod_name = ?");
    s.setString(1, reason);
    s.setString(2, jobId);
    s.setString(3, podName);
    s.executeUpdate();
  }

  // ---------------------------------------------------------------- devices

  /** Records the GPUs handed to a replica ({@code CUDA_VISIBLE_DEVICES}; empty for none). */
  public void setDevices(String jobId, String podName, String devices) throws SQLException {
    PreparedStatement s = cached(
        "INSERT OR REPLACE INTO pod_devices(job_id, pod_name, devices) VALUES (?,?,?)");
    s.setString(1, jobId);
    s.setString(2, podName);
    s.setString(3, devices);
    s.executeUpdate();
  }

  /** The GPUs handed to each replica of a job, by pod name; empty before it was scheduled. */
  public Map<String, String> devices(String jobId) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    PreparedStatement s = prepared(
        "SELECT pod_name, devices FROM pod_devices WHERE job_id = ? ORDER BY pod_name");
    s.setString(1, jobId);
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) out.put(r.getString(1), r.getString(2));
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
    PreparedStatement s = prepared("SELECT job_id, pod_name, condition, reason, message, type, at"
        + " FROM events WHERE job_id = ? AND " + pod + " AND at >= ? AND at <= ? ORDER BY id");
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
    return out;
  }

  // ---------------------------------------------------------------- mapping

  private List<JobRow> jobRows(PreparedStatement s) throws SQLException {
    List<JobRow> out = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) out.add(Rows.jobRow(r));
    }
    return out;
  }
}
