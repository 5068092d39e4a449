package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.aihc.local.internal.storage.HomeSpace;
import dev.aihc.local.internal.store.JobRow;
import dev.aihc.local.internal.store.JobStore;
import dev.aihc.wire.JobStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The job store on a real file system that fills up: SQLite's SQLITE_FULL, told by its result code. */
final class StoreOnFullDiskTest {
  private static JobRow job(String id) {
    return new JobRow(id, "job-" + id, JobStatus.CREATED, "created", "pool", "default", "normal", "PyTorchJob",
        "true", "{\"x\":\"" + "a".repeat(20_000) + "\"}", null, 1_000L, null);
  }

  @Test
  void givenAFullFileSystem_whenAJobIsWritten_thenTheErrorIsSqliteFullAndTheStoreWritesAgainOnceThereIsRoom()
      throws Exception {
    try (SmallFileSystem fs = SmallFileSystem.mount(8);
        JobStore store = JobStore.open(fs.dir().resolve("engine.db"))) {
      store.write(db -> {
        db.insertJob(job("kept"));
        return null;
      });
      Path filler = fs.fill("filler");

      // when: a write that needs new pages (20 KB jobs, until one does not fit)
      SQLException full = catchThrowableOfType(SQLException.class, () -> {
        for (int i = 0; i < 1_000; i++) {
          String id = "j" + i;
          store.write(db -> {
            db.insertJob(job(id));
            return null;
          });
        }
      });

      // then: the error says the disk is full (not "cannot commit - no transaction is active"), and reads work
      assertThat((Object) full).as("a write on a full file system failed").isNotNull();
      assertThat(HomeSpace.isOutOfSpace(full)).as(full.toString()).isTrue();
      assertThat(full.getMessage()).doesNotContain("no transaction is active");
      Optional<JobRow> kept = store.read(db -> db.job("kept"));
      assertThat(kept).as("read on the full disk").isPresent();

      // and: with room again, the same store writes (nothing of the failed transaction is left half-done)
      Files.delete(filler);
      store.write(db -> {
        db.insertJob(job("after"));
        return null;
      });
      List<String> ids = store.read(db -> db.allJobIds());
      assertThat(ids).contains("kept", "after");
    }
  }
}
