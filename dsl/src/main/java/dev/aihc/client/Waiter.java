package dev.aihc.client;

import dev.aihc.wire.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import dev.aihc.wire.JobEvent;
import dev.aihc.wire.JobItem;
import java.util.Optional;
import dev.aihc.insight.Answers;
import dev.aihc.insight.Diagnosis;
import dev.aihc.internal.http.Scope;
import dev.aihc.internal.http.Transport;
import dev.aihc.internal.time.Elapsed;

/** Polls a job until it ends, reporting each status change through the sink. */
final class Waiter {
  private final AihcClient client;
  private final Scope scope;
  private final String id;
  private final String name;

  Waiter(AihcClient client, Scope scope, String id, String name) {
    this.client = client;
    this.scope = scope;
    this.id = id;
    this.name = name;
  }

  JobResult await(Duration timeout) {
    Instant started = client.clock().instant();
    long startNanos = System.nanoTime();
    JobStatus last = null;
    client.sink().start(name, id);
    WaitingNote waiting = new WaitingNote(client, scope, id, name);
    while (true) {
      JobItem item = client.describeJob(scope, id, false);
      Duration waited = Duration.ofNanos(System.nanoTime() - startNanos);
      if (item.status() != last) {
        last = item.status();
        client.sink().progress(name + " " + id + ": " + last + reasonSuffix(item) + " (" + format(waited) + ")");
      }
      waiting.polled(item);
      client.sink().polled(item, waited);
      if (last.isTerminal()) return shown(result(item, waited));
      if (timeout != null && waited.compareTo(timeout) >= 0) {
        throw new AihcTimeoutException("job " + name + " " + id + " was still " + last + " after " + formatLimit(timeout)
            + " (waiting since " + started + "). Call run.await() again to keep waiting, or run.stop() to stop it", last);
      }
      Duration sleep = client.pollInterval();
      if (timeout != null) {
        Duration left = timeout.minus(waited);
        if (left.compareTo(sleep) < 0) sleep = left;
      }
      Transport.sleep(sleep, "waiting for " + name + " " + id);
    }
  }

  JobResult result(JobItem item, Duration waited) {
    String reason = item.reason() == null ? "" : item.reason();
    if (reason.isEmpty() && item.status() == JobStatus.FAILED) reason = lastWarning();
    Optional<Diagnosis> diagnosis = item.status() == JobStatus.FAILED
        ? Answers.diagnosis(new JobHandle(client, scope, id)) : Optional.empty();
    return new JobResult(id, name, item.status(), reason, waited, diagnosis);
  }

  /** Shows a failure's diagnosis under the status line, then returns the result. */
  JobResult shown(JobResult result) {
    result.diagnosis().ifPresent(d -> client.sink().progress("diagnosis: " + d.summary()));
    return result;
  }

  /** The cloud does not put a reason on the job: the last warning event says why it failed. */
  private String lastWarning() {
    try {
      List<JobEvent> events = client.describeJobEvents(scope, id, null, null).events();
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
  static String formatLimit(Duration d) {
    return d.compareTo(Duration.ofSeconds(1)) < 0 ? d.toMillis() + "ms" : format(d);
  }

  private static String format(Duration d) {
    return Elapsed.text(d);
  }
}
