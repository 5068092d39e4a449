package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.client.AihcClient;
import dev.aihc.wire.JobEvent;
import dev.aihc.client.JobResult;
import dev.aihc.wire.JobStatus;
import dev.aihc.client.Run;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.PodItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The engine as its own JVM, SIGKILLed at awkward moments, then restarted on the same home. */
@Timeout(90)
final class LocalEngineCrashTest {
  @TempDir Path dir;

  @Test
  void givenEngineKilledRightAfterCreateJobAnswered_whenRestarted_thenTheJobIsThereAndRunsOnce() throws Exception {
    Path home = dir.resolve("home");
    String jobId;
    // given
    try (EngineProcess first = EngineProcess.start(home, "first")) {
      try (RawApi api = new RawApi(first.url(), first.credentials())) {
        RawApi.Reply created = api.post("CreateJob", TestEngine.job("survivor", "echo once; sleep 1").toCompactJson());
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        jobId = created.json().path("jobId").asText();
        // when
        first.kill();
      }
    }

    // then
    try (EngineProcess second = EngineProcess.start(home, "second");
        AihcClient client = second.client()) {
      Run run = client.job(jobId);
      assertThat(run.name()).isEqualTo("survivor");
      JobResult result = run.await(Duration.ofSeconds(30));
      assertThat(result.status()).as(second.stderr()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(run.logs("master-0")).containsExactly("once"); // started once, whenever the kill came
    }
  }

  @Test
  void givenReplicasRunningWhenEngineKilled_whenRestarted_thenTheyAreFollowedAgainAndEndingsMeanwhileRecorded()
      throws Exception {
    Path home = dir.resolve("home");
    String lasting;
    String failing;
    Path go = dir.resolve("go"); // the lasting replica ends once this exists: after the restart, however slow
    // given: two running jobs; one will exit 7 while the engine is down, one outlives the outage
    try (EngineProcess first = EngineProcess.start(home, "first");
        AihcClient client = first.client()) {
      Run a = client.submit(TestEngine.job("outlives", "echo before; " + awaitFile(go) + "; echo after"));
      Run b = client.submit(TestEngine.job("dies-meanwhile", "echo hi; sleep 0.5; exit 7"));
      lasting = a.id();
      failing = b.id();
      TestEngine.awaitTrue(() -> a.logs("master-0").contains("before") && b.logs("master-0").contains("hi"),
          "both replicas to start");

      // when
      first.kill();
    }
    Thread.sleep(1000); // b exits while no engine runs

    // then
    try (EngineProcess second = EngineProcess.start(home, "second");
        AihcClient client = second.client()) {
      JobResult b = client.job(failing).await(Duration.ofSeconds(30));
      assertThat(b.status()).as(second.stderr()).isEqualTo(JobStatus.FAILED);
      assertThat(b.reason()).isEqualTo("master-0 exited with code 7");

      Run a = client.job(lasting);
      assertThat(a.events()).extracting(JobEvent::reason).containsExactly("Created", "Running");
      assertThat(client.describePodEvents(lasting, "outlives-master-0", null, null).events())
          .extracting(JobEvent::reason).containsExactly("Started", "Reattached");
      Files.createFile(go);
      JobResult result = a.await(Duration.ofSeconds(30));
      assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(a.logs("master-0")).containsExactly("before", "after");
    }
  }

  @Test
  void givenSandboxedReplicaRunningWhenEngineKilled_whenRestarted_thenItIsFollowedAgainAndStopReachesTheCommand()
      throws Exception {
    Path home = dir.resolve("home");
    Files.createDirectories(home);
    Files.createDirectories(dir.resolve("pfs/pfs-c"));
    Files.writeString(dir.resolve("pfs/pfs-c/seed"), "seeded\n");
    Files.writeString(home.resolve("config.json"), "{\"datasources\": {\"pfsRoot\": \"" + dir.resolve("pfs") + "\"}}");
    String jobId;
    // given: a replica inside bubblewrap, with a pfs mount
    try (EngineProcess first = EngineProcess.start(home, "first");
        AihcClient client = first.client()) {
      Run run = client.submit(TestEngine.job("sandboxed", "trap 'echo got-term; exit 5' TERM; "
          + "cat /aihc-crash-test/pfs/seed; echo ready; sleep 30 & wait").pfs("pfs-c", "/aihc-crash-test/pfs"));
      jobId = run.id();
      TestEngine.awaitTrue(() -> run.logs("master-0").contains("ready"), "the replica to start");

      // when
      first.kill();
    }

    // then
    try (EngineProcess second = EngineProcess.start(home, "second");
        AihcClient client = second.client()) {
      Run run = client.job(jobId);
      assertThat(client.describePodEvents(jobId, "sandboxed-master-0", null, null).events())
          .as(second.stderr()).extracting(JobEvent::reason).containsExactly("Started", "Reattached");
      run.stop();
      JobResult result = run.await(Duration.ofSeconds(30));
      assertThat(result.status()).isEqualTo(JobStatus.STOPPED);
      assertThat(run.logs("master-0")).containsExactly("seeded", "ready", "got-term");
      assertThat(run.describe().pods().get(0).exitCode()).isEqualTo(5);
    }
    assertThat(Path.of("/aihc-crash-test")).doesNotExist();
  }

  @Test
  void givenReplicaKilledWithItsWrapperWhileNoEngineRan_whenRestarted_thenTheJobFailsAsLostInsteadOfRunningForEver()
      throws Exception {
    Path home = dir.resolve("home");
    String jobId;
    // given: a running replica, the engine SIGKILLed, then the replica's whole group SIGKILLed: no exit code
    try (EngineProcess first = EngineProcess.start(home, "first");
        AihcClient client = first.client()) {
      Run run = client.submit(TestEngine.job("vanishes", "echo up; sleep 60"));
      jobId = run.id();
      TestEngine.awaitTrue(() -> run.logs("master-0").contains("up"), "the replica to start");
      first.kill();
    }
    long pgid = Long.parseLong(Files.readString(home.resolve("jobs").resolve(jobId).resolve("vanishes-master-0.pid"))
        .trim());
    Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + pgid).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).isTrue();
    TestEngine.awaitTrue(() -> ProcessHandle.of(pgid).isEmpty(), "the replica to be gone");

