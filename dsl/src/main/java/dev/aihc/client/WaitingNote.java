package dev.aihc.client;

import dev.aihc.wire.JobStatus;
import dev.aihc.insight.Answers;
import dev.aihc.internal.http.Scope;
import dev.aihc.wire.JobItem;
import java.time.Duration;

/**
 * For {@code follow()} and {@code await()}: while the job waits in its queue, its
 * {@link dev.aihc.insight.Explanation} on
 * the status line, asked again every few seconds and shown again only when it changed (the queue moved).
 * A failed explanation just leaves the status line as it was.
 */
final class WaitingNote {
  private static final long EVERY_NANOS = Duration.ofSeconds(5).toNanos();

  private final AihcClient client;
  private final Scope scope;
  private final String id;
  private final String name;
  private long askedAt;
  private boolean asked;
  private String shown = "";

  WaitingNote(AihcClient client, Scope scope, String id, String name) {
    this.client = client;
    this.scope = scope;
    this.id = id;
    this.name = name;
  }

  /** After a poll that saw {@code item}. */
  void polled(JobItem item) {
    if (item.status() != JobStatus.CREATED) return;
    long now = System.nanoTime();
    if (asked && now - askedAt < EVERY_NANOS) return;
    asked = true;
    askedAt = now;
    try {
      String why = Answers.why(new JobHandle(client, scope, id)).oneLine();
      if (!why.isEmpty() && !why.equals(shown)) {
        shown = why;
        client.sink().progress(name + " " + id + ": waiting — " + why);
      }
    } catch (AihcInterruptedException e) {
      throw e;
    } catch (RuntimeException e) {
      // the status alone still shows
    }
  }
}
