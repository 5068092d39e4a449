package dev.aihc.local.internal.engine;

import dev.aihc.internal.local.LocalHome;
import dev.aihc.local.internal.core.EngineLoop;
import dev.aihc.wire.JobStatus;
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
import dev.aihc.local.internal.sched.Scheduler;
import dev.aihc.local.internal.storage.HomeSpace;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Creating a job (committed before CreateJob answers) and starting its replicas, once the scheduler
 * admits it. Runs on the engine loop, but for the process starts themselves: a start costs a fork and
 * several execs (milliseconds here), so replicas start on spawner threads, several at once, while the
 * loop goes on.
 */
public final class JobStart implements Scheduler.Admissions, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(JobStart.class.getName());
  /** Threads that start replicas: starts are mostly the kernel's work, so about one per core. */
  private static final int SPAWNERS = Math.min(8, Math.max(2, Runtime.getRuntime().availableProcessors()));
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
  /** Follows what this starts; set once by the composition root (see {@link #handOver}). */
  private Lifecycle lifecycle;
  private final EngineLoop loop;
  /** Where a launch's record waits when the disk is full. */
  private final Backlog backlog;
  /** The replicas handed to a spawner and not yet started (or failed): each takes a few descriptors meanwhile. */
  private final java.util.concurrent.atomic.AtomicInteger replicasStarting = new java.util.concurrent.atomic.AtomicInteger();
  private final ExecutorService spawner = Executors.newFixedThreadPool(SPAWNERS, EngineLoop.daemon("aihc-local-spawn"));
  /** Jobs whose replicas are being started (loop only). */
  private final Set<String> starting = new HashSet<>();
  /** Launches whose starts have ended, waiting for {@link #recordAll}. */
  private final ConcurrentLinkedQueue<Spawned> spawned = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean recordPosted = new AtomicBoolean();

  public JobStart(JobStore store, JobSpecs specs, Clock clock, Home home, ReplicaLauncher launcher,
      DatasourceMounts datasources, ReplicaMemory memory, LogMonitor monitor, EngineLoop loop, Backlog backlog) {
    this.store = store;
    this.backlog = backlog;
    this.specs = specs;
    this.clock = clock;
    this.home = home;
    this.launcher = launcher;
    this.datasources = datasources;
    this.memory = memory;
    this.monitor = monitor;
    this.loop = loop;
  }

  /**
   * Hands the replicas this starts to {@code lifecycle}, which follows them. Set once, before the engine
   * starts: the lifecycle in turn restarts jobs through this (a fault's restart), the one circle of the
   * engine's parts, which the composition root closes here.
   */
  public void handOver(ReplicaLifecycle lifecycle) {
    if (this.lifecycle != null) throw new IllegalStateException("JobStart hands its replicas to one lifecycle");
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
      String pod = LocalHome.podName(job.name(), rank);
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

  /** How many replicas are being started now (handed to a spawner, not yet started or failed). */
  public int replicasStarting() {
    return replicasStarting.get();
  }

  /**
   * Starts the Pending replicas of a job the scheduler admitted (or one restarting), each with the
   * GPUs it was handed: read and checked here on the loop ({@link #plan}), started off it, all at once
   * ({@link #spawn}), then recorded with the job Running back on the loop, in one transaction with the
   * other launches that ended meanwhile ({@link #recordAll}). A replica that cannot start fails the
   * job. (A replica started but not yet recorded when the engine dies is found again through the pid
   * file its wrapper wrote, or its working directory.) Asked again while it starts, nothing happens.
   */
  @Override
  public void launch(String jobId) throws SQLException {
    if (starting.contains(jobId)) return;
    Plan plan = plan(jobId);
    if (plan == null) return;
    List<PodRow> pending = plan.pods().stream().filter(pod -> pod.status().equals(PodRow.PENDING)).toList();
    List<CompletableFuture<Attempt>> attempts = new ArrayList<>();
    try {
      for (PodRow pod : pending) attempts.add(CompletableFuture.supplyAsync(() -> spawn(plan, pod), spawner));
    } catch (RejectedExecutionException e) {
      // closing: those handed over are recorded (and then stopped), the rest start with the next engine (Recovery)
    }
    if (attempts.isEmpty()) return;
    starting.add(jobId);
    int replicas = attempts.size();
    replicasStarting.addAndGet(replicas);
    boolean all = attempts.size() == pending.size();
    CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new)).thenRun(() -> {
      replicasStarting.addAndGet(-replicas);
      spawned.add(new Spawned(plan, attempts.stream().map(CompletableFuture::join).toList(), all));
      if (recordPosted.compareAndSet(false, true)) loop.post(this::recordAll);
    });
  }

  /**
   * Gives a job being admitted its MASTER_PORT in the admission's transaction, which commits before any of
   * its replicas starts (as {@link #plan} requires) and saves the launch a commit of its own. A job that
   * has one keeps it; when no port is free now, {@link #plan} tries again and fails the job.
   */
  @Override
  public void admitting(Db db, JobRow job) throws SQLException {
    if (job.masterPort() != null) return;
    try {
      db.updateMasterPort(job.jobId(), ReplicaLauncher.freePort());
    } catch (IOException e) {
      // plan() reads no port and looks for one itself
    }
  }

  /** Whether the replicas of {@code jobId} are being started right now, not yet recorded. */
  public boolean starting(String jobId) {
    return starting.contains(jobId);
  }

  /**
   * What launching {@code jobId} needs, read and checked before any process starts: its spec, its
   * MASTER_PORT (committed here), its mounts, pods and GPUs. Null when it does not launch: it is no
   * longer launchable (stopped or deleted meanwhile), or it failed here.
   */
  private Plan plan(String jobId) throws SQLException {
    Stored stored = store.read(db -> {
      Optional<JobRow> row = db.job(jobId);
      return row.isEmpty() ? null : new Stored(row.get(), db.pods(jobId), db.devices(jobId));
    });
    if (stored == null || !LAUNCHABLE.contains(stored.job().status())) return null; // stopped or deleted meanwhile
    JobRow job = stored.job();
    Job parsed;
    try {
      parsed = specs.of(job);
    } catch (IllegalArgumentException e) {
      failLater(jobId, "its stored spec cannot be read: " + e.getMessage()); // never left Created forever
      return null;
    }
    int port;
    try {
      port = job.masterPort() != null ? job.masterPort() : ReplicaLauncher.freePort();
    } catch (IOException e) {
      failLater(jobId, "no free port for MASTER_PORT: " + e.getMessage());
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
      failLater(jobId, "cannot mount its data sources: " + e.getMessage());
      return null;
    }
    // pods and GPUs as read with the job: only the loop, which runs this, changes them before a launch
    return new Plan(job, parsed, port, mounts, stored.pods(), stored.devices());
  }

  /**
   * Fails a job that cannot launch, in a task of its own on the loop: a launch is asked for by the
   * scheduler's pass or a fault's restart, which failing the job at once would call back into while they
   * run. A job stopped or deleted meanwhile is left as it is.
   */
  private void failLater(String jobId, String reason) {
    loop.post(() -> {
      Optional<JobRow> job = store.read(db -> db.job(jobId));
      if (job.isPresent() && LAUNCHABLE.contains(job.get().status())) lifecycle.fail(jobId, reason);
      return null;
    });
  }

  /** A job's row, its pods in rank order and its GPUs by pod, read in one transaction. */
  private record Stored(JobRow job, List<PodRow> pods, Map<String, String> devices) {}

  /** A job about to launch: its row and spec, MASTER_PORT, mounts, pods in rank order and GPUs by pod. */
  private record Plan(JobRow job, Job spec, int port, List<Mount> mounts, List<PodRow> pods,
      Map<String, String> devices) {
    String jobId() {
      return job.jobId();
    }
  }

  /** Starts one replica (on a spawner thread); what became of it. */
  private Attempt spawn(Plan p, PodRow pod) {
    String jobId = p.jobId();
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
      return new Attempt(pod, process, ProcStat.startTicks(process.pid()).orElse(null), logSize, before, null);
    } catch (IOException | RuntimeException e) { // ProcessBuilder refuses some values, e.g. a NUL in an env
      return new Attempt(pod, null, null, logSize, before, "could not start: " + e.getMessage());
    }
  }

  /** One replica's start: its process, or why it could not start. */
  private record Attempt(PodRow pod, Process process, Long procStart, long logSize, long before, String why) {}

  /**
   * A job's replicas just started (or not), in rank order, waiting to be recorded; {@code all} is false
   * when the engine closed before every Pending replica was handed to a spawner.
   */
  private record Spawned(Plan plan, List<Attempt> attempts, boolean all) {
    String jobId() {
      return plan.jobId();
    }

    Optional<Attempt> failed() {
      return attempts.stream().filter(a -> a.why() != null).findFirst();
    }
  }

  /**
   * Records the launches that ended since the last call in one transaction: each job Running with its
   * replicas, or the replicas that could not start (which fails the job). A job stopped, failed or
   * deleted while its replicas started is left as it is, and what did start is ended (see
   * {@link Lifecycle#endLateStarts}). Every replica started is followed first, so that its end is seen
   * whatever becomes of the record; a record the full disk has no room for waits in the {@link Backlog},
   * ahead of those ends.
   */
  private Object recordAll() throws SQLException {
    recordPosted.set(false); // a launch that ends from now on posts another call
    List<Spawned> batch = new ArrayList<>();
    for (Spawned s; (s = spawned.poll()) != null; ) batch.add(s);
    if (batch.isEmpty()) return null;
    long now = clock.millis();
    for (Spawned s : batch) {
      starting.remove(s.jobId());
      for (Attempt a : s.attempts()) {
        if (a.process() == null) continue;
        Process proc = a.process();
        lifecycle.follow(s.jobId(), a.pod().podName(), proc.pid(), proc.onExit().thenApply(Process::exitValue),
            a.logSize(), a.before());
      }
    }
    backlog.write("the start of " + batch.size() + (batch.size() == 1 ? " job" : " jobs"), () -> {
      List<Spawned> late = new ArrayList<>();
      try {
        late.addAll(store.write(db -> {
          List<Spawned> notLaunchable = new ArrayList<>();
          for (Spawned s : batch) {
            if (!record(db, s, now)) notLaunchable.add(s);
          }
          return notLaunchable;
        }));
      } catch (SQLException | RuntimeException e) {
        if (HomeSpace.isOutOfSpace(e)) throw e; // kept by the backlog, written once there is room
        LOG.log(System.Logger.Level.ERROR, "cannot record the start of " + batch.size() + " jobs", e);
      }
      for (Spawned s : batch) {
        if (late.contains(s)) {
          lifecycle.endLateStarts(s.jobId());
        } else {
          Optional<Attempt> failed = s.failed();
          if (failed.isPresent()) lifecycle.fail(s.jobId(), failed.get().pod().shortName() + " " + failed.get().why());
        }
      }
    });
    return null;
  }

  /**
   * Records one job's launch in {@code db}'s transaction; false (and nothing written) when the job was
   * stopped, failed or deleted while its replicas started.
   */
  private boolean record(Db db, Spawned s, long now) throws SQLException {
    String jobId = s.jobId();
    Optional<JobRow> job = db.job(jobId);
    if (job.isEmpty() || !LAUNCHABLE.contains(job.get().status())) return false;
    Plan p = s.plan();
    for (Attempt a : s.attempts()) {
      String pod = a.pod().podName();
      if (a.why() != null) {
        db.podEnded(jobId, pod, PodRow.FAILED, null, a.why(), now);
        db.insertEvent(EventRow.pod(jobId, pod, "FailedToStart", a.why(), true, now));
        continue;
      }
      db.podStarted(jobId, pod, a.process().pid(), a.procStart(), now);
      db.insertEvent(EventRow.pod(jobId, pod, "Started", "started as process group " + a.process().pid() + " in "
          + home.workDir(jobId, pod) + " with RANK=" + a.pod().rank() + " WORLD_SIZE=" + p.pods().size()
          + " MASTER_PORT=" + p.port() + " CUDA_VISIBLE_DEVICES=" + p.devices().getOrDefault(pod, ""), false, now));
    }
    if (s.failed().isEmpty() && s.all()) {
      int n = p.pods().size();
      String running = "all " + n + (n == 1 ? " replica is" : " replicas are") + " running";
      db.updateJobStatus(jobId, JobStatus.RUNNING, running, null);
      db.insertEvent(EventRow.job(jobId, JobStatus.RUNNING.wireName(), "Running", running, false, now));
    }
    return true;
  }

  /**
   * Stops starting replicas: waits (bounded) for the starts under way, whose records are then queued
   * on the loop ahead of whatever is asked of it next.
   */
  @Override
  public void close() {
    spawner.shutdown();
    try {
      if (!spawner.awaitTermination(30, TimeUnit.SECONDS)) spawner.shutdownNow();
    } catch (InterruptedException e) {
      spawner.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** The job's memory per replica in GB; 0 when it sets none. */
  static double memoryGb(Job job) {
    return job.resource("memory").map(java.math.BigDecimal::doubleValue).orElse(0.0);
  }

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
