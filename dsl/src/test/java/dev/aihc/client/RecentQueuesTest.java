package dev.aihc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aihc.internal.http.Scope;
import dev.aihc.wire.QueueItem;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

final class RecentQueuesTest {
  private final AtomicLong now = new AtomicLong();
  private final AtomicInteger reads = new AtomicInteger();

  @Test
  void givenAQueueReadJustNow_whenAskedAgainWithinFreshAndAfter_thenReusedThenReadAgain_andPerQueue() {
    RecentQueues queues = new RecentQueues(scope -> {
      reads.incrementAndGet();
      return null;
    }, now::get);
    Scope a = new Scope("pool", "a");

    queues.get(a);
    now.addAndGet(RecentQueues.FRESH.toNanos() - 1);
    queues.get(a);
    assertThat(reads).hasValue(1);

    queues.get(new Scope("pool", "b"));
    assertThat(reads).as("another queue is read on its own").hasValue(2);

    now.addAndGet(1);
    queues.get(a);
    assertThat(reads).as("stale after FRESH").hasValue(3);
  }

  @Test
  void givenAFailedRead_whenAskedAgain_thenReadAgain() {
    RecentQueues queues = new RecentQueues(scope -> {
      if (reads.incrementAndGet() == 1) throw new IllegalStateException("queue module down");
      return (QueueItem) null;
    }, now::get);

    assertThatThrownBy(() -> queues.get(new Scope("p", "q"))).hasMessage("queue module down");
    queues.get(new Scope("p", "q"));
    assertThat(reads).hasValue(2);
  }
}
