package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.aihc.client.AihcClient;
import dev.aihc.client.AihcServiceException;
import dev.aihc.client.JobResult;
import dev.aihc.client.Run;
import dev.aihc.local.internal.config.Home;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.JobStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * The engine with its home on a real 40 MB file system (tmpfs; root, as in CI) that a job's checkpoint fills: nothing
 * stuck, nothing lost, a clear answer while it lasts (issue 22).
 */
final class DiskFullTest {
  /**
   * Writes a 60 MB checkpoint, more than the file system holds, and fails with head's write (its output, which its
   * relay would keep writing around a full disk, is not what ends it).
   */
  private static final String CHATTY = "head -c 60000000 /dev/zero > checkpoint.bin";

  @Test
  void givenAJobThatFillsTheDisk_whenItsReplicaEndsWhileTheDiskIsFull_thenWritesAre503AndTheJobEndsOnceThereIsRoom()
      throws Exception {
    try (SmallFileSystem fs = SmallFileSystem.mount(40); LogCapture log = LogCapture.start()) {
      Path home = fs.dir().resolve("home");
      try (TestEngine t = TestEngine.start(home)) {
        String id = t.create(TestEngine.job("chatty", CHATTY).toCompactJson());
        String pod = "chatty-master-0";
        Home files = new Home(home);

        // given: the replica filled the disk and ended (its own write failed), and the engine could not record it
        TestEngine.awaitTrue(() -> Files.exists(files.pidFile(id, pod)), "the replica's pid file");
        long pid = Long.parseLong(Files.readString(files.pidFile(id, pod)).trim());
        TestEngine.awaitTrue(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "the replica's end");
        assertThat(fs.free()).as("free bytes on the engine home's file system").isLessThan(1024 * 1024);

        // when: a new job and a priority change come while the disk is full
        RawApi.Reply refused = t.api.post("CreateJob", TestEngine.job("later", "true").toCompactJson());
        RawApi.Reply modify = t.api.post("ModifyJob", "{\"jobId\":\"" + id + "\",\"priority\":\"high\"}");

        // then: 503 InsufficientStorage naming the home, what is free and what is needed; nothing half-created
        assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
        assertThat(refused.json().path("code").asText()).isEqualTo("InsufficientStorage");
        assertThat(refused.json().path("message").asText()).contains(home.toString()).contains("free of 40.0 MB")
            .contains("keeps at least 2.0 MB free").contains("./aihc local prune");
        // and: the client, after its retries (which create nothing), says what to do
        AihcServiceException submit = catchThrowableOfType(AihcServiceException.class,
            () -> t.client.submit(TestEngine.job("later", "true")));
        assertThat(submit.statusCode()).isEqualTo(503);
        assertThat(submit.getMessage()).contains("InsufficientStorage").contains(home.toString())
            .contains("Free space on the local engine's home").contains("nothing of this request was kept");
        assertThat(modify.status()).as(modify.toString()).isEqualTo(503);
        assertThat(modify.json().path("code").asText()).isEqualTo("InsufficientStorage");
        // and: reads go on
        assertThat(t.ok("DescribeJobs", "{}").path("totalCount").asInt()).isEqualTo(1);
        assertThat(t.api.post("DescribeJobLogs", "{\"jobId\":\"" + id + "\",\"podName\":\"" + pod + "\"}").status())
            .isEqualTo(200);
        assertThat(t.api.post("DescribeJobEvents", "{\"jobId\":\"" + id + "\"}").status()).isEqualTo(200);

        // when: room comes back (the user deletes the checkpoint that filled it)
        Files.delete(files.workDir(id, pod).resolve("checkpoint.bin"));

        // then: the replica's end, kept meanwhile, is written and the job ends as its replica did
        JobItem ended = t.awaitStatus(id, JobStatus.FAILED, JobStatus.SUCCEEDED);
        assertThat(ended.status()).isEqualTo(JobStatus.FAILED);
        assertThat(ended.pods().get(0).exitCode()).isEqualTo(1); // head's, when its write failed
        // and: new jobs are taken again, and the refused one was never created
        String next = t.create(TestEngine.job("later", "true").toCompactJson());
        t.awaitStatus(next, JobStatus.SUCCEEDED);
        assertThat(t.ok("DescribeJobs", "{}").path("totalCount").asInt()).isEqualTo(2);
      }
      // and: the engine log said it once each way, with no stack trace for these expected conditions
      List<LogRecord> records = log.records();
      assertThat(records.stream().filter(r -> r.getThrown() != null).map(r -> r.getMessage() + " " + r.getThrown()))
          .isEmpty();
      assertThat(records.stream().filter(r -> r.getLevel() == Level.WARNING && r.getMessage().contains("below the")))
          .hasSize(1);
      assertThat(records.stream().filter(r -> r.getMessage().contains("free again"))).hasSize(1);
    }
  }

