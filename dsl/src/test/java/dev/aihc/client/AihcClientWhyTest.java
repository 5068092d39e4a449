package dev.aihc.client;

import static dev.aihc.client.FakeAihc.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.dsl.Gpu;
import dev.aihc.dsl.Job;
import dev.aihc.insight.Explanation;
import dev.aihc.insight.Preflight;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code why()} and {@code preflight()} on the cloud path, from answers shaped as AIHC gives them: the
 * queue module's DescribeQueue (quantities as strings, CPU in millicores), DescribeJobs, a waiting job
 * without a reason and the scheduler's event.
 */
@Timeout(10)
final class AihcClientWhyTest {
  private static final String A800 = Gpu.A800.descriptor();
  /** 16 A800s, 8 held by one running job, 2 jobs pending. */
  private static final String QUEUE = "{\"queueId\": \"aihcq-gpu\", \"queueName\": \"default\", \"queueType\": \"Regular\","
      + " \"resourcePoolId\": \"cce-default\", \"opened\": true, \"queueingStrategy\": \"BestEffortFIFO\","
      + " \"capability\": {\"milliCPUcores\": \"64000\", \"memoryGi\": \"512\", \"acceleratorCardList\": ["
      + "   {\"acceleratorCount\": \"16\", \"acceleratorType\": \"NVIDIA A800\", \"acceleratorDescription\": \"" + A800 + "\"}]},"
      + " \"allocated\": {\"cpuCores\": \"8\", \"memoryGi\": \"64\", \"acceleratorCardList\": ["
      + "   {\"acceleratorCount\": \"8\", \"acceleratorType\": \"\", \"acceleratorDescription\": \"" + A800 + "\"}]},"
      + " \"runningJobs\": 1, \"pendingJobs\": 2}";
  private static final String SPEC_2X8 = "\"jobSpec\": {\"image\": \"x:1\", \"replicas\": 2, \"resources\": "
      + "[{\"name\": \"" + A800 + "\", \"quantity\": 8}]}";

  @StartStop private final MockWebServer server = FakeAihc.newServer();
  private final List<String> actions = new CopyOnWriteArrayList<>();
  private final List<String> shown = new CopyOnWriteArrayList<>();

  private static String job(String id, String name, String status, String priority, String created, String spec) {
    return "{\"jobId\": \"" + id + "\", \"name\": \"" + name + "\", \"status\": \"" + status + "\", \"queueId\": \"default\","
        + " \"resourcePoolId\": \"cce-default\", \"priority\": \"" + priority + "\", \"createdAt\": \"" + created + "\", "
        + spec + "}";
  }

