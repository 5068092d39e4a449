package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.client.AihcServiceException;
import dev.aihc.wire.JobEvent;
import dev.aihc.wire.JobItem;
import dev.aihc.client.JobResult;
import dev.aihc.wire.JobStatus;
import dev.aihc.wire.PodItem;
import dev.aihc.client.Run;
import dev.aihc.dsl.Priority;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole life of jobs on a real engine, driven through the real AihcClient over HTTP. */
@Timeout(60)
final class LocalEngineLifecycleTest {
  private static final String PRINT_ENV =
      "env | grep -E '^(RANK|WORLD_SIZE|MASTER_ADDR|MASTER_PORT|PET_[A-Z_]+|AIHC_[A-Z_]+|MY_VAR)=' | sort; "
          + "echo PWD=$(pwd)";

  @RegisterExtension final TestEngine t = TestEngine.perTest();

  @Test
  void givenTwoReplicaJob_whenItRuns_thenEachReplicaSeesTheDistributedEnvironmentAndTheJobSucceeds() {
    // given
    Run run = t.client.submit(TestEngine.job("ddp-env", PRINT_ENV).replicas(2).env("MY_VAR", "from-job")
        .env("RANK", "99").tensorboard("/tmp/tb"));

    // when
    JobResult result = run.await(TestEngine.WAIT);

    // then
    assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(result.reason()).isEqualTo("all 2 replicas exited with code 0");
    Map<String, String> master = env(run.logs("master-0"));
    Map<String, String> worker = env(run.logs("worker-0"));
    assertThat(master).containsEntry("RANK", "0").containsEntry("PET_NODE_RANK", "0");
    assertThat(worker).containsEntry("RANK", "1").containsEntry("PET_NODE_RANK", "1");
    for (Map<String, String> env : List.of(master, worker)) {
      assertThat(env).containsEntry("WORLD_SIZE", "2").containsEntry("PET_NNODES", "2")
          .containsEntry("MASTER_ADDR", "127.0.0.1").containsEntry("PET_MASTER_ADDR", "127.0.0.1")
          .containsEntry("PET_MAX_RESTARTS", "0").containsEntry("AIHC_JOB_NAME", "ddp-env")
          .containsEntry("AIHC_JOB_ID", run.id()).containsEntry("AIHC_TENSORBOARD_LOG_PATH", "/tmp/tb")
          .containsEntry("MY_VAR", "from-job");
      assertThat(env.get("MASTER_PORT")).matches("[0-9]+").isEqualTo(env.get("PET_MASTER_PORT"));
    }
    assertThat(master.get("MASTER_PORT")).isEqualTo(worker.get("MASTER_PORT"));
    assertThat(master.get("PWD")).isEqualTo(t.home().resolve("jobs").resolve(run.id()).resolve("ddp-env-master-0")
        .toString());
    assertThat(worker.get("PWD")).endsWith("/jobs/" + run.id() + "/ddp-env-worker-0");

    JobItem item = run.describe();
    assertThat(item.jobId()).matches("job-[A-Za-z0-9]{12}");
    assertThat(item.finishedAt()).isNotEmpty();
    assertThat(item.jobType()).isEqualTo("pytorch");
    assertThat(item.queueId()).isEqualTo("default");
    assertThat(item.jobSpec().path("image").asText()).isEqualTo("registry.baidubce.com/test/pytorch:1.0");
    assertThat(item.pods()).extracting(PodItem::podName).containsExactly("ddp-env-master-0", "ddp-env-worker-0");
    assertThat(item.pods()).allSatisfy(p -> {
      assertThat(p.status()).isEqualTo("Succeed");
      assertThat(p.exitCode()).isZero();
      assertThat(p.restarts()).isZero();
      assertThat(p.podIp()).isEqualTo("127.0.0.1");
    });
    assertThat(item.pods()).extracting(PodItem::replicaType).containsExactly("master", "worker");
    assertThat(item.jobTimeLine()).extracting(c -> c.conditionType())
        .containsExactly("Created", "Running", "Succeeded");
    assertThat(run.events()).extracting(JobEvent::reason)
        .filteredOn(r -> !r.startsWith("Tensorboard")) // whether it started or is absent depends on this host
        .containsExactly("Created", "SpecWarning", "Running", "Succeeded"); // the job sets RANK: warned
    assertThat(t.client.describePodEvents(run.id(), "ddp-env-worker-0", null, null).events())
        .extracting(JobEvent::reason).containsExactly("Started", "Completed");
    assertThat(t.client.describeJobNodes(run.id()).nodeName()).hasSize(1);
    assertThat(item.label("aijob.cce.baidubce.com/create-from-aihcp-api")).contains("true");
  }

