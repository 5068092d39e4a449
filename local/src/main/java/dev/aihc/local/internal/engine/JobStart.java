package dev.aihc.local.internal.engine;

import dev.aihc.client.JobStatus;
import dev.aihc.dsl.ImageAuth;
import dev.aihc.dsl.Job;
import dev.aihc.local.internal.config.Home;
import dev.aihc.local.internal.logs.LogMonitor;
import dev.aihc.local.internal.replica.DatasourceMounts;
import dev.aihc.local.internal.replica.Mount;
import dev.aihc.local.internal.replica.ProcStat;
import dev.aihc.local.internal.replica.ReplicaLauncher;
import dev.aihc.local.internal.replica.ReplicaMemory;
import dev.aihc.local.internal.replica.Sandbox;
import dev.aihc.local.internal.store.Db;
import dev.aihc.local.internal.store.EventRow;
import dev.aihc.local.internal.store.JobRow;
import dev.aihc.local.internal.store.JobSpecs;
import dev.aihc.local.internal.store.JobStore;
import dev.aihc.local.internal.store.PodRow;
import java.io.IOException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Creating a job (committed before CreateJob answers) and starting its replicas. Runs on the engine loop. */
final class JobStart {
  private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Statuses whose Pending replicas launch() starts: admitted by the scheduler, or restarting after a fault. */
  private static final Set<JobStatus> LAUNCHABLE = EnumSet.of(JobStatus.SCHEDULED, JobStatus.RESTARTING);

  private final JobStore store;
  private final JobSpecs specs;
  private final Clock clock;
  private final Home home;
  private final ReplicaLauncher launcher;
  private final DatasourceMounts datasources;
  private final ReplicaMemory memory;
  private final LogMonitor monitor;
  private final Lifecycle lifecycle;

  JobStart(JobStore store, JobSpecs specs, Clock clock, Home home, ReplicaLauncher launcher, DatasourceMounts datasources,
      ReplicaMemory memory, LogMonitor monitor, Lifecycle lifecycle) {
    this.store = store;
    this.specs = specs;
    this.clock = clock;
    this.home = home;
    this.launcher = launcher;
    this.datasources = datasources;
    this.memory = memory;
    this.monitor = monitor;
    this.lifecycle = lifecycle;
  }

  /**
   * Records a new job, its Pending pods and its notes in {@code db}'s transaction; the scheduler
   * starts it once it fits. Returns its id.
   */
  String insert(Db db, Job job, String resourcePoolId, String queueId, String reason,
      List<JobNotes.Note> notes) throws SQLException {
    String jobId;
    do {
      jobId = newJobId();
    } while (!db.issue(jobId));
    long now = clock.millis();
    db.insertJob(new JobRow(jobId, job.name(), JobStatus.CREATED, reason,
        resourcePoolId, queueId, job.priority().map(p -> p.wireName()).orElse("normal"),
        job.jobType().wireName(), job.command(), job.toCompactJson(), null, now, null));
    for (int rank = 0; rank < job.replicas(); rank++) {
      boolean master = rank == 0;
      String pod = job.name() + (master ? "-master-0" : "-worker-" + (rank - 1));
      db.insertPod(new PodRow(jobId, pod, master ? "master" : "worker", rank, PodRow.PENDING, 0, null,
          "waiting to start", null, null, null, null));
    }
    db.insertEvent(EventRow.job(jobId, JobStatus.CREATED.wireName(), "Created",
        "job created with " + job.replicas() + (job.replicas() == 1 ? " replica" : " replicas")
            + " of image " + job.image() + " (recorded only: locally the command runs on this host)",
        false, now));
    for (JobNotes.Note n : notes) db.insertEvent(EventRow.job(jobId, null, n.reason(), n.message(), n.warning(), now));
    return jobId;
  }

  /**
   * Starts the Pending replicas of a job the scheduler admitted (or one restarting), each with the
   * GPUs it was handed, then records them and the job Running in one transaction; a replica that
   * cannot start fails the job. (A replica started but not yet recorded when the engine dies is found
   * again through the pid file its wrapper wrote, or its working directory.)
   */
  void launch(String jobId) throws SQLException {
    Plan plan = plan(jobId);
    if (plan == null) return;
    Spawned spawned = spawn(plan);
    record(plan, spawned);
  }

  /**
   * What launching {@code jobId} needs, read and checked before any process starts: its spec, its
   * MASTER_PORT (committed here), its mounts, pods and GPUs. Null when it does not launch: it is no
   * longer launchable (stopped or deleted meanwhile), or it failed here.
   */
  private Plan plan(String jobId) throws SQLException {
    Optional<JobRow> found = store.read(db -> db.job(jobId));
    if (found.isEmpty() || !LAUNCHABLE.contains(found.get().status())) return null; // stopped or deleted meanwhile
    JobRow job = found.get();
    Job parsed;
    try {
      parsed = specs.of(job);
    } catch (IllegalArgumentException e) {
      lifecycle.fail(jobId, "its stored spec cannot be read: " + e.getMessage()); // never left Created forever
      return null;
    }
    int port;
    try {
      port = job.masterPort() != null ? job.masterPort() : ReplicaLauncher.freePort();
    } catch (IOException e) {
      lifecycle.fail(jobId, "no free port for MASTER_PORT: " + e.getMessage());
      return null;
    }
    if (job.masterPort() == null) {
      // Committed before any replica starts: replicas an engine started just before it died, and those
      // the next engine starts, must meet on the same port.
      store.write(db -> {
        db.updateMasterPort(jobId, port);
        return null;
      });
    }
    List<Mount> mounts;
    try {
      mounts = datasources.mounts(parsed);
    } catch (IOException | IllegalArgumentException e) {
      lifecycle.fail(jobId, "cannot mount its data sources: " + e.getMessage());
      return null;
    }
    return new Plan(job, parsed, port, mounts, store.read(db -> db.pods(jobId)), store.read(db -> db.devices(jobId)));
  }