  @Test
  void givenAReplicaThatEndedWhileTheDiskWasFull_whenTheEngineIsKilledAndAnotherStartsWithRoom_thenTheJobEnds()
      throws Exception {
    try (SmallFileSystem fs = SmallFileSystem.mount(40)) {
      Path home = fs.dir().resolve("home");
      String id;
      Home files = new Home(home);
      String pod = "short-master-0";
      // given: a replica ends while the disk is full, and the engine that could not record it is killed
      try (EngineProcess first = EngineProcess.start(home, "first"); AihcClient client = first.client()) {
        id = client.submit(TestEngine.job("short", "sleep 2")).id();
        TestEngine.awaitTrue(() -> Files.exists(files.pidFile(id, pod)) && client.job(id).status() == JobStatus.RUNNING,
            "the replica running");
        long pid = Long.parseLong(Files.readString(files.pidFile(id, pod)).trim());
        Path filler = fs.fill("filler");
        TestEngine.awaitTrue(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "the replica's end");
        assertThat(client.job(id).status()).as("the end the full disk kept out of the store").isEqualTo(JobStatus.RUNNING);
        first.kill();
        Files.delete(filler);
      }

      // when: the next engine starts with room
      try (EngineProcess second = EngineProcess.start(home, "second"); AihcClient client = second.client()) {
        // then: its recovery reads the replica's end from its files and ends the job (no exit code: the exit file
        // had no room either, so it cannot be told from a kill)
        JobResult result = client.job(id).await(Duration.ofSeconds(30));
        assertThat(result.status()).as(second.stderr()).isEqualTo(JobStatus.FAILED);
        assertThat(result.reason()).contains("lost while the engine was down");
      }
    }
  }

  @Test
  void givenAJobThatFitsItsQueue_whenTheDiskIsBelowTheFloor_thenItWaitsAndWhySaysSoUntilThereIsRoom() throws Exception {
    try (SmallFileSystem fs = SmallFileSystem.mount(40)) {
      Path home = fs.dir().resolve("home");
      Files.createDirectories(home);
      Files.writeString(home.resolve("config.json"), "{\"pools\": [{\"id\": \"local\", \"queues\": [{\"name\":"
          + " \"default\", \"aliases\": [\"*\"], \"cpu\": 2, \"memory\": 4, \"rehearsalGpus\": 0}]}]}");
      try (TestEngine t = TestEngine.start(home)) {
        // given: the queue is full, and a job waits for it
        Run big = t.client.submit(TestEngine.job("big", "sleep 2").cpu(2));
        Run next = t.client.submit(TestEngine.job("next", "echo ran").cpu(1));
        t.awaitStatus(big.id(), JobStatus.RUNNING);
        // when: the disk goes below the floor (2 MB of 40), with room left to write, and the queue frees up
        Path filler = fs.fill("filler", 1024 * 1024);
        t.awaitStatus(big.id(), JobStatus.SUCCEEDED);

        // then: the job that now fits waits for room, and why() says so, naming the home
        TestEngine.awaitTrue(() -> next.why().reasons().stream().anyMatch(r -> r.startsWith("waiting for room")),
            "why() naming the room; it says " + next.why());
        assertThat(String.join("\n", next.why().reasons())).contains(home.toString()).contains("free of 40.0 MB");
        assertThat(next.status()).isEqualTo(JobStatus.CREATED);

        // and: with room again, it starts and runs
        Files.delete(filler);
        assertThat(next.await(Duration.ofSeconds(20)).status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(next.logs("master-0")).contains("ran");
      }
    }
  }
}
