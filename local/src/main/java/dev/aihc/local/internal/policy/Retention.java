package dev.aihc.local.internal.policy;

import dev.aihc.local.LocalEngineConfig;
import dev.aihc.local.internal.replica.LiveReplicas;
import dev.aihc.local.internal.store.JobStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the home from growing without end: deletes jobs that finished longer ago than the retention
 * ({@link LocalEngineConfig#retention}), with their logs and working directories. Runs on the loop.
 */
public final class Retention {
  private static final System.Logger LOG = System.getLogger(Retention.class.getName());
  private static final Duration MIN_PERIOD = Duration.ofSeconds(1);
  private static final Duration MAX_PERIOD = Duration.ofHours(1);

  /** Deletes a job with its logs and working directories, as DeleteJob does. */
  @FunctionalInterface
  public interface Deleter {
    /** False when there is no such job. */
    boolean delete(String jobId) throws SQLException;
  }

  private final JobStore store;
  private final Clock clock;
  private final LiveReplicas replicas;
  private final Retention.Deleter deleter;
  private final Duration retention;

  public Retention(JobStore store, Clock clock, LiveReplicas replicas, Retention.Deleter deleter, Duration retention) {
    this.store = store;
    this.clock = clock;
    this.replicas = replicas;
    this.deleter = deleter;
    this.retention = retention;
  }

  /**
   * How often to sweep: a tenth of the retention within [1 s, 1 h], so a job outlives its retention by
   * at most that much; empty when jobs are kept for ever.
   */
  public Optional<Duration> period() {
    if (retention.isZero()) return Optional.empty();
    Duration tenth = retention.dividedBy(10);
    if (tenth.compareTo(MIN_PERIOD) < 0) return Optional.of(MIN_PERIOD);
    return Optional.of(tenth.compareTo(MAX_PERIOD) > 0 ? MAX_PERIOD : tenth);
  }

  /** Deletes the jobs past their retention; returns how many. */
  public int sweep() throws SQLException {
    if (retention.isZero()) return 0;
    long cutoff = clock.millis() - retention.toMillis();
    List<String> expired = store.read(db -> db.finishedBefore(cutoff));
    int deleted = 0;
    for (String jobId : expired) {
      // A failed job's other replicas may still be ending; the next sweep takes it.
      if (!replicas.anyOf(jobId) && deleter.delete(jobId)) deleted++;
    }
    if (deleted > 0) {
      LOG.log(System.Logger.Level.INFO, "deleted " + deleted + (deleted == 1 ? " job" : " jobs")
          + " that finished more than " + retention + " ago, with their logs");
    }
    return deleted;
  }
}
