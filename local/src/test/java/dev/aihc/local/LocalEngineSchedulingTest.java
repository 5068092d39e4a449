package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.aihc.client.AihcServiceException;
import dev.aihc.wire.JobEvent;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.JobStatus;
import dev.aihc.wire.QueueItem;
import dev.aihc.wire.QueueList;
import dev.aihc.client.Run;
import dev.aihc.dsl.Gpu;
import dev.aihc.dsl.Job;
import dev.aihc.dsl.Priority;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pools, queues, capacity and priority on a real engine through the real client. The queue's GPUs come
 * from {@code config.json}: two "real" A800 ids (a fake inventory: the replicas only see them in
 * {@code CUDA_VISIBLE_DEVICES}), so the tests run the same on any machine.
 */
@Timeout(60)
final class LocalEngineSchedulingTest {
  private static final String A800 = Gpu.A800.descriptor();
  /** Two real A800s, 4 cores, 8 GB; no virtual devices. */
  static final String TWO_GPUS = "{\"pools\": [{\"id\": \"local\", \"aliases\": [\"*\"], \"queues\": [{\"name\": \"default\","
      + " \"aliases\": [\"*\"], \"cpu\": 4, \"memory\": 8, \"gpus\": {\"" + A800 + "\": [\"0\", \"1\"]},"
      + " \"rehearsalGpus\": 0}]}]}";

  @TempDir Path home;
  private TestEngine t;

  private TestEngine start(String config) throws IOException {
    Files.createDirectories(home);
    Files.writeString(home.resolve("config.json"), config);
    t = TestEngine.start(home);
    return t;
  }

  @AfterEach
  void stop() {
    if (t != null) t.close();
  }

  private static Job gpuJob(String name, int gpus, String command) {
    return TestEngine.job(name, command).gpus(Gpu.A800, gpus);
  }

  @Test
  void givenFullQueue_whenJobsOfEachPriorityWaitAndTheLowOneIsRaised_thenTheyStartByPriorityThenSubmission() throws Exception {
    // given
    start(TWO_GPUS);
    Path order = home.resolve("order.txt");
    String record = "echo $AIHC_JOB_NAME >> " + order;
    Run blocker = t.client.submit(gpuJob("blocker", 2, "sleep 30"));
    t.awaitStatus(blocker.id(), JobStatus.RUNNING);
    Run low = t.client.submit(gpuJob("low-1", 2, record).priority(Priority.LOW));
    Run normal1 = t.client.submit(gpuJob("normal-1", 2, record));
    Run normal2 = t.client.submit(gpuJob("normal-2", 2, record));
    Run high = t.client.submit(gpuJob("high-1", 2, record).priority(Priority.HIGH));
    for (Run r : List.of(low, normal1, normal2, high)) {
      t.awaitJob(r.id(), j -> j.reason().contains("needs 2 " + A800 + ", 0 free"), "waiting for GPUs");
    }

    // when
    low.priority(Priority.HIGH);
    blocker.stop();

    // then
    for (Run r : List.of(low, normal1, normal2, high)) t.awaitStatus(r.id(), JobStatus.SUCCEEDED);
    assertThat(Files.readAllLines(order)).containsExactly("low-1", "high-1", "normal-1", "normal-2");
    JobItem waited = normal2.describe();
    assertThat(waited.jobTimeLine()).extracting(c -> c.conditionType()).containsExactly("Created", "Running", "Succeeded");
    assertThat(normal2.events()).extracting(JobEvent::message)
        .contains("waiting in queue default: needs 2 " + A800 + ", 0 free");
    assertThat(low.events()).extracting(JobEvent::message)
        .contains("priority changed from low to high; now 1st of 4 waiting in queue default");
  }

  @Test
  void givenTwoRealGpus_whenThreeOneGpuJobsAndACpuJob_thenNoGpuIsHandedOutTwiceAndTheThirdWaits() throws Exception {
    // given
    start(TWO_GPUS);
    String show = "echo \"CUDA=[$CUDA_VISIBLE_DEVICES]\"; sleep 30";
    Run a = t.client.submit(gpuJob("gpu-a", 1, show));
    Run b = t.client.submit(gpuJob("gpu-b", 1, show));
    t.awaitStatus(a.id(), JobStatus.RUNNING);
    t.awaitStatus(b.id(), JobStatus.RUNNING);

    // when
    Run c = t.client.submit(gpuJob("gpu-c", 1, show));
    Run cpuOnly = t.client.submit(TestEngine.job("cpu-only", "echo \"CUDA=[$CUDA_VISIBLE_DEVICES]\""));

    // then
    TestEngine.awaitTrue(() -> a.logs("master-0").size() == 1 && b.logs("master-0").size() == 1, "both to print");
    List<String> seen = List.of(a.logs("master-0").get(0), b.logs("master-0").get(0));
    assertThat(seen).containsExactlyInAnyOrder("CUDA=[0]", "CUDA=[1]");
    JobItem waiting = t.awaitJob(c.id(), j -> j.reason().contains("0 free"), "c to wait");
    assertThat(waiting.status()).isEqualTo(JobStatus.CREATED);
    assertThat(waiting.reason()).isEqualTo("waiting in queue default: needs 1 " + A800 + ", 0 free");
    t.awaitStatus(cpuOnly.id(), JobStatus.SUCCEEDED);
    assertThat(cpuOnly.logs("master-0")).containsExactly("CUDA=[]");

    QueueItem queue = t.client.describeQueue("default");
    assertThat(queue.capability().accelerators(A800)).isEqualTo(2);
    assertThat(queue.allocated().accelerators(A800)).isEqualTo(2);
    assertThat(queue.capability().cpu()).isEqualTo(4);
    assertThat(queue.running()).isEqualTo(2);
    assertThat(queue.pending()).isEqualTo(1);
    assertThat(queue.queueingStrategy()).isEqualTo("BestEffortFIFO");

    // and when the first ends, the third gets its GPU
    String freed = a.logs("master-0").get(0);
    a.stop();
    t.awaitStatus(c.id(), JobStatus.RUNNING);
    TestEngine.awaitTrue(() -> c.logs("master-0").size() == 1, "c to print");
    assertThat(c.logs("master-0")).containsExactly(freed);
    assertThat(t.client.describeQueues().queues()).singleElement()
        .satisfies(q -> assertThat(q.pending()).isZero());
  }