  /** A job about to launch: its row and spec, MASTER_PORT, mounts, pods in rank order and GPUs by pod. */
  private record Plan(JobRow job, Job spec, int port, List<Mount> mounts, List<PodRow> pods,
      Map<String, String> devices) {
    String jobId() {
      return job.jobId();
    }
  }

  /** Starts the plan's Pending replicas in rank order, up to the first that cannot start. */
  private Spawned spawn(Plan p) {
    String jobId = p.jobId();
    List<Started> started = new ArrayList<>();
    for (PodRow pod : p.pods()) {
      if (!pod.status().equals(PodRow.PENDING)) continue;
      long logSize = monitor.logSize(jobId, pod.podName());
      long before = clock.millis();
      try {
        List<String> sandbox = p.mounts().isEmpty() ? List.of()
            : Sandbox.command(datasources.bwrap().orElseThrow(() -> new IOException("bwrap is no longer on PATH. "
                + "Install it with: apt-get install bubblewrap")), p.mounts(), home.workDir(jobId, pod.podName()));
        Job parsed = p.spec();
        ReplicaLauncher.Spec spec = new ReplicaLauncher.Spec(jobId, p.job().name(), pod.podName(), pod.rank(),
            p.pods().size(), p.port(), p.job().command(), parsed.envs(),
            parsed.tensorboard().map(t -> t.logPath()).orElse(null),
            parsed.isFaultTolerance() ? parsed.faultToleranceArgs().flatMap(f -> f.unconditionalRetries()).orElse(0)
                : 0, p.devices().getOrDefault(pod.podName(), ""), sandbox,
            memory.prepare(jobId, pod.podName(), memoryGb(parsed)));
        Process process = launcher.start(spec);
        started.add(new Started(pod, process, ProcStat.startTicks(process.pid()).orElse(null), logSize, before));
      } catch (IOException | RuntimeException e) { // ProcessBuilder refuses some values, e.g. a NUL in an env
        return new Spawned(started, pod, "could not start: " + e.getMessage());
      }
    }
    return new Spawned(started, null, null);
  }

  /** The replicas just started and, when one could not start, that one and why (else both null). */
  private record Spawned(List<Started> started, PodRow failed, String why) {}

  /**
   * Records the started replicas and the job Running (or the replica that could not start) in one
   * transaction, then follows them; a replica that could not start fails the job.
   */
  private void record(Plan p, Spawned s) throws SQLException {
    String jobId = p.jobId();
    List<PodRow> pods = p.pods();
    long now = clock.millis();
    store.write(db -> {
      for (Started st : s.started()) {
        db.podStarted(jobId, st.pod().podName(), st.process().pid(), st.procStart(), now);
        db.insertEvent(EventRow.pod(jobId, st.pod().podName(), "Started", "started as process group "
            + st.process().pid() + " in " + home.workDir(jobId, st.pod().podName()) + " with RANK=" + st.pod().rank()
            + " WORLD_SIZE=" + pods.size() + " MASTER_PORT=" + p.port() + " CUDA_VISIBLE_DEVICES="
            + p.devices().getOrDefault(st.pod().podName(), ""), false, now));
      }
      if (s.why() != null) {
        db.podEnded(jobId, s.failed().podName(), PodRow.FAILED, null, s.why(), now);
        db.insertEvent(EventRow.pod(jobId, s.failed().podName(), "FailedToStart", s.why(), true, now));
      } else {
        String running = "all " + pods.size() + (pods.size() == 1 ? " replica is" : " replicas are") + " running";
        db.updateJobStatus(jobId, JobStatus.RUNNING, running, null);
        db.insertEvent(EventRow.job(jobId, JobStatus.RUNNING.wireName(), "Running", running, false, now));
      }
      return null;
    });
    for (Started st : s.started()) {
      Process proc = st.process();
      lifecycle.follow(jobId, st.pod().podName(), proc.pid(), proc.onExit().thenApply(Process::exitValue),
          st.logSize(), st.before());
    }
    if (s.why() != null) lifecycle.fail(jobId, s.failed().shortName() + " " + s.why());
  }

  /** The job's memory per replica in GB; 0 when it sets none. */
  static double memoryGb(Job job) {
    return job.resource("memory").map(java.math.BigDecimal::doubleValue).orElse(0.0);
  }

  /** A replica just started, not yet recorded. */
  private record Started(PodRow pod, Process process, Long procStart, long logSize, long before) {}

  /** {@code job} as the engine stores it: the image password, when there is one, as {@code ****}. */
  static Job masked(Job job) {
    return job.imageAuth().map(a -> job.imageAuth(new ImageAuth(a.username(), "****"))).orElse(job);
  }

  private static String newJobId() {
    StringBuilder s = new StringBuilder("job-");
    for (int i = 0; i < 12; i++) s.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
    return s.toString();
  }

}
