package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.wire.JobEvent;
import dev.aihc.wire.JobItem;
import dev.aihc.client.JobResult;
import dev.aihc.wire.JobStatus;
import dev.aihc.wire.PodItem;
import dev.aihc.client.Run;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * faultTolerance and faultToleranceArgs (spec 3.3) on a real engine with real processes, where one
 * minute of the flags lasts a second ({@code --minute 1s}).
 */
@Timeout(60)
final class LocalEngineFaultToleranceTest {
  /** Counts attempts in a file of its working directory, which a restart keeps. */
  private static final String COUNT = "n=$(( $(cat n 2>/dev/null || echo 0) + 1 )); echo $n > n; ";

  @TempDir Path home;
  private TestEngine t;

  @BeforeEach
  void start() {
    t = TestEngine.start(TestEngine.config(home).minute(Duration.ofSeconds(1)));
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void givenTwoRetries_whenEveryAttemptFails_thenThreeAttemptsOnEveryPodAndFollowShowsEachLineOnce() {
    // given: the worker fails each attempt once the master has printed (its log is beside the worker's
    // working directory); the master waits to be ended
    Run run = t.client.submit(TestEngine.job("flaky", COUNT + "echo attempt $n; if [ $RANK = 1 ]; then "
        + "until grep -q \"attempt $n\" ../flaky-master-0.log; do sleep 0.05; done; exit 3; fi; sleep 30").replicas(2)
        .faultTolerance(ft -> ft.unconditionalRetries(2).replace()));

    // when
    JobResult result = run.follow();

    // then
    assertThat(result.status()).isEqualTo(JobStatus.FAILED);
    assertThat(result.reason()).isEqualTo("worker-0 exited with code 3 (attempt 3 of 3: no restart left)");
    JobItem item = run.describe();
    assertThat(item.pods()).extracting(PodItem::restarts).containsExactly(2, 2);
    assertThat(run.events()).filteredOn(e -> e.reason().equals("Restarting")).hasSize(2);
    assertThat(run.events()).extracting(JobEvent::reason).contains("ReplaceNotApplicable", "FaultTolerance");
    assertThat(item.jobTimeLine()).extracting(c -> c.conditionType())
        .containsExactly("Created", "Running", "Restarting", "Running", "Restarting", "Running", "Failed");
    assertThat(run.logs("worker-0")).filteredOn(l -> l.startsWith("attempt"))
        .containsExactly("attempt 1", "attempt 2", "attempt 3");
    List<String> log = run.logs("master-0");
    assertThat(log).filteredOn(l -> l.startsWith("attempt")).containsExactly("attempt 1", "attempt 2", "attempt 3");
    assertThat(log).filteredOn(l -> l.startsWith("[aihc-local] ---- restart")).containsExactly(
        "[aihc-local] ---- restart 1 of 2: worker-0 exited with code 3 ----",
        "[aihc-local] ---- restart 2 of 2: worker-0 exited with code 3 ----");
    assertThat(log.indexOf("attempt 2")).isGreaterThan(log.indexOf(
        "[aihc-local] ---- restart 1 of 2: worker-0 exited with code 3 ----"));
    synchronized (t.shown) {
      assertThat(t.shown).filteredOn(l -> l.startsWith("[master-0] attempt"))
          .containsExactly("[master-0] attempt 1", "[master-0] attempt 2", "[master-0] attempt 3");
      assertThat(t.shown).contains("[master-0] restarted (restart 2)");
    }
  }

  @Test
  void givenCustomLogPattern_whenAReplicaWritesAMatchingLine_thenThatAttemptFailsAndTheRetrySucceeds() {
    // given
    Run run = t.client.submit(TestEngine.job("nccl", "if [ -f tried ]; then echo fine; exit 0; fi; touch tried; "
        + "echo step 1; echo 'NCCL  timeout in allreduce'; sleep 30")
        .faultToleranceArgs("--max-num-of-unconditional-retry=1 --custom-log-patterns=NCCL\\s+timeout"));

    // when
    JobResult result = run.await(TestEngine.WAIT);

    // then
    assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(run.describe().pods()).extracting(PodItem::restarts).containsExactly(1);
    assertThat(run.events()).extracting(JobEvent::message).contains("master-0 wrote a log line matching "
        + "--custom-log-patterns=NCCL\\s+timeout: NCCL  timeout in allreduce; ending it");
    assertThat(run.events()).filteredOn(e -> e.reason().equals("Restarting")).singleElement()
        .satisfies(e -> assertThat(e.message()).startsWith("restart 1 of 1: master-0 wrote a log line matching "
            + "--custom-log-patterns=NCCL\\s+timeout: NCCL  timeout in allreduce; exited with code 143 (SIGTERM)"));
    assertThat(run.logs("master-0")).containsSubsequence("step 1", "NCCL  timeout in allreduce", "fine");
  }

  @Test
  void givenHangDetection_whenAReplicaGoesSilent_thenItIsHungAfterTheLogTimeoutAndRestarted() {
    // given: grace 1 "minute", log timeout 2, stack timeout 5 (one minute lasts a second here)
    Run run = t.client.submit(TestEngine.job("silent", "if [ -f hung ]; then echo recovered; exit 0; fi; touch hung; "
        + "echo started; sleep 60").faultToleranceArgs("--enable-hang-detection=true "
        + "--hang-detection-log-timeout-minutes=2 --hang-detection-startup-toleration-minutes=1 "
        + "--hang-detection-stack-timeout-minutes=5 --max-num-of-unconditional-retry=1"));

    // when
    JobResult result = run.await(TestEngine.WAIT);

    // then
    assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(run.events()).filteredOn(e -> e.reason().equals("jobHang")).singleElement()
        .satisfies(e -> assertThat(e.message()).isEqualTo("master-0 is hung: no new log output for 2s "
            + "(--hang-detection-log-timeout-minutes); ending it"));
    assertThat(run.logs("master-0")).containsSubsequence("started", "recovered");
    assertThat(run.describe().pods()).extracting(PodItem::restarts).containsExactly(1);
  }

  @Test
  void givenStackTimeoutOnly_whenOneReplicaIdlesAndAnotherComputes_thenOnlyTheIdleOneIsHung() {
    // given: no log check; a replica whose processes use no CPU for a "minute" is hung
    String flags = "--enable-hang-detection=true --hang-detection-log-timeout-minutes=0 "
        + "--hang-detection-startup-toleration-minutes=0 --hang-detection-stack-timeout-minutes=1";
    Run idle = t.client.submit(TestEngine.job("idle", "sleep 60").faultToleranceArgs(flags));
    Run busy = t.client.submit(TestEngine.job("busy", "timeout 3 sh -c 'while :; do :; done'; echo done")
        .faultToleranceArgs(flags));

    // when
    JobResult idleResult = idle.await(TestEngine.WAIT);
    JobResult busyResult = busy.await(TestEngine.WAIT);

    // then
    assertThat(idleResult.status()).isEqualTo(JobStatus.FAILED);
    assertThat(idleResult.reason()).isEqualTo("master-0 is hung: its processes made no CPU progress for 1s "
        + "(--hang-detection-stack-timeout-minutes); exited with code 143 (SIGTERM)");
    assertThat(busyResult.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(busy.events()).extracting(JobEvent::reason).doesNotContain("jobHang");
  }

  @Test
  void givenNoFaultTolerance_whenTheReplicaFails_thenTheJobFailsAtOnceEvenWithArgsRecorded() {
    // given: faultToleranceArgs without faultTolerance, as a raw body may send them
    String id = t.create("{\"name\": \"fragile\", \"queue\": \"default\", \"command\": \"echo once; exit 3\","
        + " \"jobSpec\": {\"image\": \"registry.baidubce.com/test/pytorch:1.0\", \"replicas\": 1},"
        + " \"faultTolerance\": false, \"faultToleranceArgs\": \"--max-num-of-unconditional-retry=2\"}");
    Run plain = t.client.submit(TestEngine.job("plain", "echo once; exit 3"));

    // when
    JobItem fragile = t.awaitStatus(id, JobStatus.FAILED);
    JobResult result = plain.await(TestEngine.WAIT);

    // then
    assertThat(fragile.reason()).isEqualTo("master-0 exited with code 3");
    assertThat(t.client.job(id).events()).extracting(JobEvent::reason)
        .containsExactly("Created", "SpecWarning", "FaultTolerance", "Running", "Failed"); // args without FT: warned
    assertThat(t.client.job(id).events().get(2).message()).isEqualTo("faultToleranceArgs "
        + "'--max-num-of-unconditional-retry=2' recorded, but faultTolerance is false: nothing of it applies, and "
        + "the first failure is final");
    assertThat(result.status()).isEqualTo(JobStatus.FAILED);
    assertThat(result.reason()).isEqualTo("master-0 exited with code 3");
    assertThat(plain.events()).extracting(JobEvent::reason).containsExactly("Created", "Running", "Failed");
    assertThat(plain.logs("master-0")).containsExactly("once");
    assertThat(plain.describe().pods()).extracting(PodItem::restarts).containsExactly(0);
  }
}
