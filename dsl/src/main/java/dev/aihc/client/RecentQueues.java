package dev.aihc.client;

import dev.aihc.internal.http.Scope;
import dev.aihc.wire.QueueItem;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The queues the submit preflight read lately, each kept for {@link #FRESH}: a sweep or a loop submitting
 * to a full queue reads it once in that time instead of once a submission, which doubled the requests. A
 * job submitted that did not fit waits, so the queue kept counts one more waiting job and stays as true as
 * it was; a job that fit takes part of the queue, so the next submission reads it again. A failed read is
 * not kept.
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

  /** A job went to {@code scope}'s queue, having fit it ({@code fits}), not ({@code false}), or unknown (null). */
  void submitted(Scope scope, Boolean fits) {
    if (!Boolean.FALSE.equals(fits)) {
      reads.remove(scope);
      return;
    }
    reads.computeIfPresent(scope, (s, r) -> new Read(oneMoreWaiting(r.queue()), r.atNanos()));
  }

  private static QueueItem oneMoreWaiting(QueueItem q) {
    return q == null ? null : new QueueItem(q.queueId(), q.queueName(), q.queueType(), q.resourcePoolId(),
        q.createdAt(), q.parentQueue(), q.opened(), q.queueingStrategy(), q.capability(), q.deserved(),
        q.allocated(), q.runningJobs(), q.inqueueJobs(), q.pending() + 1, q.pausedBy());
  }
}
