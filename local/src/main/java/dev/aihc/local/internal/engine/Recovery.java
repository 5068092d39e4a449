package dev.aihc.local.internal.engine;

import dev.aihc.wire.JobStatus;
import dev.aihc.local.internal.config.Home;
import dev.aihc.local.internal.logs.LogIndex;
import dev.aihc.local.internal.policy.JobFaults;
import dev.aihc.local.internal.replica.LiveReplicas;
import dev.aihc.local.internal.replica.ProcStat;
import dev.aihc.local.internal.replica.ReplicaLauncher;
import dev.aihc.local.internal.sched.Scheduler;
import dev.aihc.local.internal.store.Db;
import dev.aihc.local.internal.store.EventRow;
import dev.aihc.local.internal.store.JobRow;
import dev.aihc.local.internal.store.JobStore;
import dev.aihc.local.internal.store.PodRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * What a starting engine does with the jobs an earlier one left unfinished (it was killed, or the
 * machine went down). A replica whose process still runs (same pid, same start time, in its working
 * directory) is adopted and followed again; one that ended meanwhile is recorded with the exit code
 * its wrapper wrote (a fault may restart its job), or, when it left none (killed with its wrapper, or
 * the machine rebooted), as Failed: "lost while the engine was down". A Scheduled job starts its
 * replicas, a Restarting one starts them again once none runs; a Stopping job finishes stopping;
 * Created jobs wait in their queues (see {@link Scheduler#rebuild}). So no job stays Running without a
 * process behind it. Directories of jobs that have no record (a delete that was cut short) are removed
 * after their processes are killed. Runs on the loop.
 */
public final class Recovery {
  /** Why a replica that ended while no engine watched, leaving no exit code, failed. */
  static final String LOST = "lost while the engine was down";

  private final JobStore store;
  private final Clock clock;
  private final Home home;
  private final ReplicaLauncher launcher;
  private final LiveReplicas replicas;
  private final JobStart jobStart;
  private final JobFaults faults;
  private final Lifecycle lifecycle;

  public Recovery(JobStore store, Clock clock, Home home, ReplicaLauncher launcher, LiveReplicas replicas, JobStart jobStart,
      JobFaults faults, Lifecycle lifecycle) {
    this.store = store;
    this.clock = clock;
    this.home = home;
    this.launcher = launcher;
    this.replicas = replicas;
    this.jobStart = jobStart;
    this.faults = faults;
    this.lifecycle = lifecycle;
  }

  public void run() throws SQLException, IOException {
    for (JobRow job : store.read(Db::activeJobs)) {
      List<PodRow> ended = new java.util.ArrayList<>();
      for (PodRow pod : store.read(db -> db.pods(job.jobId()))) {
        if (!pod.isTerminal() && !recoverPod(pod)) ended.add(pod);
      }
      // Only now that every replica still running is followed: the end of one that failed meanwhile
      // (a failed job, a restart) must reach all the others, not just those re-attached before it.
      for (PodRow pod : ended) {
        java.util.Optional<Integer> code = launcher.recordedExitCode(pod.jobId(), pod.podName());
        lifecycle.onEnd(pod.jobId(), pod.podName(), code.orElse(null), code.map(ReplicaLauncher::describeExit).orElse(LOST));
      }
      JobRow now = store.read(db -> db.job(job.jobId())).orElse(null);
      if (now == null) continue;
      // A Created job waits in its queue again (the scheduler took it back before this ran).
      if (now.status() == JobStatus.SCHEDULED) {
        jobStart.launch(now.jobId()); // admitted, with its share held again, but not all of it started
      } else if (now.status() == JobStatus.RESTARTING) {
        faults.relaunchIfRestarting(now.jobId()); // its replicas ended while no engine ran
      } else if (now.status() == JobStatus.STOPPING && !replicas.anyOf(now.jobId())) {
        // stopping was cut short before every replica had started
        store.write(db -> {
          for (PodRow p : db.pods(now.jobId())) {
            if (!p.isTerminal()) {
              db.podEnded(now.jobId(), p.podName(), PodRow.FAILED, null, "not started: " + now.reason(), clock.millis());
            }
          }
          db.updateJobStatus(now.jobId(), JobStatus.STOPPED, now.reason(), clock.millis());
          db.insertEvent(EventRow.job(now.jobId(), JobStatus.STOPPED.wireName(), "Stopped", now.reason(), false,
              clock.millis()));
          return null;
        });
      } else if (now.status() == JobStatus.STOPPING) {
        lifecycle.stopOnLoop(now.jobId(), now.reason()); // no-op for the status; re-sends SIGTERM
      }
    }
    removeOrphanDirectories();
  }

  /** Follows the replica again when it still runs; false when it ended while no engine ran. */
  private boolean recoverPod(PodRow pod) throws SQLException, IOException {
    Long pid = pod.pid() != null ? pod.pid()
        : launcher.recordedPid(pod.jobId(), pod.podName()) // started, but not yet recorded
            .or(() -> launcher.findUnrecorded(pod.jobId(), pod.podName()).map(ProcessHandle::pid)) // nor its pid file
            .orElse(null);
    if (pid == null) return true; // never started: launch() starts it
    // Only a pid from the database comes with the start time recorded next to it.
    Long procStart = pod.pid() != null ? pod.procStart() : null;
    Optional<ProcessHandle> running = launcher.findRunning(pid, procStart, pod.jobId(), pod.podName());
    if (running.isPresent()) {
      long now = clock.millis();
      store.write(db -> {
        if (pod.pid() == null) {
          db.podStarted(pod.jobId(), pod.podName(), pid, ProcStat.startTicks(pid).orElse(null), now);
        }
        db.insertEvent(EventRow.pod(pod.jobId(), pod.podName(), "Reattached", "the engine restarted and found "
            + "process group " + pid + " still running; following it again", false, now));
        return null;
      });
      CompletableFuture<Integer> code = running.get().onExit()
          .thenApply(h -> launcher.recordedExitCode(pod.jobId(), pod.podName()).orElse(null));
      // Index what it wrote while the engine was down as written between the last checkpoint and now.
      Optional<long[]> last = LogIndex.last(home.logIndex(pod.jobId(), pod.podName()));
      long since = last.map(e -> e[1]).orElse(pod.startedAt() != null ? pod.startedAt() : now);
      lifecycle.follow(pod.jobId(), pod.podName(), pid, code, last.map(e -> e[2]).orElse(0L), since);
      return true;
    }
    return false;
  }

  private void removeOrphanDirectories() throws SQLException {
    Path jobs = home.jobs();
    if (!Files.isDirectory(jobs)) return;
    Set<String> known = new HashSet<>(store.read(Db::allJobIds));
    List<Path> dirs;
    try (Stream<Path> list = Files.list(jobs)) {
      dirs = list.filter(Files::isDirectory).toList();
    } catch (IOException e) {
      return;
    }
    for (Path dir : dirs) {
      String jobId = dir.getFileName().toString();
      if (known.contains(jobId)) continue;
      try (Stream<Path> files = Files.list(dir)) {
        for (Path pidFile : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
          String pod = pidFile.getFileName().toString().replaceFirst("\\.pid$", "");
          launcher.recordedPid(jobId, pod)
              .flatMap(pid -> launcher.findRunning(pid, null, jobId, pod))
              .ifPresent(h -> launcher.signalGroup(h.pid(), "KILL"));
        }
      } catch (IOException e) {
        // best effort: the directory goes anyway
      }
      lifecycle.removeDirectory(jobId);
    }
  }
}
