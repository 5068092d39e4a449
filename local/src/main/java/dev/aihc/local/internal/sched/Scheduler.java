package dev.aihc.local.internal.sched;

import dev.aihc.wire.JobStatus;
import dev.aihc.dsl.Job;
import dev.aihc.local.internal.core.EngineLoop;
import dev.aihc.local.internal.replica.LiveReplicas;
import dev.aihc.local.internal.storage.HomeSpace;
import dev.aihc.local.internal.store.Db;
import dev.aihc.local.internal.store.EventRow;
import dev.aihc.local.internal.store.JobRow;
import dev.aihc.local.internal.store.JobSpecs;
import dev.aihc.local.internal.store.JobStore;
import dev.aihc.local.internal.store.PodRow;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gang scheduling into the queues of a {@link SchedulingConfig}, on the engine loop. A job starts only
 * when all its replicas fit its queue at once; waiting jobs are tried in order (priority high, normal,
 * low, then submission) and one that does not fit is passed over, so smaller jobs behind it may start
 * (AIHC's {@code BestEffortFIFO}). A waiting job stays Created and says what it waits for; an
 * admitted one is recorded Scheduled, with the GPU ids of each replica, before its replicas start,
 * and holds its share until its last replica has ended (across restarts).
 */
public final class Scheduler {
  /** What the scheduler has done to a job it admitted, or to one it cannot place. */
  public interface Admissions {
    /** Writes, in the admission's own transaction, what launching {@code job} needs committed first. */
    void admitting(Db db, JobRow job) throws SQLException;

    /** Starts the Pending replicas of a job just admitted. */
    void launch(String jobId) throws SQLException;
  }

  private final JobStore store;
  private final JobSpecs specs;
  private final EngineLoop loop;
  private final Clock clock;
  private final LiveReplicas replicas;
  private final Admissions admissions;
  private final SchedulingConfig config;
  private final Map<String, QueueState> queues = new LinkedHashMap<>();
  private final Map<String, QueueState> byJob = new HashMap<>();
  private final Gate gate;
  private boolean passPosted;
  /** Whether a pass left a job that fits waiting because the gate was closed (or its admission had no room). */
  private boolean heldForRoom;
  private long seq;

  /**
   * What may keep a job that fits its queue from starting now: the machine, not the queue (the home's file
   * system below its floor, the engine short of file descriptors).
   */
  @FunctionalInterface
  public interface Gate {
    /** Why no job may start now, said as a waiting job's reason; empty when they may. */
    Optional<String> closed();
  }

  /** @param gate what may keep jobs that fit from starting (see {@link Gate}) */
  public Scheduler(JobStore store, JobSpecs specs, EngineLoop loop, Clock clock, LiveReplicas replicas, SchedulingConfig config,
      Admissions admissions, Gate gate) {
    this.store = store;
    this.gate = gate;
    this.specs = specs;
    this.loop = loop;
    this.clock = clock;
    this.replicas = replicas;
    this.admissions = admissions;
    this.config = config;
    for (PoolSpec p : config.pools()) {
      for (QueueSpec q : p.queues()) queues.put(key(q), new QueueState(q));
    }
  }

  private static String key(QueueSpec q) {
    return q.poolId() + "/" + q.name();
  }

  public SchedulingConfig config() {
    return config;
  }

  /**
   * Takes back what an earlier engine admitted (with the GPU ids it recorded) and queues the jobs
   * that were waiting, in their order. Runs at start, before the engine recovers the replicas it finds.
   *
   * @return the waiting jobs it cannot take back, with why (their spec cannot be read, or their queue is no
   *     longer in the config), for the engine to fail
   */
  public Map<String, String> rebuild() throws SQLException {
    Map<String, String> refused = new LinkedHashMap<>();
    for (JobRow j : store.read(Db::activeJobs)) {
      Optional<QueueSpec> spec = config.queueOf(j.resourcePoolId(), j.queueId());
      Job job;
      try {
        job = specs.of(j);
      } catch (IllegalArgumentException e) {
        if (j.status() == JobStatus.CREATED) refused.put(j.jobId(), "its stored spec cannot be read: " + e.getMessage());
        continue;
      }
      if (spec.isEmpty()) {
        if (j.status() == JobStatus.CREATED) {
          refused.put(j.jobId(), "its queue " + j.queueId() + " of pool " + j.resourcePoolId() + " is no longer in the "
              + "engine's config (" + config.source() + ")");
        }
        continue; // an admitted job of a vanished queue runs on, counted nowhere
      }
      QueueState q = queues.get(key(spec.get()));
      Demand d = Demand.of(job, spec.get());
      if (j.status() == JobStatus.CREATED) {
        q.addWaiting(new QueueState.Waiting(j.jobId(), j.priority(), j.createdAt(), seq++, d, j.reason()));
      } else {
        q.hold(j.jobId(), d, store.read(db -> db.devices(j.jobId())));
      }
      byJob.put(j.jobId(), q);
    }
    return refused;
  }

  /** A job just committed as Created joins the jobs waiting in {@code queue}. */
  public void submitted(String jobId, String priority, String reason, Demand demand, QueueSpec queue) {
    QueueState q = queues.get(key(queue));
    q.addWaiting(new QueueState.Waiting(jobId, priority, clock.millis(), seq++, demand, reason));
    byJob.put(jobId, q);
    requestPass();
  }

  /** Runs a scheduling pass soon; passes asked for meanwhile are one pass. */
  public void requestPass() {
    if (passPosted) return;
    passPosted = true;
    loop.post(() -> {
      passPosted = false;
      pass();
      return null;
    });
  }

  /**
   * Starts every waiting job that fits, in order; records what the others wait for when that changed. While the
   * {@link Gate} is closed (the home's file system below its floor, the engine short of descriptors) no job
   * starts: a job that fits waits, says why, and the pass is run again later ({@link #roomBack}).
   */
  void pass() throws SQLException {
    Map<String, String> waitingFor = new LinkedHashMap<>();
    Optional<String> closed = null;
    heldForRoom = false;
    passes:
    for (QueueState q : queues.values()) {
      if (q.spec().isPaused() || q.waitingCount() == 0) continue;
      for (QueueState.Waiting w : q.ordered()) {
        String message;
        if (q.fits(w.demand)) {
          // asked again for each job while it is open: each start takes descriptors (and room) the next must see
          if (closed == null || closed.isEmpty()) closed = gate.closed();
          if (closed.isEmpty()) {
            try {
              admit(q, w);
            } catch (SQLException | RuntimeException e) {
              if (!HomeSpace.isOutOfSpace(e)) throw e;
              heldForRoom = true; // admit() put it back in line
              break passes;
            }
            continue;
          }
          heldForRoom = true;
          message = closed.get();
        } else {
          message = "waiting in queue " + q.spec().name() + ": " + String.join("; ", q.shortfalls(w.demand));
        }
        if (!message.equals(w.message)) {
          w.message = message;
          waitingFor.put(w.jobId, message);
        }
      }
    }
    if (waitingFor.isEmpty()) return;
    long now = clock.millis();
    try {
      store.write(db -> {
        for (Map.Entry<String, String> e : waitingFor.entrySet()) {
          Optional<JobRow> job = db.job(e.getKey());
          if (job.isEmpty() || job.get().status() != JobStatus.CREATED) continue;
          db.updateJobStatus(e.getKey(), JobStatus.CREATED, e.getValue(), null);
          db.insertEvent(EventRow.job(e.getKey(), null, "Waiting", e.getValue(), false, now));
        }
        return null;
      });
    } catch (SQLException | RuntimeException e) {
      if (!HomeSpace.isOutOfSpace(e)) throw e;
      // what they wait for is said again by a later pass, once it can be written
      for (QueueState q : queues.values()) {
        for (QueueState.Waiting w : q.ordered()) if (waitingFor.containsKey(w.jobId)) w.message = null;
      }
      heldForRoom = true;
    }
  }

  /** Runs a pass again if the last one held jobs at a closed {@link Gate}, which may be open now. */
  public void roomBack() {
    if (heldForRoom) requestPass();
  }

  /** Reserves the job's share, records it Scheduled with each replica's GPUs, then starts its replicas. */
  private void admit(QueueState q, QueueState.Waiting w) throws SQLException {
    q.removeWaiting(w.jobId);
    String reason = "scheduled in queue " + q.spec().name() + ": holds " + w.demand.describe();
    boolean admitted;
    try {
      // one transaction: the job is still Created, its pods get their GPUs, it is Scheduled
      admitted = store.write(db -> {
        Optional<JobRow> job = db.job(w.jobId);
        if (job.isEmpty() || job.get().status() != JobStatus.CREATED) return false;
        List<String> pods = db.pods(w.jobId).stream().map(PodRow::podName).toList();
        QueueState.Holding h = q.allocate(w.jobId, w.demand, pods);
        for (Map.Entry<String, String> e : h.devicesByPod().entrySet()) db.setDevices(w.jobId, e.getKey(), e.getValue());
        db.updateJobStatus(w.jobId, JobStatus.SCHEDULED, reason, null);
        admissions.admitting(db, job.get());
        return true;
      });
    } catch (SQLException | RuntimeException e) {
      q.release(w.jobId); // what the rolled-back transaction allocated, if it got that far
      q.addWaiting(w); // still Created, as the rolled-back transaction left it: it waits on
      throw e;
    }
    if (!admitted) {
      q.release(w.jobId);
      byJob.remove(w.jobId);
      return;
    }
    admissions.launch(w.jobId);
  }

  /**
   * Gives a waiting job its new priority.
   *
   * @return its place afterwards, such as {@code 1st of 3 waiting in queue default}; empty when it is not waiting
   */
  public Optional<String> reprioritize(String jobId, String priority) {
    QueueState q = byJob.get(jobId);
    Optional<QueueState.Waiting> w = q == null ? Optional.empty() : q.waiting(jobId);
    if (w.isEmpty()) return Optional.empty();
    w.get().rank = QueueState.Waiting.rank(priority);
    List<QueueState.Waiting> order = q.ordered();
    int place = order.indexOf(w.get()) + 1;
    requestPass();
    return Optional.of(ordinal(place) + " of " + order.size() + " waiting in queue " + q.spec().name());
  }

  private static String ordinal(int n) {
    String suffix = (n % 100 >= 11 && n % 100 <= 13) ? "th" : switch (n % 10) {
      case 1 -> "st";
      case 2 -> "nd";
      case 3 -> "rd";
      default -> "th";
    };
    return n + suffix;
  }

  /**
   * Called when a job may be done with its queue (a replica ended; it was stopped, failed or
   * deleted): a job that ended leaves the waiting line, and gives its share back once its last
   * replica has ended.
   */
  public void settle(String jobId) throws SQLException {
    QueueState q = byJob.get(jobId);
    if (q == null) return;
    Optional<JobRow> job = store.read(db -> db.job(jobId));
    if (job.isPresent() && !job.get().status().isTerminal()) return;
    if (q.removeWaiting(jobId).isEmpty() && replicas.anyOf(jobId)) return;
    q.release(jobId);
    byJob.remove(jobId);
    requestPass();
  }

  /** What each queue holds and uses now, for DescribeQueues. */
  public List<QueueView> views() {
    List<QueueView> out = new ArrayList<>();
    for (QueueState q : queues.values()) {
      Map<String, BigDecimal> used = new LinkedHashMap<>();
      used.put(QueueSpec.CPU, q.used(QueueSpec.CPU));
      used.put(QueueSpec.MEMORY, q.used(QueueSpec.MEMORY));
      for (String d : q.spec().descriptors()) used.put(d, q.used(d));
      out.add(new QueueView(q.spec(), used, q.holdingCount(), q.waitingCount()));
    }
    return out;
  }

  /**
   * One queue now.
   *
   * @param spec what it holds in all
   * @param used what admitted jobs hold, by resource (cpu, memory, each descriptor)
   * @param running jobs holding a share (scheduled, running, restarting or stopping)
   * @param pending jobs waiting
   */
  public record QueueView(QueueSpec spec, Map<String, BigDecimal> used, int running, int pending) {}
}
