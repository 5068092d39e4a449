package dev.aihc.client;

import dev.aihc.insight.Answers;
import dev.aihc.insight.Diagnosis;
import dev.aihc.internal.time.Elapsed;
import dev.aihc.wire.JobEvent;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The one loop {@link Run#await()} and {@link Run#follow()} poll a job through: DescribeJob every poll
 * interval, a status line through the sink when the status changes ({@code bert-sft job-…: Failed —
 * reason (42s)}), while it waits its {@link WaitingNote}, then the sink's {@code polled}; when the job
 * has ended, how it ended with a failure's diagnosis. What a caller does besides (follow reads the
 * replicas' logs) is a {@link Step} run after each DescribeJob.
 */
final class PollLoop {
  /** What a loop does on each poll besides showing the status, before the sink's {@code polled}. */
  interface Step {
    /** After DescribeJob saw {@code item}; when it has ended, this is the last call. */
    void polled(JobItem item);
  }

  private final JobHandle job;
  private final AihcClient client;

  PollLoop(JobHandle job) {
    this.job = job;
    this.client = job.client();
  }

  /**
   * Polls until the job ends, or at most {@code timeout} (none when null); {@code withPods} asks DescribeJob
   * for the pods, which {@code step} then sees.
   *
   * @param doing what the loop does, for the interrupt's message ({@code waiting for}, {@code following})
   * @throws AihcTimeoutException naming the state the job was in when time ran out
   * @throws AihcInterruptedException when the calling thread is interrupted (the job keeps running)
   */
  JobResult run(boolean withPods, Duration timeout, String doing, Step step) {
    Instant started = client.clock().instant();
    long startNanos = System.nanoTime();
    JobStatus last = null;
    client.sink().start(job.name(), job.id());
    WaitingNote waiting = new WaitingNote(job);
    Outage outage = new Outage(client.sink(), job.label());
    while (true) {
      JobItem item = outage.attempt(() -> job.job(withPods));
      Duration waited = Duration.ofNanos(System.nanoTime() - startNanos);
      if (item != null && item.status() != last) {
        last = item.status();
        client.sink().progress(job.label() + ": " + last + reasonSuffix(item) + " (" + Elapsed.text(waited) + ")");
      }
      // A poll that does not get through (the engine restarting, a dropped connection) is waited out; the
      // step's positions stay after what it showed, so it goes on from there.
      if (item == null || outage.attempt(() -> {
        step.polled(item);
        return item;
      }) == null) {
        if (timeout != null && waited.compareTo(timeout) >= 0) {
          throw new AihcTimeoutException("job " + job.label() + " could not be reached when " + formatLimit(timeout)
              + " had passed (waiting since " + started + "). Call run.await() again to keep waiting", last);
        }
        Calls.sleep(client.pollInterval(), doing + " " + job.label());
        continue;
      }
      waiting.polled(item);
      client.sink().polled(item, waited);
      if (last.isTerminal()) return shown(result(item, waited));
      if (timeout != null && waited.compareTo(timeout) >= 0) {
        throw new AihcTimeoutException("job " + job.label() + " was still " + last + " after " + formatLimit(timeout)
            + " (waiting since " + started + "). Call run.await() again to keep waiting, or run.stop() to stop it", last);
      }
      Duration sleep = client.pollInterval();
      if (timeout != null) {
        Duration left = timeout.minus(waited);
        if (left.compareTo(sleep) < 0) sleep = left;
      }
      Calls.sleep(sleep, doing + " " + job.label());
    }
  }

  private JobResult result(JobItem item, Duration waited) {
    String reason = item.reason() == null ? "" : item.reason();
    if (reason.isEmpty() && item.status() == JobStatus.FAILED) reason = lastWarning();
    Optional<Diagnosis> diagnosis = item.status() == JobStatus.FAILED ? Answers.diagnosis(job) : Optional.empty();
    return new JobResult(job.id(), job.name(), item.status(), reason, waited, diagnosis);
  }

  /** Shows a failure's diagnosis under the status line, then returns the result. */
  private JobResult shown(JobResult result) {
    result.diagnosis().ifPresent(d -> client.sink().progress("diagnosis: " + d.summary()));
    return result;
  }

  /** The cloud does not put a reason on the job: the last warning event says why it failed. */
  private String lastWarning() {
    try {
      List<JobEvent> events = job.events();
      for (int i = events.size() - 1; i >= 0; i--) {
        JobEvent e = events.get(i);
        if ("Warning".equalsIgnoreCase(e.type())) return e.reason() + ": " + e.message();
      }
    } catch (AihcInterruptedException e) {
      throw e;
    } catch (RuntimeException e) {
      // the status alone is still a good answer
    }
    return "";
  }

  private static String reasonSuffix(JobItem item) {
    return item.reason() == null || item.reason().isEmpty() ? "" : " — " + item.reason();
  }

  /** A limit as the caller gave it: {@code 300ms} stays {@code 300ms} rather than {@code 0s}. */
  private static String formatLimit(Duration d) {
    return d.compareTo(Duration.ofSeconds(1)) < 0 ? d.toMillis() + "ms" : Elapsed.text(d);
  }
}
