package dev.aihc.local.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.local.internal.core.EngineLoop;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs created together share a transaction, and each creator still learns its own outcome. */
final class CreateBatchTest {
  @TempDir Path home;

  /** A job that records one issued id, or fails when its id says so. */
  private static CreateBatch.Pending job(String id, Map<String, String> afterCommit) {
    return new CreateBatch.Pending() {
      @Override
      public String insert(Db db) throws SQLException {
        if (id.startsWith("bad")) throw new SQLException("cannot store " + id);
        assertThat(db.issue(id)).isTrue();
        return id;
      }

      @Override
      public void then(String jobId) {
        afterCommit.put(jobId, Thread.currentThread().getName());
      }
    };
  }

  @Test
  void givenManyConcurrentCreatesWithOneFailing_whenBatched_thenEveryOtherJobIsCommittedAndOnlyTheBadOneFails()
      throws Exception {
    try (EngineLoop loop = new EngineLoop(); JobStore store = JobStore.open(home.resolve("engine.db"))) {
      CreateBatch batch = new CreateBatch(loop, store);
      Map<String, String> afterCommit = new ConcurrentHashMap<>();
      ExecutorService clients = Executors.newFixedThreadPool(8);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> answers = new ArrayList<>();
      // given: 8 clients at once, 400 jobs, one of which cannot be stored
      for (int i = 0; i < 400; i++) {
        String id = (i == 123 ? "bad-" : "job-") + i;
        answers.add(clients.submit(() -> {
          go.await();
          try {
            return batch.create(job(id, afterCommit));
          } catch (RuntimeException e) {
            return "failed: " + e.getMessage();
          }
        }));
      }

      // when
      go.countDown();
      List<String> outcomes = new ArrayList<>();
      for (Future<String> f : answers) outcomes.add(f.get());
      clients.shutdown();

      // then
      assertThat(outcomes.get(123)).startsWith("failed: ").contains("cannot store bad-123");
      List<String> ok = outcomes.stream().filter(o -> o.startsWith("job-")).toList();
      assertThat(ok).hasSize(399).doesNotHaveDuplicates();
      assertThat(afterCommit.keySet()).containsExactlyInAnyOrderElementsOf(ok);
      assertThat(afterCommit.values()).containsOnly("aihc-local-engine"); // the scheduler is told on the loop
      int committed = store.write(db -> count(db, ok));
      assertThat(committed).as("committed").isEqualTo(399);
    }
  }

  private static int count(Db db, List<String> ids) throws SQLException {
    int n = 0;
    for (String id : ids) {
      // issue() of an id already stored answers false: the row is there
      if (!db.issue(id)) n++;
    }
    return n;
  }
}
