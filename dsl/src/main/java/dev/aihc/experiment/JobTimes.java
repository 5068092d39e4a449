package dev.aihc.experiment;

import dev.aihc.wire.JobItem;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** How long a job has run, from the times DescribeJob gives. */
final class JobTimes {
  private JobTimes() {}

  /** From creation to the end, or to {@code now} while the job runs; zero when the times are missing. */
  static Duration duration(JobItem job, Instant now) {
    Instant created = instant(job.createdAt());
    if (created == null) return Duration.ZERO;
    Instant finished = instant(job.finishedAt());
    Instant end = finished != null ? finished : job.status().isTerminal() ? created : now;
    return end.isBefore(created) ? Duration.ZERO : Duration.between(created, end);
  }

  /** {@code 12 s}, {@code 3 min 05 s}, {@code 1 h 02 min}. */
  static String text(Duration d) {
    long s = d.toSeconds();
    if (s < 60) return s + " s";
    if (s < 3600) return String.format(java.util.Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    return String.format(java.util.Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
  }

  private static Instant instant(String text) {
    if (text == null || text.isBlank()) return null;
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
