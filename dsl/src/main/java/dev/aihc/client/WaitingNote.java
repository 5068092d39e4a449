package dev.aihc.client;

import dev.aihc.insight.Answers;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.JobStatus;
import java.time.Duration;

/**
 * For the {@link PollLoop}: while the job waits in its queue, its {@link dev.aihc.insight.Explanation} on
 * the status line, asked again every few seconds and shown again only when it changed (the queue moved).
 * A failed explanation just leaves the status line as it was.
 */
final class WaitingNote {
  private static final long EVERY_NANOS = Duration.ofSeconds(5).toNanos();

  private final JobHandle job;
  private long askedAt;
  private boolean asked;
  private String shown = "";

  WaitingNote(JobHandle job) {
    this.job = job;
  }

  /** After a poll that saw {@code item}. */
  void polled(JobItem item) {
    if (item.status() != JobStatus.CREATED) return;
    long now = System.nanoTime();
    if (asked && now - askedAt < EVERY_NANOS) return;
    asked = true;
    askedAt = now;
    try {
      String why = Answers.why(job).oneLine();
      if (!why.isEmpty() && !why.equals(shown)) {
        shown = why;
        job.client().sink().progress(job.label() + ": waiting — " + why);
      }
    } catch (AihcInterruptedException e) {
      throw e;
    } catch (RuntimeException e) {
      // the status alone still shows
    }
  }
}
