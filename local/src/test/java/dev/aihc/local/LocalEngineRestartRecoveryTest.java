package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.client.AihcClient;
import dev.aihc.client.JobResult;
import dev.aihc.wire.JobStatus;
import dev.aihc.wire.PodItem;
import dev.aihc.client.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Fault tolerance across a SIGKILLed engine: the next engine on the home applies the retry rule. */
@Timeout(90)
final class LocalEngineRestartRecoveryTest {
  @TempDir Path dir;

  @Test
  void givenRestartableJob_whenAReplicaFailsWhileNoEngineRuns_thenTheNextEngineRestartsTheWholeJobLeavingNoOrphan()
      throws Exception {
    Path home = dir.resolve("home");
    String jobId;
    long firstWorker;
    // given: attempt 1's master fails a second in, after the engine is gone; its worker would sleep on
    // (the master comes first when the next engine looks at the replicas)
    try (EngineProcess first = EngineProcess.start(home, "first"); AihcClient client = first.client()) {
      Run run = client.submit(TestEngine.job("ft-crash", "n=$(( $(cat n 2>/dev/null || echo 0) + 1 )); echo $n > n; "
          + "echo attempt $n; if [ $n -ge 2 ]; then exit 0; fi; if [ $RANK = 0 ]; then sleep 1; exit 3; fi; sleep 60")
          .replicas(2).faultTolerance(ft -> ft.unconditionalRetries(1)));
      jobId = run.id();
      TestEngine.awaitTrue(() -> run.logs("master-0").contains("attempt 1") && run.logs("worker-0").contains("attempt 1"),
          "attempt 1 of both replicas");
      firstWorker = Long.parseLong(Files.readString(home.resolve("jobs").resolve(jobId).resolve("ft-crash-worker-0.pid"))
          .trim());
      // when
      first.kill();
    }
    Thread.sleep(1500); // the master exits 3 while no engine runs

    // then
    try (EngineProcess second = EngineProcess.start(home, "second"); AihcClient client = second.client()) {
      Run run = client.job(jobId);
      JobResult result = run.await(Duration.ofSeconds(30));
      assertThat(result.status()).as(second.stderr()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(run.describe().pods()).extracting(PodItem::restarts).containsExactly(1, 1);
      assertThat(run.logs("worker-0")).containsSubsequence("attempt 1", "attempt 2");
      Optional<ProcessHandle> old = ProcessHandle.of(firstWorker);
      assertThat(old.isPresent() && old.get().isAlive()).as("attempt 1's worker still running").isFalse();
    }
  }
}
