package dev.aihc.local.internal.policy;

import dev.aihc.wire.JobStatus;
import dev.aihc.dsl.Job;
import dev.aihc.dsl.Tensorboard;
import dev.aihc.internal.local.PrivateFiles;
import dev.aihc.local.internal.config.Home;
import dev.aihc.local.internal.core.EngineLoop;
import dev.aihc.local.internal.replica.DatasourceMounts;
import dev.aihc.local.internal.replica.Mount;
import dev.aihc.local.internal.replica.Platform;
import dev.aihc.local.internal.replica.ReplicaLauncher;
import dev.aihc.local.internal.store.Db;
import dev.aihc.local.internal.store.EventRow;
import dev.aihc.local.internal.store.JobRow;
import dev.aihc.local.internal.store.JobSpecs;
import dev.aihc.local.internal.store.JobStore;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * {@code tensorboardConfig.enable} locally: while a job runs, TensorBoard serves its log path on a free
 * loopback port, and DescribeJob shows the URL. The log path is the one replicas see; under a data
 * source's mount path it is read from the host directory behind it. Without a TensorBoard command the
 * job runs anyway and an event says so. TensorBoard runs as its own process group, working in the job's
 * directory and recorded in {@code <jobDir>/tensorboard} ({@code pid url}), so a restarted engine finds
 * it again. Starts and stops follow the committed job events; runs on the loop.
 */
public final class Tensorboards {

  private final EngineLoop loop;
  private final JobStore store;
  private final JobSpecs specs;
  private final Clock clock;
  private final Home home;
  private final ReplicaLauncher launcher;
  private final DatasourceMounts datasources;
  private final String command;
  /** The URL of each job's TensorBoard, by job id; read by DescribeJob on HTTP threads. */
  private final Map<String, String> urls = new ConcurrentHashMap<>();
  private final Map<String, ProcessHandle> leaders = new ConcurrentHashMap<>();

  public Tensorboards(EngineLoop loop, JobStore store, JobSpecs specs, Clock clock, Home home, ReplicaLauncher launcher,
      DatasourceMounts datasources, String command) {
    this.loop = loop;
    this.store = store;
    this.specs = specs;
    this.clock = clock;
    this.home = home;
    this.launcher = launcher;
    this.datasources = datasources;
    this.command = command;
  }

  /** The URL TensorBoard serves the job on, while it runs. */
  public Optional<String> url(String jobId) {
    return Optional.ofNullable(urls.get(jobId));
  }

  /** Starts TensorBoard when a job reaches Running, stops it when the job ends (see {@link JobStore#onCommit}). */
  public void committed(List<EventRow> events) {
    for (EventRow e : events) {
      if (e.podName() != null || e.condition() == null) continue;
      if (e.condition().equals(JobStatus.RUNNING.wireName())) {
        loop.post(() -> {
          start(e.jobId());
          return null;
        });
      } else if (JobStatus.fromWire(e.condition()).isTerminal()) {
        loop.post(() -> {
          stop(e.jobId());
          return null;
        });
      }
    }
  }

