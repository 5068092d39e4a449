package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.wire.JobStatus;
import dev.aihc.client.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replicas start off the engine's loop, so a job can be stopped or deleted while its replicas are
 * starting. Whatever the timing, nothing may be left running, and a deleted job leaves no directory.
 */
@Timeout(120)
final class LocalEngineStartRaceTest {
  private static final int JOBS = 12;

  @RegisterExtension final TestEngine t = TestEngine.perTest();

  @Test
  void givenJobsStoppedAsSoonAsCreated_whenSettled_thenEachIsStoppedAndNoReplicaRuns() throws IOException {
    // given
    List<Run> runs = new ArrayList<>();
    for (int i = 0; i < JOBS; i++) {
      Run run = t.client.submit(TestEngine.job("stop-early-" + i, "sleep 600").replicas(4));
      // when
      run.stop();
      runs.add(run);
    }

    // then
    for (Run run : runs) assertThat(t.awaitStatus(run.id(), JobStatus.STOPPED).status()).isEqualTo(JobStatus.STOPPED);
    TestEngine.awaitTrue(() -> replicasRunning().isEmpty(), "no replica left running");
  }

  @Test
  void givenJobsDeletedAsSoonAsCreated_whenSettled_thenNoReplicaRunsAndNoDirectoryIsLeft() throws IOException {
    // given
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < JOBS; i++) {
      Run run = t.client.submit(TestEngine.job("delete-early-" + i, "sleep 600").replicas(4));
      // when
      run.delete();
      ids.add(run.id());
    }

    // then
    TestEngine.awaitTrue(() -> replicasRunning().isEmpty(), "no replica left running");
    for (String id : ids) {
      TestEngine.awaitTrue(() -> !Files.exists(t.home().resolve("jobs").resolve(id)),
          "the directory of " + id + " to go");
    }
  }

  /** The processes working anywhere under this engine's job directories. */
  private List<ProcessHandle> replicasRunning() {
    Path jobs;
    try {
      jobs = t.home().resolve("jobs").toRealPath();
    } catch (IOException e) {
      return List.of(); // no job directory at all
    }
    return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive).filter(p -> {
      try {
        return Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd")).startsWith(jobs);
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        return false;
      }
    }).toList();
  }
}
