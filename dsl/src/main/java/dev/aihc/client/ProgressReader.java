package dev.aihc.client;

import dev.aihc.wire.JobStatus;
import dev.aihc.internal.http.Scope;
import dev.aihc.wire.JobCondition;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.PodItem;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@link Run#progress()}: each replica's log read through a {@link ProgressScanner}, master first. */
final class ProgressReader {
  private ProgressReader() {}

  static Optional<Progress> read(AihcClient client, Scope scope, String id, Pattern custom) {
    JobItem job = client.describeJob(scope, id, true);
    for (PodItem pod : Pods.inOrder(job.pods())) {
      ProgressScanner scanner = new ProgressScanner(pod.shortName(job.name()), custom);
      new LogFollower.Cursor().drain(client, scope, id, pod.podName(), scanner::accept);
      if (scanner.last() != null) return Optional.of(withEta(scanner.last(), job, client.clock().instant()));
    }
    return Optional.empty();
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