  private void start(String jobId) throws SQLException {
    Optional<JobRow> row = store.read(db -> db.job(jobId));
    if (row.isEmpty() || row.get().status() != JobStatus.RUNNING || urls.containsKey(jobId)) return;
    Job job;
    try {
      job = specs.of(row.get());
    } catch (IllegalArgumentException e) {
      return; // never Running: its launch failed it
    }
    Optional<Tensorboard> tb = job.tensorboard().filter(Tensorboard::enable);
    if (tb.isEmpty()) return;
    Optional<Path> executable = command.contains("/") ? Optional.of(Path.of(command)).filter(Files::isExecutable)
        : Platform.onPath(command);
    if (executable.isEmpty()) {
      event(jobId, "TensorboardUnavailable", "tensorboardConfig.enable is set but there is no '" + command
          + "' command on this host (TensorBoard is not installed), so the job runs without it. Its replicas still "
          + "get AIHC_TENSORBOARD_LOG_PATH=" + tb.get().logPath(), true);
      return;
    }
    Path logDir;
    int port;
    Process p;
    try {
      logDir = hostPath(job, tb.get().logPath());
      port = ReplicaLauncher.freePort();
      PrivateFiles.file(home.jobDir(jobId).resolve("tensorboard.log"));
      p = new ProcessBuilder("setsid", executable.get().toString(), "--logdir", logDir.toString(), "--host",
          "127.0.0.1", "--port", Integer.toString(port))
          .directory(home.jobDir(jobId).toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(home.jobDir(jobId).resolve("tensorboard.log").toFile()))
          .start();
    } catch (IOException | IllegalArgumentException e) {
      event(jobId, "TensorboardFailed", "cannot start TensorBoard: " + e.getMessage(), true);
      return;
    }
    String url = "http://127.0.0.1:" + port + "/";
    try {
      Files.writeString(PrivateFiles.file(record(jobId)), p.pid() + " " + url + "\n", StandardCharsets.US_ASCII);
    } catch (IOException e) {
      // only recovery after a crash needs it: that TensorBoard would then be left to the next job end
    }
    urls.put(jobId, url);
    leaders.put(jobId, p.toHandle());
    event(jobId, "TensorboardStarted", "TensorBoard serves " + tb.get().logPath() + " (" + logDir + " on this host) at "
        + url, false);
  }

  /** Where the replicas' {@code logPath} is on this host: behind a data source when it is under a mount path. */
  private Path hostPath(Job job, String logPath) throws IOException {
    Path wanted = Path.of(logPath).normalize();
    for (Mount m : datasources.mounts(job)) {
      if (wanted.startsWith(m.mountPath())) return m.source().resolve(m.mountPath().relativize(wanted));
    }
    return wanted;
  }

  /** Stops a job's TensorBoard, if it runs one. */
  public void stop(String jobId) {
    urls.remove(jobId);
    ProcessHandle leader = leaders.remove(jobId);
    if (leader != null) launcher.signalGroupOf(leader, "TERM"); // it may have left the job directory
    try {
      Files.deleteIfExists(record(jobId));
    } catch (IOException e) {
      // the directory may be gone with a deleted job
    }
  }

  /** After a restart: follows the TensorBoards of jobs still running again, and stops those of jobs that ended. */
  public void recover() throws SQLException {
    Set<String> active = new java.util.HashSet<>();
    for (JobRow j : store.read(Db::activeJobs)) active.add(j.jobId());
    if (!Files.isDirectory(home.jobs())) return;
    List<Path> records;
    try (Stream<Path> dirs = Files.list(home.jobs())) {
      records = dirs.map(d -> d.resolve("tensorboard")).filter(Files::exists).toList();
    } catch (IOException e) {
      return;
    }
    for (Path rec : records) {
      String jobId = rec.getParent().getFileName().toString();
      try {
        String[] f = Files.readString(rec, StandardCharsets.US_ASCII).trim().split(" ");
        long pid = Long.parseLong(f[0]);
        Optional<ProcessHandle> leader = ProcessHandle.of(pid)
            .filter(h -> launcher.isRunningIn(pid, home.jobDir(jobId)));
        if (leader.isPresent() && active.contains(jobId)) {
          urls.put(jobId, f[1]);
          leaders.put(jobId, leader.get());
          continue;
        }
        leader.ifPresent(h -> launcher.signalGroupOf(h, "TERM"));
        Files.deleteIfExists(rec);
      } catch (IOException | RuntimeException e) {
        // an unreadable record: nothing to follow
      }
    }
  }

  private Path record(String jobId) {
    return home.jobDir(jobId).resolve("tensorboard");
  }

  private void event(String jobId, String reason, String message, boolean warning) throws SQLException {
    long now = clock.millis();
    store.write(db -> {
      if (db.job(jobId).isPresent()) db.insertEvent(EventRow.job(jobId, null, reason, message, warning, now));
      return null;
    });
  }
}