  @Test
  void givenJobThatCanNeverFit_whenCreated_thenRefusedNamingTheCapacity() throws Exception {
    // given
    start(TWO_GPUS);

    // when
    AihcServiceException tooMany = assertThrows(AihcServiceException.class,
        () -> t.client.submit(gpuJob("too-many", 2, "true").replicas(2)));
    AihcServiceException tooBig = assertThrows(AihcServiceException.class,
        () -> t.client.submit(TestEngine.job("too-big", "true").cpu(3).replicas(2)));

    // then
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(tooMany.errorCode()).isEqualTo("InvalidParam");
    assertThat(tooMany.getMessage()).contains("the job needs 4 " + A800 + " (2 × 2) at once but queue default of pool "
        + "local: cpu 4, memory 8 GB, " + A800 + " 2 (GPUs 0,1) holds 2 in all, so it could never start");
    assertThat(tooBig.getMessage()).contains("the job needs 6 cpu (2 × 3) at once but queue default").contains(
        "holds 4 in all");
    assertThat(t.client.jobs().toList()).isEmpty();
  }

  @Test
  void givenCpuMachine_whenCloudShapedA800RdmaJobSubmittedToACloudPool_thenItRunsAsACpuRehearsalWithEvents()
      throws Exception {
    // given: no real GPU in the queue, virtual ones of every descriptor (the default without nvidia-smi)
    start("{\"pools\": [{\"id\": \"local\", \"aliases\": [\"aihc-serverless\", \"*\"], \"queues\": [{\"name\": "
        + "\"default\", \"aliases\": [\"*\"], \"gpus\": {}, \"rehearsalGpus\": 8}]}]}");
    Job job = TestEngine.job("llm-rehearsal", "echo \"CUDA=[$CUDA_VISIBLE_DEVICES] WORLD_SIZE=$WORLD_SIZE\"")
        .pool("cce-1uji3ib5").queue("a800-queue").gpus(Gpu.A800, 8).cpu(64).memory(512).rdma().bccl().hostNetwork();

    // when
    Run run = t.client.submit(job);

    // then
    assertThat(t.awaitStatus(run.id(), JobStatus.SUCCEEDED).resourcePoolId()).isEqualTo("cce-1uji3ib5");
    assertThat(run.logs("master-0")).containsExactly("CUDA=[] WORLD_SIZE=1");
    List<JobEvent> events = run.events();
    assertThat(events).extracting(JobEvent::reason).containsExactly("Created", "SpecWarning", "QueueMapped", "QueueMapped",
        "CpuRehearsal", "NotApplicableLocally", "NotApplicableLocally", "NotApplicableLocally", "Running", "Succeeded");
    assertThat(events).extracting(JobEvent::message).contains(
        "pool cce-1uji3ib5 is served by the local pool 'local', which answers to any pool id",
        "queue a800-queue is served by the local queue 'default' of pool local",
        "CPU rehearsal: queue default has no real GPU for the 8 " + Gpu.A800.descriptor() + " per replica, so they are "
            + "virtual devices and every replica runs on this machine's CPU with CUDA_VISIBLE_DEVICES= (empty); "
            + "cpu 64 and memory 512 GB per replica are recorded, not reserved",
        "enableRDMA is recorded but not applicable locally: replicas talk over 127.0.0.1 on this host, without an "
            + "RDMA network",
        "enableBccl is recorded but not applicable locally: collectives run on this host, without BCCL",
        "hostNetwork is recorded but not applicable locally: every replica is a process on this host's network "
            + "already");
    assertThat(run.describe().jobSpec().path("enableRDMA").asBoolean()).isTrue();
  }

  @Test
  void givenLaunchingPaused_whenJobsCreated_thenTheyWaitSayingWhyAndTheQueueCountsThem() throws Exception {
    // given
    Files.createDirectories(home);
    t = TestEngine.start(TestEngine.config(home).launchingPaused(true));

    // when
    Run run = t.client.submit(TestEngine.job("held", "true"));
    QueueList queues = t.client.describeQueues();

    // then
    JobItem item = run.describe();
    assertThat(item.status()).isEqualTo(JobStatus.CREATED);
    assertThat(item.reason()).isEqualTo("waiting in queue default: launching is paused by the engine option "
        + "launchingPaused (--pause-launching)");
    assertThat(run.events()).extracting(JobEvent::reason).containsExactly("Created", "QueuePaused");
    assertThat(queues.totalCount()).isEqualTo(1);
    assertThat(queues.queues().get(0).pending()).isEqualTo(1);
    assertThat(queues.queues().get(0).pausedBy()).contains("launchingPaused");
    assertThat(t.ok("DescribeQueue", "{\"queueId\": \"default\"}").path("pendingJobs").asInt()).isEqualTo(1);
    run.stop();
    assertThat(t.awaitStatus(run.id(), JobStatus.STOPPED).reason()).isEqualTo("stopped by StopJob");
    assertThat(t.client.describeQueue("default").pending()).isZero();
  }
}
