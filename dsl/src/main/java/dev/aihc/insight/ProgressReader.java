package dev.aihc.insight;

import dev.aihc.wire.JobStatus;
import dev.aihc.wire.JobCondition;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.PodItem;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The client's {@code Run#progress()}: each replica's log read through a {@link ProgressScanner}, master
 * first.
 */
final class ProgressReader {
  private ProgressReader() {}

  /**
   * The newest progress of the first replica (master first) whose log states one; {@code regex} is a
   * pattern of the caller's (see {@link #customPattern}), or null for the forms {@link ProgressScanner} knows.
   *
   * @throws IllegalArgumentException before any call, when {@code regex} is not a progress pattern
   */
  static Optional<Progress> read(JobLookup lookup, String regex, LogMemory memory) {
    Pattern custom = regex == null ? null : customPattern(regex);
    JobItem job = lookup.job(true);
    LogMemory.Question q = memory.question(regex == null ? "progress" : "progress:" + regex);
    synchronized (q) {
      Instant recent = recentFrom(job, lookup.now());
      for (PodItem pod : Pods.inOrder(job.pods())) {
        LogMemory.Reading r = q.pods.computeIfAbsent(pod.podName(),
            p -> new LogMemory.Reading(p, new LogScanner(custom, n -> false)));
        r.stream.readRecent(lookup, recent, r.scanner::accept);
        if (r.scanner.last() != null) {
          return Optional.of(withEta(ProgressScanner.progress(pod.shortName(job.name()), r.scanner.last()), job,
              lookup.now()));
        }
      }
    }
    return Optional.empty();
  }

  /** When the newest lines were written: the job's end, or now while it runs. */
  static Instant recentFrom(JobItem job, Instant now) {
    if (job.status().isTerminal() && job.finishedAt() != null && !job.finishedAt().isEmpty()) {
      try {
        return OffsetDateTime.parse(job.finishedAt()).toInstant();
      } catch (DateTimeParseException e) {
        return now;
      }
    }
    return now;
  }

  /**
   * {@code regex} as a progress pattern: it has named groups {@code step} and {@code total}.
   *
   * @throws IllegalArgumentException when the pattern lacks either group or is not a valid regex
   */
  static Pattern customPattern(String regex) {
    Objects.requireNonNull(regex, "regex");
    if (!regex.contains("(?<step>") || !regex.contains("(?<total>")) {
      throw new IllegalArgumentException("progress pattern must have named groups (?<step>...) and (?<total>...) "
          + "but was " + regex + ". Use one like \"done (?<step>\\d+) of (?<total>\\d+)\"");
    }
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("progress pattern is not a valid regex: " + e.getMessage(), e);
    }
  }

  /**
   * The progress with its time left: the line's own, else the time since the job last started running
   * scaled by what is left ({@code elapsed × (1 − f) / f}); none before the first step.
   */
  static Progress withEta(Progress p, JobItem job, Instant now) {
    if (p.eta().isPresent()) return p;
    double f = p.fraction();
    if (f >= 1) return p.withEta(Duration.ZERO);
    Instant since = runningSince(job);
    if (f <= 0 || since == null || job.status().isTerminal()) return p;
    Duration elapsed = Duration.between(since, now);
    if (elapsed.isNegative()) return p;
    return p.withEta(Duration.ofMillis((long) (elapsed.toMillis() * (1 - f) / f)));
  }

  /** When the job last became Running (after its latest restart). */
  private static Instant runningSince(JobItem job) {
    Instant since = null;
    for (JobCondition c : job.jobTimeLine()) {
      if (JobStatus.fromWire(c.conditionType()) == JobStatus.RUNNING) {
        try {
          since = OffsetDateTime.parse(c.time()).toInstant();
        } catch (DateTimeParseException | NullPointerException e) {
          // a time the service did not give: keep the one before
        }
      }
    }
    return since;
  }
}
