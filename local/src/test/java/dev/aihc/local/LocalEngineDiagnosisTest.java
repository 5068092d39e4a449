package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.insight.Diagnosis;
import dev.aihc.insight.FailureCause;
import dev.aihc.client.JobResult;
import dev.aihc.wire.JobStatus;
import dev.aihc.client.Run;
import dev.aihc.dsl.Job;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real failures of real processes on the local engine, and the diagnosis each gets: which cause, which
 * replica started it (not the ones ended because of it), the evidence and the hint. One engine for the
 * class, whose minute lasts a second so hang detection acts within seconds.
 */
@Timeout(90)
final class LocalEngineDiagnosisTest {
  private static final String PYTHON = "/usr/bin/python3";
  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension static final TestEngine t =
      TestEngine.perClass(home -> TestEngine.config(home).minute(Duration.ofSeconds(1)));
  @TempDir static Path scripts;

  @BeforeAll
  static void requireTorch() throws Exception {
    Process p = new ProcessBuilder(PYTHON, "-c", "import torch.distributed")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0)
        .as(PYTHON + " cannot import torch.distributed; apt-get install python3-torch (./aihc test does)").isTrue();
  }

  @Test
  void givenRankOneRaisingWhileRankZeroWaitsInAllReduce_thenPythonExceptionOfWorker0WithItsLine()
      throws IOException {
    Path script = script("exc.py", """
        import torch, torch.distributed as dist
        dist.init_process_group('gloo')
        rank = dist.get_rank()
        t = torch.ones(4)
        dist.all_reduce(t)
        print(f"rank {rank} step 1 ok", flush=True)
        if rank == 1:
            raise ValueError("bad batch at step 2")
        dist.all_reduce(t)
        """);

    JobResult result = await(TestEngine.job("diag-exception", PYTHON + " " + script).replicas(2));

    Diagnosis d = result.diagnosis().orElseThrow();
    assertThat(d.cause()).as(d.toString()).isEqualTo(FailureCause.PYTHON_EXCEPTION);
    assertThat(d.culprit()).isEqualTo("worker-0");
    assertThat(d.rank()).hasValue(1);
    assertThat(d.evidence()).contains("[worker-0] File \"" + script + "\", line 8, in <module>",
        "[worker-0] ValueError: bad batch at step 2");
    assertThat(d.summary()).isEqualTo("Python exception in worker-0 (rank 1): ValueError: bad batch at step 2");
    assertThat(d.hint()).contains("master-0 ended because of it");
    assertThat(shown()).contains("diagnosis: Python exception in worker-0 (rank 1): ValueError: bad batch at step 2");
    assertThat(result.toString()).contains("\nPython exception in worker-0 (rank 1)");
  }

  @Test
  void givenAWorkerThatNeverJoins_whenTheMastersGlooRendezvousTimesOut_thenCommunicationFailureOfTheMaster()
      throws IOException {
    Path script = script("rendezvous.py", """
        import datetime, torch.distributed as dist
        print("joining", flush=True)
        dist.init_process_group('gloo', timeout=datetime.timedelta(seconds=3))
        """);

    JobResult result = await(TestEngine.job("diag-rendezvous",
        "if [ \"$RANK\" = 0 ]; then " + PYTHON + " " + script + "; else echo never joining; sleep 60; fi").replicas(2));

    Diagnosis d = result.diagnosis().orElseThrow();
    assertThat(d.cause()).as(d.toString()).isEqualTo(FailureCause.COMMUNICATION_FAILURE);
    assertThat(d.culprit()).isEqualTo("master-0");
    assertThat(d.evidence()).last().asString().startsWith("[master-0] RuntimeError: Socket Timeout");
    assertThat(d.evidence()).contains("[master-0] File \"" + script + "\", line 3, in <module>");
    assertThat(d.hint()).contains("join the process group").contains("worker-0");
  }

  @Test
  void givenACommandThatDoesNotExist_thenCommandNotFoundWithTheShellsLine() {
    JobResult result = await(TestEngine.job("diag-missing", "trainz --epochs 3"));

    Diagnosis d = result.diagnosis().orElseThrow();
    assertThat(d.cause()).as(d.toString()).isEqualTo(FailureCause.COMMAND_NOT_FOUND);
    assertThat(d.culprit()).isEqualTo("master-0");
    assertThat(d.evidence()).first().asString().isEqualTo("master-0 exited with code 127");
    assertThat(d.evidence()).last().asString().contains("trainz: command not found");
    assertThat(d.hint()).contains("PATH");
  }

  @Test
  void givenAWorkerKilledBySigkill_thenKilledBySignalOfThatWorkerNotTheMasterEndedAfterIt() {
    JobResult result = await(TestEngine.job("diag-signal",
        "if [ \"$RANK\" = 1 ]; then echo working; sleep 1; kill -KILL $$; else echo waiting; sleep 60; fi")
        .replicas(2));

    Diagnosis d = result.diagnosis().orElseThrow();
    assertThat(d.cause()).as(d.toString()).isEqualTo(FailureCause.KILLED_BY_SIGNAL);
    assertThat(d.culprit()).isEqualTo("worker-0");
    assertThat(d.evidence()).last().asString().isEqualTo("[worker-0] killed by SIGKILL (exit code 137)");
    assertThat(d.hint()).contains("SIGKILL").contains("master-0 ended because of it");
  }

  @Test
  void givenAReplicaOverItsMemory_whenTheEngineHoldsItToIt_thenOutOfMemory() throws IOException {
    Path script = script("oom.py", """
        chunks = []
        for i in range(64):
            chunks.append(bytearray(32 << 20))
            print("allocated", (i + 1) * 32, "MB", flush=True)
        """);

    JobResult result = await(TestEngine.job("diag-oom",
        "if [ \"$RANK\" = 1 ]; then " + PYTHON + " " + script + "; else sleep 60; fi").replicas(2).memory(0.25));

    Diagnosis d = result.diagnosis().orElseThrow();
    assertThat(d.cause()).as(d.toString()).isEqualTo(FailureCause.OUT_OF_MEMORY);
    assertThat(d.culprit()).isEqualTo("worker-0");
    assertThat(String.join("\n", d.evidence())).contains("allocated").contains("0.25 GB");
    assertThat(d.hint()).contains(".memory(GB)");
    // it died near its limit, not before it nor far past it
    String lastAllocation = t.client.job(result.jobId()).logs("worker-0").stream()
        .filter(l -> l.startsWith("allocated")).reduce((a, b) -> b).orElseThrow();
    int mb = Integer.parseInt(lastAllocation.split(" ")[1]);
    assertThat(mb).isBetween(160, 256);
  }

  @Test
  void givenHangDetectionWithOneRetry_whenTheWorkerHangsBothTimes_thenHangOfTheWorker() {
    // one minute lasts a second: log timeout 2 s, startup toleration 1 s, one restart
    JobResult result = await(TestEngine.job("diag-hang",
        "if [ \"$RANK\" = 1 ]; then echo started; sleep 60; else for i in $(seq 1 200); do echo step $i; "
            + "sleep 0.3; done; fi").replicas(2)
        .faultTolerance(ft -> ft.hangDetection(Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofMinutes(30))
            .unconditionalRetries(1)));

    Diagnosis d = result.diagnosis().orElseThrow();
    assertThat(result.reason()).contains("no restart left");
    assertThat(d.cause()).as(d.toString()).isEqualTo(FailureCause.HANG);
    assertThat(d.culprit()).isEqualTo("worker-0");
    assertThat(d.evidence()).anySatisfy(e -> assertThat(e).contains("is hung: no new log output for 2s"));
    assertThat(d.evidence()).contains("[worker-0] last line: started");
  }

  @Test
  void givenASucceededJob_thenNoDiagnosis() {
    JobResult result = await(TestEngine.job("diag-ok", "echo fine"));

    assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(result.diagnosis()).isEmpty();
  }

  private static JobResult await(Job job) {
    Run run = t.client.submit(job);
    JobResult result = run.await(WAIT);
    assertThat(result.status()).as(result.toString()).isIn(JobStatus.FAILED, JobStatus.SUCCEEDED);
    return result;
  }

  private static java.util.List<String> shown() {
    synchronized (t.shown) {
      return java.util.List.copyOf(t.shown);
    }
  }

  private static Path script(String name, String text) throws IOException {
    Path p = scripts.resolve(name);
    Files.writeString(p, text);
    return p;
  }
}