  @Test
  void givenReplicaExitingNonZero_whenJobRuns_thenJobFailsNamingItAndTheOthersAreTerminated() throws IOException {
    // given
    String command = "if [ \"$RANK\" = 2 ]; then sleep 0.5; exit 3; fi; sleep 30";

    // when
    Run run = t.client.submit(TestEngine.job("one-fails", command).replicas(3));
    JobResult result = run.await(TestEngine.WAIT);

    // then
    assertThat(result.status()).isEqualTo(JobStatus.FAILED);
    assertThat(result.reason()).isEqualTo("worker-1 exited with code 3");
    assertThat(result.waited()).isLessThan(Duration.ofSeconds(15));
    JobItem item = t.awaitJob(run.id(), j -> j.pods().stream().allMatch(p -> p.exitCode() != null),
        "every pod to end");
    assertThat(item.reason()).isEqualTo("worker-1 exited with code 3");
    PodItem failed = pod(item, "one-fails-worker-1");
    assertThat(failed.status()).isEqualTo("Failed");
    assertThat(failed.exitCode()).isEqualTo(3);
    for (String other : List.of("one-fails-master-0", "one-fails-worker-0")) {
      PodItem p = pod(item, other);
      assertThat(p.status()).isEqualTo("Failed");
      assertThat(p.exitCode()).isEqualTo(143);
      assertThat(p.reason()).isEqualTo("terminated because the job failed: exited with code 143 (SIGTERM)");
      assertThat(processAlive(run.id(), other)).as(other + " process").isFalse();
    }
    assertThat(run.events()).filteredOn(e -> e.reason().equals("Failed"))
        .singleElement().satisfies(e -> assertThat(e.type()).isEqualTo("Warning"));
  }

  @Test
  void givenRunningJob_whenStopped_thenItGoesStoppingToStoppedAndItsProcessesEnd() throws IOException {
    // given
    Run run = t.client.submit(TestEngine.job("to-stop", "echo up; sleep 30").replicas(2));
    t.awaitJob(run.id(), j -> run.logs("master-0").contains("up") && run.logs("worker-0").contains("up"),
        "both replicas to run their command");

    // when
    run.stop();

    // then
    JobItem item = t.awaitStatus(run.id(), JobStatus.STOPPED);
    assertThat(item.reason()).isEqualTo("stopped by StopJob");
    assertThat(item.finishedAt()).isNotEmpty();
    assertThat(item.pods()).allSatisfy(p -> {
      assertThat(p.exitCode()).isEqualTo(143);
      assertThat(p.reason()).isEqualTo("stopped: exited with code 143 (SIGTERM)");
      assertThat(processAlive(run.id(), p.podName())).isFalse();
    });
    assertThat(run.events()).extracting(JobEvent::reason)
        .containsExactly("Created", "Running", "Stopping", "Stopped");
    run.stop(); // a second stop of an ended job changes nothing
    assertThat(run.status()).isEqualTo(JobStatus.STOPPED);
  }

