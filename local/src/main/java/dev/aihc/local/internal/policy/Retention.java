package dev.aihc.local.internal.policy;

import dev.aihc.dsl.DurationText;
import dev.aihc.local.internal.config.EngineOptions;
import dev.aihc.local.internal.replica.LiveReplicas;
import dev.aihc.local.internal.store.Db;
import dev.aihc.local.internal.store.JobStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Keeps the home from growing without end: deletes a finished job with its logs and working directories, as
 * DeleteJob does, once it ended longer ago than its own {@code retentionPeriod} (in engine time: a period lasts
 * as many of the engine's minutes ({@code LocalEngineConfig.minute}) as it states) or, for a job without one, than
 * the engine's retention ({@code LocalEngineConfig.retention}; zero keeps those for ever). Runs on the loop, at
 * start and then every {@link #period()}.
 */
public final class Retention {
  private static final System.Logger LOG = System.getLogger(Retention.class.getName());

  /** Deletes a job with its logs and working directories, as DeleteJob does. */
  @FunctionalInterface
  public interface Deleter {
    /** False when there is no such job. */
    boolean delete(String jobId) throws SQLException;
  }

  private final JobStore store;
  private final Clock clock;
  private final LiveReplicas replicas;
  private final Deleter deleter;
  private final Duration retention;
  private final Duration minute;

  public Retention(JobStore store, Clock clock, LiveReplicas replicas, Deleter deleter, Duration retention,
      Duration minute) {
    this.store = store;
    this.clock = clock;
    this.replicas = replicas;
    this.deleter = deleter;
    this.retention = retention;
    this.minute = minute;
  }

  /**
   * How often to sweep, so that a job outlives its retention by at most that much: a quarter of the shortest
   * period a job can state (one engine minute) within [250 ms, 15 s], or, when sooner, a tenth of the engine's
   * retention within [1 s, 1 h].
   */
  public Duration period() {
    Duration own = within(minute.dividedBy(4), Duration.ofMillis(250), Duration.ofSeconds(15));
    if (retention.isZero()) return own;
    Duration engine = within(retention.dividedBy(10), Duration.ofSeconds(1), Duration.ofHours(1));
    return engine.compareTo(own) < 0 ? engine : own;
  }

  /** Deletes the jobs past their retention, their own or the engine's; returns how many. */
  public int sweep() throws SQLException {
    long now = clock.millis();
    int deleted = 0;
    for (String[] row : store.read(Db::finishedWithRetention)) {
      Optional<Duration> keep = ownPeriod(row[2]);
      if (keep.isPresent() && Long.parseLong(row[1]) + keep.get().toMillis() <= now && delete(row[0])) {
        deleted++;
        LOG.log(System.Logger.Level.INFO, "deleted " + row[0] + ": it ended more than its retentionPeriod " + row[2]
            + " ago");
      }
    }
    if (retention.isZero()) return deleted;
    int expired = 0;
    for (String jobId : store.read(db -> db.finishedBefore(now - retention.toMillis()))) {
      if (delete(jobId)) expired++;
    }
    if (expired > 0) {
      LOG.log(System.Logger.Level.INFO, "deleted " + expired + (expired == 1 ? " job" : " jobs")
          + " that finished more than " + retention + " ago, with their logs");
    }
    return deleted + expired;
  }

  /** {@code 30m}, {@code 12h}, {@code 7d} in engine time; empty when unreadable (validation refused it). */
  Optional<Duration> ownPeriod(String text) {
    return DurationText.read(text).filter(d -> !d.isZero() && d.unit() != DurationText.Unit.SECONDS)
        .map(d -> EngineOptions.scaled(d.toDuration(), minute));
  }

  private boolean delete(String jobId) throws SQLException {
    // A failed job's other replicas may still be ending; the next sweep takes it.
    return !replicas.anyOf(jobId) && deleter.delete(jobId);
  }

  private static Duration within(Duration d, Duration min, Duration max) {
    return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
  }
}
