package dev.aihc.local;

import dev.aihc.local.internal.api.RoomGuard;
import dev.aihc.local.internal.engine.Backlog;
import dev.aihc.local.internal.replica.OpenFiles;
import dev.aihc.local.internal.storage.HomeSpace;
import dev.aihc.local.internal.api.JobActions;
import dev.aihc.local.internal.api.QueueActions;
import dev.aihc.local.internal.config.Home;
import dev.aihc.local.internal.core.EngineLoop;
import dev.aihc.local.internal.engine.EngineSettings;
import dev.aihc.local.internal.engine.JobChanges;
import dev.aihc.local.internal.engine.JobDeletions;
import dev.aihc.local.internal.engine.JobStart;
import dev.aihc.local.internal.engine.Recovery;
import dev.aihc.local.internal.engine.ReplicaLifecycle;
import dev.aihc.local.internal.logs.LogMonitor;
import dev.aihc.local.internal.policy.Alerts;
import dev.aihc.local.internal.policy.FaultWatch;
import dev.aihc.local.internal.policy.JobFaults;
import dev.aihc.local.internal.policy.Retention;
import dev.aihc.local.internal.policy.Tensorboards;
import dev.aihc.local.internal.replica.DatasourceMounts;
import dev.aihc.local.internal.replica.LiveReplicas;
import dev.aihc.local.internal.replica.NvidiaSmi;
import dev.aihc.local.internal.replica.Platform;
import dev.aihc.local.internal.replica.PodMetrics;
import dev.aihc.local.internal.replica.ReplicaLauncher;
import dev.aihc.local.internal.replica.ReplicaMemory;
import dev.aihc.local.internal.sched.Scheduler;
import dev.aihc.local.internal.sched.SchedulingConfig;
import dev.aihc.local.internal.store.CreateBatch;
import dev.aihc.local.internal.store.EventRow;
import dev.aihc.local.internal.store.JobSpecs;
import dev.aihc.local.internal.store.JobStore;
import dev.aihc.wire.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's parts, made and wired in this one place (the composition root): each part is handed the
 * narrow pieces it uses, none hands itself to another. Started in order ({@link #start}), closed in
 * order ({@link #close}). All job work runs on the loop, and no call made on it comes back to the part
 * that made it: the scheduler admits and JobStart starts, the lifecycle follows and ends, and a job
 * that cannot launch fails in a task of its own.
 */
final class EngineParts implements AutoCloseable {
  private final EngineLoop loop = new EngineLoop();
  private final Clock clock;
  private final Duration grace;
  private final ReplicaLauncher launcher;
  private final LiveReplicas replicas;
  private final LogMonitor monitor;
  private final Alerts alerts;
  private final Tensorboards tensorboards;
  private final PodMetrics metrics;
  private final JobStart jobStart;
  private final Scheduler scheduler;
  private final FaultWatch faultWatch;
  private final Duration watchPeriod;
  private final Retention retention;
  private final ReplicaLifecycle lifecycle;
  private final Recovery recovery;
  private final JobChanges changes;
  private final Map<String, JobActions.Action> routes = new LinkedHashMap<>();
  private final HomeSpace space;
  /** The state changes the full disk had no room for, written once there is room. */
  private final Backlog backlog;

  /**
   * @param datasources where the data sources of jobs come from
   * @param scheduling the pools and queues jobs are scheduled into
   * @param space the room on the home's file system: new work is refused and no job starts below its floor
   * @param openFiles the engine's file descriptors: likewise while they run short
   */
  EngineParts(JobStore store, Home home, EngineSettings settings, DatasourceMounts datasources,
      SchedulingConfig scheduling, HomeSpace space, OpenFiles openFiles) {
    clock = settings.clock();
    this.space = space;
    backlog = new Backlog(loop);
    grace = settings.grace();
    JobSpecs specs = new JobSpecs();
    launcher = new ReplicaLauncher(home);
    replicas = new LiveReplicas(launcher, loop, grace);
    monitor = new LogMonitor(home, settings.logCapBytes(), this::outputLost);
    ReplicaMemory memory = ReplicaMemory.detect();
    alerts = new Alerts(loop, store, clock, settings.minute(), settings.alertWebhook());
    tensorboards = new Tensorboards(loop, store, specs, clock, home, launcher, datasources,
        settings.tensorboardCommand());
    store.onCommit(events -> {
      alerts.committed(events);
      tensorboards.committed(events);
      for (EventRow e : events) {
        // a job that ended needs its parsed spec no more (read again if asked)
        if (e.podName() == null && JobStatus.fromWire(e.condition()).isTerminal()) specs.forget(e.jobId());
      }
    });
    metrics = new PodMetrics(() -> replicas.all().stream()
        .map(r -> new PodMetrics.Target(r.jobId(), r.podName(), r.pgid())).toList(),
        Platform.onPath("nvidia-smi").map(NvidiaSmi::new));
    jobStart = new JobStart(store, specs, clock, home, launcher, datasources, memory, monitor, loop, backlog);
    JobDeletions deletions = new JobDeletions(store, home, replicas, jobStart::starting, jobId -> {
      specs.forget(jobId);
      monitor.forget(jobId);
      metrics.forget(jobId);
      tensorboards.stop(jobId);
    });
    scheduler = new Scheduler(store, specs, loop, clock, replicas, scheduling, jobStart, () -> {
      HomeSpace.Reading r = space.check();
      if (r.low()) return Optional.of("waiting for room: " + space.shortage("starting a job", r));
      return openFiles.shortage(jobStart.replicasStarting()).map(why -> "waiting for file descriptors: " + why);
    });
    JobFaults faults = new JobFaults(store, specs, clock, home, replicas, jobStart::launch, settings.minute());
    faultWatch = new FaultWatch(home, faults::replicaFault);
    watchPeriod = FaultWatch.period(settings.minute());
    lifecycle = new ReplicaLifecycle(store, loop, clock, grace, specs, launcher, replicas, memory, monitor, faults,
        faultWatch, deletions, scheduler, backlog);
    jobStart.handOver(lifecycle);
    recovery = new Recovery(store, clock, home, launcher, replicas, jobStart, faults, lifecycle);
    changes = new JobChanges(store, loop, clock, specs, new CreateBatch(loop, store), jobStart, faults, scheduler,
        deletions, lifecycle);
    retention = new Retention(store, clock, replicas, changes::deleteOnLoop, settings.retention(), settings.minute());
    routes.putAll(new JobActions(changes, store, home, scheduling, datasources, metrics, tensorboards::url, clock,
        Platform.nodeName()).routes());
    routes.putAll(new QueueActions(scheduling, () -> loop.call(scheduler::views), clock.millis()).routes());
    Map<String, JobActions.Action> guarded = RoomGuard.guard(routes, space, openFiles);
    routes.clear();
    routes.putAll(guarded);
  }

  /** A gap a replica's relay left in its log (the monitor runs on the loop once the lifecycle exists). */
  private void outputLost(String jobId, String podName, long bytes, String why, long at) {
    lifecycle.outputLost(jobId, podName, bytes, why, at);
  }

  /** The actions the API serves, by name. */
  Map<String, JobActions.Action> routes() {
    return routes;
  }

  /**
   * Takes back the queues' state, settles what an earlier engine left (see {@link Recovery}), deletes
   * jobs past their retention (the engine's, or their own {@code retentionPeriod}), then schedules waiting
   * jobs and starts the log monitor, the metrics sampler, the fault watch and the periodic retention sweeps.
   */
  void start() {
    loop.call(() -> {
      for (Map.Entry<String, String> refused : scheduler.rebuild().entrySet()) {
        lifecycle.fail(refused.getKey(), refused.getValue());
      }
      recovery.run();
      tensorboards.recover();
      retention.sweep();
      scheduler.requestPass();
      return null;
    });
    loop.postEvery(retention.period(), retention::sweep);
    loop.postEvery(Duration.ofSeconds(1), () -> {
      monitor.tick(clock.millis());
      return null;
    });
    metrics.start();
    loop.postEvery(watchPeriod, () -> {
      faultWatch.tick(clock.millis());
      return null;
    });
    loop.postEvery(Duration.ofSeconds(1), () -> {
      if (!space.check().low()) backlog.retryNow();
      scheduler.roomBack();
      return null;
    });
  }

  /**
   * Stops every job that has not ended (SIGTERM, then SIGKILL after the grace period), waits for the
   * replicas to exit (bounded) so their jobs read Stopped, then stops the loop.
   */
  @Override
  public void close() {
    jobStart.close(); // the starts under way are recorded first, so they are stopped below
    List<LiveReplicas.Replica> ending;
    try {
      ending = loop.call(() -> {
        changes.stopAll("the local engine was closed");
        return replicas.all();
      });
    } catch (RuntimeException e) {
      ending = List.of();
    }
    replicas.awaitOrKill(ending, grace.plusSeconds(1));
    loop.close(); // runs the exit bookkeeping already queued
    alerts.close();
    metrics.close();
    launcher.close();
  }

  /** Stops the loop without touching any job: replicas keep running for the next engine. */
  void abandon() {
    jobStart.close();
    loop.close();
    alerts.close();
    metrics.close();
    launcher.close();
  }
}
