package dev.aihc.client;

import dev.aihc.dsl.Job;
import dev.aihc.insight.Answers;
import dev.aihc.internal.http.Scope;
import dev.aihc.wire.QueueItem;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The queues the submit preflight read lately, each kept for {@link #FRESH}: a sweep or a loop submitting
 * to one queue reads it once in that time instead of once a submission, which doubled the requests. Each
 * job submitted is written into the queue kept, as the queue takes it: one that fit holds its demand, one
 * that did not waits, so the next preflight sees what the queue would report. What other clients do, or
 * jobs ending, shows at the next read. A failed read is not kept.
 */
final class RecentQueues {
  /** How long a queue read is reused. */
  static final Duration FRESH = Duration.ofSeconds(2);

  private record Read(QueueItem queue, long atNanos) {}

  private final Function<Scope, QueueItem> describe;
  private final LongSupplier nanos;
  private final Map<Scope, Read> reads = new ConcurrentHashMap<>();

  RecentQueues(Function<Scope, QueueItem> describe, LongSupplier nanos) {
    this.describe = describe;
    this.nanos = nanos;
  }

  /** The queue of {@code scope}: as read within {@link #FRESH}, else read now. */
  QueueItem get(Scope scope) {
    long now = nanos.getAsLong();
    Read r = reads.get(scope);
    if (r != null && now - r.atNanos() < FRESH.toNanos()) return r.queue();
    QueueItem q = describe.apply(scope);
    reads.put(scope, new Read(q, now));
    return q;
  }

  /** {@code job} went to {@code scope}'s queue, having fit it ({@code fits}), not, or unknown (null: read again). */
  void submitted(Scope scope, Job job, Boolean fits) {
    if (fits == null) {
      reads.remove(scope);
      return;
    }
    reads.computeIfPresent(scope, (s, r) -> r.queue() == null ? null
        : new Read(Answers.queueAfter(r.queue(), job, fits), r.atNanos()));
  }
}