    // when
    try (EngineProcess second = EngineProcess.start(home, "second");
        AihcClient client = second.client()) {
      // then
      JobItem job = client.job(jobId).describe();
      assertThat(job.status()).isEqualTo(JobStatus.FAILED);
      assertThat(job.reason()).isEqualTo("master-0 lost while the engine was down");
      assertThat(job.pods()).extracting(PodItem::status).containsExactly("Failed");
    }
  }

  @Test
  void givenReplicaStartedButNotYetRecordedWhenEngineKilled_whenRestarted_thenItIsAdoptedNotStartedTwice()
      throws Exception {
    Path home = dir.resolve("home");
    String jobId;
    Path go = dir.resolve("go"); // the replica ends once this exists: after the restart adopted it, however slow
    // given: a running replica, then the engine SIGKILLed and its records set back to just before the
    // replica was recorded: job Created, pod Pending, no pid file yet (the narrowest crash window)
    try (EngineProcess first = EngineProcess.start(home, "first");
        AihcClient client = first.client()) {
      Run run = client.submit(TestEngine.job("window", "echo start; " + awaitFile(go) + "; echo end"));
      jobId = run.id();
      TestEngine.awaitTrue(() -> run.logs("master-0").contains("start"), "the replica to start");
      first.kill();
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("engine.db"));
        Statement s = c.createStatement()) {
      s.execute("UPDATE pods SET status = 'Pending', pid = NULL, proc_start = NULL, started_at = NULL WHERE job_id = '"
          + jobId + "'");
      s.execute("UPDATE jobs SET status = 'Created' WHERE job_id = '" + jobId + "'");
    }
    Files.delete(home.resolve("jobs").resolve(jobId).resolve("window-master-0.pid"));

    // when
    try (EngineProcess second = EngineProcess.start(home, "second");
        AihcClient client = second.client()) {
      // then
      Run run = client.job(jobId);
      TestEngine.awaitTrue(() -> client.describePodEvents(jobId, "window-master-0", null, null).events().stream()
          .anyMatch(e -> e.reason().equals("Reattached")), "the replica to be adopted");
      Files.createFile(go);
      assertThat(run.await(Duration.ofSeconds(30)).status()).as(second.stderr()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(run.logs("master-0")).containsExactly("start", "end");
      assertThat(client.describePodEvents(jobId, "window-master-0", null, null).events()).extracting(JobEvent::reason)
          .containsExactly("Started", "Reattached", "Completed");
    }
  }

  /** A shell loop that returns once {@code file} exists (polling a tenth of a second). */
  private static String awaitFile(Path file) {
    return "while [ ! -e '" + file + "' ]; do sleep 0.1; done";
  }
}
