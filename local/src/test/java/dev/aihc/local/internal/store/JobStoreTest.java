package dev.aihc.local.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.wire.JobStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store over a real SQLite file: its pooled readers and the statements they keep. */
final class JobStoreTest {
  @TempDir Path home;

  private static JobRow job(String id, String body) {
    return new JobRow(id, "job-" + id, JobStatus.CREATED, "created", "pool", "default", "normal", "PyTorchJob",
        "true", body, null, 1_000L, null);
  }

  @Test
  void givenReadersBusyWhileJobsAreWritten_whenTheWalPassesItsCheckpointSize_thenItIsCheckpointedAndStaysSmall()
      throws Exception {
    Path file = home.resolve("engine.db");
    String body = "{\"x\":\"" + "a".repeat(4_000) + "\"}";
    try (JobStore store = JobStore.open(file)) {
      store.write(db -> {
        db.insertJob(job("first", body));
        return null;
      });
      // given: four threads reading through the pooled connections (and the statements each one keeps)
      // for as long as the writes go on: a point read, a missing row, a page of the list, then a pause as
      // between two polls. (Readers with no pause at all starve any SQLite WAL of its checkpoints: there is
      // always one in it. What this checks is that no reader keeps a snapshot open between its reads.)
      AtomicBoolean writing = new AtomicBoolean(true);
      ExecutorService readers = Executors.newFixedThreadPool(4);
      List<Future<Integer>> reads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        reads.add(readers.submit(() -> {
          int n = 0;
          while (writing.get()) {
            store.read(db -> {
              assertThat(db.job("first")).isPresent();
              assertThat(db.pods("missing")).isEmpty();
              return db.jobs(new JobQuery(null, null, null, null, false, false, false, 0, 5));
            });
            n++;
            Thread.sleep(2);
          }
          return n;
        }));
      }
      // when: 4,000 jobs of 4 KB each, 16 MB of pages, four times the WAL's checkpoint size (1,000 pages)
      for (int i = 0; i < 4_000; i++) {
        String id = "j" + i;
        store.write(db -> {
          db.insertJob(job(id, body));
          return null;
        });
      }
      writing.set(false);
      int readCount = 0;
      for (Future<Integer> f : reads) readCount += f.get();
      readers.shutdown();

      // then: no reader held an old snapshot that would have kept the WAL from being reused
      long walMb = Files.size(Path.of(file + "-wal")) / (1024 * 1024);
      assertThat(readCount).as("reads done while writing").isGreaterThan(100);
      assertThat(walMb).as("the WAL file's size in MB after 16 MB were written through it").isLessThan(10);
      assertThat(store.read(db -> db.jobs(new JobQuery(null, null, null, null, false, false, false, 0, 1))).total()).isEqualTo(4_001);
    }
  }
}
