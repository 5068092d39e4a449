package dev.aihc.local.internal.policy;

import dev.aihc.internal.time.DurationText;
import dev.aihc.local.LocalEngineConfig;
import dev.aihc.local.internal.config.EngineOptions;
import dev.aihc.local.internal.replica.LiveReplicas;
import dev.aihc.local.internal.store.Db;
import dev.aihc.local.internal.store.JobStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code retentionPeriod} locally: a job that ended longer ago than its own retention period is deleted
 * with its logs and working directories, as DeleteJob would. Checked at start and then periodically on
 * the loop; a period lasts as many of the engine's {@link LocalEngineConfig#minute minutes} as it states.
 */
public final class JobRetention {
  private static final System.Logger LOG = System.getLogger(JobRetention.class.getName());
  private static final Duration MIN_SWEEP = Duration.ofMillis(250);
  private static final Duration MAX_SWEEP = Duration.ofSeconds(15);

  private final JobStore store;
  private final Clock clock;
  private final LiveReplicas replicas;
  private final Retention.Deleter deleter;
  private final Duration minute;

  public JobRetention(JobStore store, Clock clock, LiveReplicas replicas, Retention.Deleter deleter, Duration minute) {
    this.store = store;
    this.clock = clock;
    this.replicas = replicas;
    this.deleter = deleter;
    this.minute = minute;
  }

  /**
   * How often to look: a quarter of the shortest possible retention (one engine minute), within
   * [250 ms, 15 s], so that a job outlives its retention by at most that much.
   */
  public Duration sweepPeriod() {
    Duration quarter = minute.dividedBy(4);
    return quarter.compareTo(MIN_SWEEP) < 0 ? MIN_SWEEP : quarter.compareTo(MAX_SWEEP) > 0 ? MAX_SWEEP : quarter;
  }

  /** {@code 30m}, {@code 12h}, {@code 7d} in engine time; empty when unreadable (validation refused it). */
  Optional<Duration> period(String text) {
    return DurationText.read(text).filter(d -> !d.isZero() && d.unit() != DurationText.Unit.SECONDS)
        .map(d -> EngineOptions.scaled(d.toDuration(), minute));
  }

  /** Deletes the jobs past their retention period; returns how many. */
  public int sweep() throws SQLException {
    long now = clock.millis();
    int deleted = 0;
    for (String[] row : store.read(Db::finishedWithRetention)) {
      String jobId = row[0];
      Optional<Duration> keep = period(row[2]);
      if (keep.isEmpty() || Long.parseLong(row[1]) + keep.get().toMillis() > now) continue;
      // A failed job's other replicas may still be ending; the next sweep takes it.
      if (!replicas.anyOf(jobId) && deleter.delete(jobId)) {
        deleted++;
        LOG.log(System.Logger.Level.INFO, "deleted " + jobId + ": it ended more than its retentionPeriod " + row[2]
            + " ago");
      }
    }
    return deleted;
  }
}
