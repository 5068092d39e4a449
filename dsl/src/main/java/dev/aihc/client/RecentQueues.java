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
 * to one queue reads it once in that time instead of once a submission, which doubled the requests. The
 * advice may then miss the jobs submitted meanwhile; it is advice only. A failed read is not kept.
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
}