  @Test
  void givenReplicaIgnoringSigterm_whenStopped_thenItIsKilledAfterTheGracePeriod() {
    // given
    Run run = t.client.submit(TestEngine.job("stubborn", "trap '' TERM; echo ready; sleep 30"));
    t.awaitJob(run.id(), j -> run.logs("master-0").contains("ready"), "the replica to start");
    long start = System.nanoTime();

    // when
    run.stop();
    JobItem item = t.awaitStatus(run.id(), JobStatus.STOPPED);

    // then
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10)); // grace is 1 s
    assertThat(item.pods().get(0).exitCode()).isEqualTo(137);
  }

  @Test
  void givenFinishedJob_whenDeleted_thenItsRecordAndLogsAreGone() {
    // given
    Run run = t.client.submit(TestEngine.job("to-delete", "echo bye"));
    run.await(TestEngine.WAIT);
    Path dir = t.home().resolve("jobs").resolve(run.id());
    assertThat(dir.resolve("to-delete-master-0.log")).exists();

    // when
    run.delete();

    // then
    assertThat(dir).doesNotExist();
    RawApi.Reply reply = t.api.post("DescribeJob", "{\"jobId\":\"" + run.id() + "\"}");
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.code()).isEqualTo("NotFound");
    assertThat(reply.message()).contains(run.id()).contains("does not exist");
  }

  @Test
  void givenRunningJob_whenDeleted_thenItsProcessesAreStoppedAndItsDirectoryRemoved() throws IOException {
    // given
    Run run = t.client.submit(TestEngine.job("delete-running", "echo up; sleep 30"));
    t.awaitJob(run.id(), j -> run.logs("master-0").contains("up"), "the replica to run its command");
    long pid = pid(run.id(), "delete-running-master-0");

    // when
    run.delete();

    // then
    TestEngine.awaitTrue(() -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == false,
        "the replica to end");
    TestEngine.awaitTrue(() -> !Files.exists(t.home().resolve("jobs").resolve(run.id())), "the directory to go");
    assertThat(t.client.jobs().map(JobItem::jobId)).doesNotContain(run.id());
  }

  @Test
  void givenTheSameNameTwice_whenCreated_thenTwoJobsWithDistinctIdsAreListed() {
    // when
    Run first = t.client.submit(TestEngine.job("twin", "true"));
    Run second = t.client.submit(TestEngine.job("twin", "true"));

    // then
    assertThat(first.id()).isNotEqualTo(second.id());
    List<JobItem> twins = t.client.jobs(q -> q.name("twin")).toList();
    assertThat(twins).extracting(JobItem::jobId).containsExactly(second.id(), first.id()); // newest first
    assertThat(t.client.jobs(q -> q.name("nobody")).toList()).isEmpty();
  }

  @Test
  void givenEightClientsCreatingAtOnce_whenAllAnswered_thenEveryJobHasItsOwnIdAndSucceeds() throws Exception {
    // given
    java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<String>> ids = new java.util.ArrayList<>();
      // when
      // Each body its own: the same signed body sent again within its signature's second is the same
      // request, answered with the first one's job (SignatureLedger).
      for (int i = 0; i < 40; i++) {
        String body = TestEngine.job("crowd", "echo $AIHC_JOB_ID").label("n", Integer.toString(i)).toCompactJson();
        ids.add(clients.submit(() -> t.create(body)));
      }
      java.util.Set<String> distinct = new java.util.HashSet<>();
      for (var id : ids) distinct.add(id.get(30, java.util.concurrent.TimeUnit.SECONDS));

      // then
      assertThat(distinct).hasSize(40).allMatch(id -> id.matches("job-[A-Za-z0-9]{12}"));
      for (String id : distinct) {
        assertThat(t.awaitStatus(id, JobStatus.SUCCEEDED, JobStatus.FAILED).status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(t.client.job(id).logs("master-0")).containsExactly(id);
      }
      assertThat(t.client.jobs(q -> q.name("crowd")).count()).isEqualTo(40);
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void givenImagePassword_whenJobCreated_thenItIsStoredAndReturnedMasked() throws IOException {
    // given
    String secret = "s3cret-registry-pass";

    // when
    Run run = t.client.submit(TestEngine.job("private-image", "true").imageAuth("robot", secret));
    run.await(TestEngine.WAIT);

    // then
    JobItem item = run.describe();
    assertThat(item.jobSpec().path("imageConfig").path("username").asText()).isEqualTo("robot");
    assertThat(item.jobSpec().path("imageConfig").path("password").asText()).isEqualTo("****");
    for (Path file : List.of(t.home().resolve("engine.db"), t.home().resolve("engine.db-wal"))) {
      if (Files.exists(file)) {
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).doesNotContain(secret);
      }
    }
  }

  @Test
  void givenAcceleratorNoQueueOffers_whenCreated_thenRefusedNamingTheQueuesCapacity() {
    // given: the default queue offers this machine's GPUs, or virtual ones of every known descriptor

    // when
    AihcServiceException e = org.junit.jupiter.api.Assertions.assertThrows(AihcServiceException.class,
        () -> t.client.submit(TestEngine.job("wants-tpus", "true").gpus("example.com/tpu", 4).rdma()));

    // then
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.errorCode()).isEqualTo("InvalidParam");
    assertThat(e.getMessage()).contains("jobSpec.resources: the job asks for 4 example.com/tpu per replica but "
        + "queue default of pool local: cpu ").contains(" has no example.com/tpu. Ask for a GPU the queue has");
    assertThat(t.client.jobs().toList()).isEmpty();
  }

  @Test
  void givenRunningJob_whenPriorityChangedAndBatchStopped_thenBothAreRecorded() {
    // given
    Run a = t.client.submit(TestEngine.job("batch-a", "sleep 30"));
    Run b = t.client.submit(TestEngine.job("batch-b", "sleep 30"));
    t.awaitStatus(a.id(), JobStatus.RUNNING);

    // when
    a.priority(Priority.HIGH);
    var result = t.client.batchStopJobs(List.of(a.id(), b.id(), "job-doesnotexist"));

    // then
    assertThat(result.successList()).extracting(n -> n.path("jobId").asText()).containsExactly(a.id(), b.id());
    assertThat(result.failedList()).extracting(n -> n.path("jobId").asText()).containsExactly("job-doesnotexist");
    assertThat(t.awaitStatus(a.id(), JobStatus.STOPPED).priority()).isEqualTo("high");
    t.awaitStatus(b.id(), JobStatus.STOPPED);
    assertThat(a.events()).extracting(JobEvent::reason).contains("PriorityChanged");
    assertThat(t.client.describeJobMetrics(a.id(), "CpuUsage",
        java.time.Instant.now().minusSeconds(60), java.time.Instant.now(), Duration.ofSeconds(10)).metrics())
        .extracting(s -> s.podName()).containsExactly("batch-a-master-0");
  }

  private static PodItem pod(JobItem item, String name) {
    return item.pods().stream().filter(p -> p.podName().equals(name)).findFirst().orElseThrow();
  }

  private long pid(String jobId, String pod) throws IOException {
    return Long.parseLong(Files.readString(t.home().resolve("jobs").resolve(jobId).resolve(pod + ".pid")).trim());
  }

  private boolean processAlive(String jobId, String pod) throws IOException {
    Optional<ProcessHandle> h = ProcessHandle.of(pid(jobId, pod));
    return h.isPresent() && h.get().isAlive();
  }

  private static Map<String, String> env(List<String> lines) {
    Map<String, String> env = new HashMap<>();
    for (String line : lines) {
      int eq = line.indexOf('=');
      if (eq > 0) env.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return env;
  }
}