  private void answer(boolean queueFails) {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        String action = r.getUrl().queryParameter("action");
        actions.add(action);
        String body = r.getBody() == null ? "" : r.getBody().utf8();
        return switch (action) {
          case "DescribeQueue" -> queueFails ? FakeAihc.error(500, "InternalError", "queue module down", "req-q")
              : ok(QUEUE);
          case "DescribeJob" -> ok(job("job-waiting0001", "sft-b", "Created", "normal", "2026-03-04T05:02:00Z", SPEC_2X8));
          case "DescribeJobs" -> ok(body.contains("\"Created\"")
              ? "{\"totalCount\": 2, \"jobs\": [" + job("job-waiting0001", "sft-b", "Created", "normal",
                  "2026-03-04T05:02:00Z", SPEC_2X8) + "," + job("job-waiting0000", "sft-a", "Created", "high",
                  "2026-03-04T05:03:00Z", SPEC_2X8) + "]}"
              : "{\"totalCount\": 1, \"jobs\": [" + job("job-running0001", "pretrain", "Running", "normal",
                  "2026-03-04T04:00:00Z", "\"jobSpec\": {\"image\": \"x:1\", \"replicas\": 1, \"resources\": "
                  + "[{\"name\": \"" + A800 + "\", \"quantity\": \"8\"}, {\"name\": \"cpu\", \"quantity\": \"8\"}]}") + "]}");
          case "DescribeJobEvents" -> ok("{\"events\": [{\"reason\": \"FailedScheduling\", \"message\": \"0/2 nodes are "
              + "available: 2 Insufficient baidu.com/a800_80g_cgpu\", \"type\": \"Warning\", \"count\": 3}]}");
          case "CreateJob" -> ok("{\"jobId\": \"job-created00001\", \"jobName\": \"sft-c\"}");
          default -> FakeAihc.error(404, "NotFound", "no " + action, "req-x");
        };
      }
    });
  }

  private AihcClient client() {
    return FakeAihc.client(server).sink(new OutputSink() {
      @Override
      public void log(String source, String line) {}

      @Override
      public void progress(String message) {
        shown.add(message);
      }
    }).build();
  }

  private static Job gpuJob(String name, int replicas) {
    return Job.named(name).queue("default").image("registry.baidubce.com/x/pytorch:2.1").replicas(replicas)
        .gpus(Gpu.A800, 8).command("torchrun train.py");
  }

  @Test
  void givenAQueueWithHalfItsGpusHeld_whenPreflighted_thenOneReplicaFitsTwoWaitAndThreeNeverFit() {
    answer(false);
    AihcClient aihc = client();

    Preflight one = aihc.preflight(gpuJob("sft-1", 1));
    Preflight two = aihc.preflight(gpuJob("sft-2", 2));
    Preflight three = aihc.preflight(gpuJob("sft-3", 3));

    assertThat(one.fitsNow()).isTrue();
    assertThat(two.fitsNow()).isFalse();
    assertThat(two.canEverFit()).isTrue();
    assertThat(two.reasons()).contains("it needs 16 " + A800 + " (2 replicas × 8) at once; queue default has 8 of 16 "
        + "free now (8 short until running jobs end)", "2 jobs wait in queue default already");
    assertThat(three.canEverFit()).isFalse();
    assertThat(three.reasons()).first().asString().contains("has only 16 " + A800 + " in all (8 short even when empty)");
    assertThat(actions).containsOnly("DescribeQueue"); // nothing created
  }

  @Test
  void givenAWaitingJobWithoutAReason_whenAskedWhy_thenFromTheQueueTheWaitingOrderTheHoldersAndTheSchedulersEvent() {
    answer(false);

    Explanation why = client().job("job-waiting0001").why();

    assertThat(why.isWaiting()).isTrue();
    assertThat(why.reasons()).containsExactly(
        "it needs 16 " + A800 + " (2 replicas × 8) at once; queue default has 8 of 16 free (8 short)",
        "it is 2nd of 2 waiting jobs in queue default; 1 of higher priority than its normal goes first",
        "1 running job holds what it needs: job-running0001 pretrain (8 " + A800 + ")");
    assertThat(why.blockingJobs()).containsExactly("job-running0001");
  }

  @Test
  void givenAJobThatWillWait_whenSubmitted_thenOneWarningLine_andAQueueThatCannotBeReadBlocksNothing() {
    answer(false);
    client().submit(gpuJob("sft-c", 2));
    assertThat(shown).containsExactly("warning: sft-c will not start now in queue default: it needs 16 " + A800
        + " (2 replicas × 8) at once; queue default has 8 of 16 free now (8 short until running jobs end); "
        + "2 jobs wait in queue default already");

    shown.clear();
    answer(true);
    Run run = client().submit(gpuJob("sft-c", 2));
    assertThat(run.id()).isEqualTo("job-created00001");
    assertThat(shown).isEmpty();
  }

  @Test
  void givenASweepOfSubmitsToOneQueue_whenSubmitted_thenTheQueueIsReadOnceForAll() {
    answer(false);
    AihcClient aihc = client();

    for (int i = 0; i < 4; i++) aihc.submit(gpuJob("sft-" + i, 2));

    // before: a DescribeQueue per submit (8 requests); the preflight now reuses its read for a second or two
    assertThat(actions).containsExactly("DescribeQueue", "CreateJob", "CreateJob", "CreateJob", "CreateJob");
    assertThat(shown).hasSize(4).allMatch(line -> line.startsWith("warning: sft-"));
    assertThat(shown.get(3)).as("the jobs submitted since wait too").endsWith("5 jobs wait in queue default already");
  }

  @Test
  void givenAJobThatFits_whenSubmittedThenAnother_thenTheSecondIsWarnedFromTheQueueAsTheFirstLeftIt() {
    answer(false);
    AihcClient aihc = client();

    aihc.submit(gpuJob("fits", 1));
    aihc.submit(gpuJob("next", 1));

    // the first took the queue's 8 free GPUs: the queue kept holds them now, so the second is told it waits
    // without a second read (before: a DescribeQueue per submit, and 'fits' for both)
    assertThat(actions).containsExactly("DescribeQueue", "CreateJob", "CreateJob");
    assertThat(shown).singleElement().asString().startsWith("warning: next will not start now in queue default")
        .contains("queue default has 0 of 16 free now (8 short until running jobs end)");
  }

  @Test
  void givenABodyThatLeavesTheQueueToTheQuery_whenSubmitted_thenTheClientsQueueFillsItWithAWarning()
      throws Exception {
    answer(false);
    List<String> bodies = new CopyOnWriteArrayList<>();
    Dispatcher answering = server.getDispatcher();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) throws InterruptedException {
        if ("CreateJob".equals(r.getUrl().queryParameter("action"))) bodies.add(r.getBody().utf8());
        return answering.dispatch(r);
      }
    });
    // as Baidu's Python SDK writes it: the queue only in the queueID query
    Job fromSdk = Job.fromJson("{\"name\": \"sft-q\", " + SPEC_2X8.replace("\"replicas\": 2", "\"replicas\": 1")
        + ", \"command\": \"torchrun train.py\"}");

    Run run = client().submit(fromSdk);

    assertThat(run.id()).isEqualTo("job-created00001");
    assertThat(bodies).singleElement().asString().contains("\"queue\":\"default\"");
    assertThat(shown).first().asString().startsWith("warning: queue: sft-q names no queue; it goes to this client's "
        + "queue 'default'");
  }
}
