package dev.aihc.local.internal.engine;

import dev.aihc.local.internal.config.Home;
import dev.aihc.local.internal.replica.LiveReplicas;
import dev.aihc.local.internal.store.JobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Deleting a job: its record goes at once, its processes are ended, and its directory (working
 * directories and logs) goes when nothing runs in it any more, which may be after its last replica
 * has ended or, for a job whose replicas were starting, after those starts are recorded. On the loop.
 */
public final class JobDeletions {
  private static final System.Logger LOG = System.getLogger(JobDeletions.class.getName());

  private final JobStore store;
  private final Home home;
  private final LiveReplicas replicas;
  private final Predicate<String> starting;
  private final Consumer<String> forget;
  /** Deleted jobs whose processes are still ending; their directory goes when the last one has. */
  private final Set<String> deleting = new HashSet<>();

  /**
   * @param starting whether a job's replicas are being started now
   * @param forget drops what the engine keeps of a job in memory (spec, log watches, samples, TensorBoard)
   */
  public JobDeletions(JobStore store, Home home, LiveReplicas replicas, Predicate<String> starting, Consumer<String> forget) {
    this.store = store;
    this.home = home;
    this.replicas = replicas;
    this.starting = starting;
    this.forget = forget;
  }

  /** Deletes the job; false when there is no such job. */
  boolean delete(String jobId) throws SQLException {
    if (!store.write(db -> db.deleteJob(jobId))) return false;
    forget.accept(jobId);
    if (!replicas.anyOf(jobId) && !starting.test(jobId)) {
      removeDirectory(jobId);
    } else { // what is starting now is ended once recorded (see endLateStarts), and the directory goes after it
      deleting.add(jobId);
      replicas.terminateAll(jobId);
    }
    return true;
  }

  /** Whether {@code jobId} was deleted while replicas of it ran; its directory then waits for {@link #settle}. */
  boolean isDeleting(String jobId) {
    return deleting.contains(jobId);
  }

  /** Removes a deleted job's directory once none of its replicas runs any more. */
  void settle(String jobId) {
    if (deleting.contains(jobId) && !replicas.anyOf(jobId)) {
      deleting.remove(jobId);
      removeDirectory(jobId);
    }
  }

  /** Deletes {@code <home>/jobs/<jobId>} with its working directories and logs. */
  void removeDirectory(String jobId) {
    Path dir = home.jobDir(jobId);
    if (!Files.exists(dir)) return;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot remove " + dir + " of a deleted job: " + e);
    }
  }
}
