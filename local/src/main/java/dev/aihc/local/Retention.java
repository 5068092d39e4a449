package dev.aihc.local;

import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the home from growing without end: deletes jobs that finished longer ago than their retention,
 * with their logs and working directories. A job's own {@code retentionPeriod} ({@code 30m}, {@code 12h},
 * {@code 7d}, each minute lasting the engine's {@link LocalEngineConfig#minute minute}) wins; other jobs
 * get the engine's ({@link LocalEngineConfig#retention}, zero: kept for ever). Runs on the loop.
 */
final class Retention {
  private static final System.Logger LOG = System.getLogger(Retention.class.getName());
  private static final Pattern PERIOD = Pattern.compile("([1-9][0-9]{0,8})([mhd])");
  private static final Duration MIN_PERIOD = Duration.ofMillis(250);
  private static final Duration MAX_PERIOD = Duration.ofHours(1);
  /** Sweeps at least this often, since any job may ask for a retentionPeriod as short as one minute. */
  private static final Duration JOB_PERIOD_SWEEP = Duration.ofSeconds(15);

  private final Supervisor s;
  private final Duration retention;
  private final Duration minute;

  Retention(Supervisor supervisor, Duration retention, Duration minute) {
    this.s = supervisor;
    this.retention = retention;
    this.minute = minute;
  }

  /**
   * How often to sweep: a tenth of the engine's retention, and at most a quarter of the shortest
   * retentionPeriod a job can state (one minute), within [250 ms, 1 h]; so a job outlives its
   * retention by at most that much.
   */
  Duration period() {
    Duration p = minute.dividedBy(4);
    if (p.compareTo(JOB_PERIOD_SWEEP) > 0) p = JOB_PERIOD_SWEEP;
    if (!retention.isZero() && retention.dividedBy(10).compareTo(p) < 0) p = retention.dividedBy(10);
    return p.compareTo(MIN_PERIOD) < 0 ? MIN_PERIOD : p.compareTo(MAX_PERIOD) > 0 ? MAX_PERIOD : p;
  }

  /** A job's {@code retentionPeriod} in engine time; empty when unreadable (validation refused it). */
  Optional<Duration> period(String text) {
    Matcher m = PERIOD.matcher(text);
    if (!m.matches()) return Optional.empty();
    long n = Long.parseLong(m.group(1));
    Duration d = switch (m.group(2)) {
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
    return Optional.of(EngineOptions.scaled(d, minute));
  }

  /** Deletes the jobs past their retention; returns how many. */
  int sweep() throws SQLException {
    long now = s.now();
    Set<String> expired = new LinkedHashSet<>();
    Set<String> ownPeriodRunning = new HashSet<>();
    for (String[] row : s.store().read(Db::finishedWithRetention)) {
      Optional<Duration> own = period(row[2]);
      if (own.isEmpty()) continue;
      if (Long.parseLong(row[1]) + own.get().toMillis() <= now) {
        expired.add(row[0]);
      } else {
        ownPeriodRunning.add(row[0]);
      }
    }
    if (!retention.isZero()) {
      for (String jobId : s.store().read(db -> db.finishedBefore(now - retention.toMillis()))) {
        if (!ownPeriodRunning.contains(jobId)) expired.add(jobId);
      }
    }
    int deleted = 0;
    for (String jobId : expired) {
      // A failed job's other replicas may still be ending; the next sweep takes it.
      if (s.liveOf(jobId).isEmpty() && s.deleteOnLoop(jobId)) deleted++;
    }
    if (deleted > 0) {
      LOG.log(System.Logger.Level.INFO, "deleted " + deleted + (deleted == 1 ? " job" : " jobs")
          + " that finished longer ago than their retention, with their logs");
    }
    return deleted;
  }
}
