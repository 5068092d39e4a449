package dev.aihc.client;

import dev.aihc.wire.JobStatus;
import static dev.aihc.client.FakeAihc.POOL;
import static dev.aihc.client.FakeAihc.QUEUE;
import static dev.aihc.client.FakeAihc.assertWellFormed;
import static dev.aihc.client.FakeAihc.json;
import static dev.aihc.client.FakeAihc.jobItem;
import static dev.aihc.client.FakeAihc.jobList;
import static dev.aihc.client.FakeAihc.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aihc.dsl.Gpu;
import dev.aihc.dsl.Job;
import dev.aihc.dsl.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import dev.aihc.wire.BatchStopResult;
import dev.aihc.wire.JobEvents;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.JobLogs;
import dev.aihc.wire.JobMetrics;
import dev.aihc.wire.JobNodes;

/**
 * Every job action on the wire: exact query, v2 headers, a signature the service accepts, and the JSON
 * body; and the answer read back.
 */
@Timeout(10)
final class AihcClientRequestTest {
  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant END = Instant.parse("2026-03-02T00:00:00Z");

  @StartStop private final MockWebServer server = FakeAihc.newServer();

  private AihcClient client() {
    return FakeAihc.client(server).build();
  }

  private RecordedRequest sent() throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r).as("a request reached the server").isNotNull();
    return r;
  }

  private static JsonNode body(RecordedRequest r) {
    return json(r.getBody().utf8());
  }

  private static Job job() {
    return Job.named("bert-sft").queue("q-job").pool("cce-job")
        .image("registry.baidubce.com/aihc/pytorch:2.1").imageAuth("robot", "s3cret-pw")
        .replicas(2).gpus(Gpu.A800, 8).rdma().env("NCCL_DEBUG", "INFO").label("team", "nlp")
        .command("torchrun train.py");
  }

  @Test
  void givenJobWithPoolAndQueue_whenSubmit_thenCreateJobCarriesTheJobsScopeAndBodyWithSubmissionLabel()
      throws Exception {
    // given
    server.enqueue(ok("{\"requestId\":\"r1\",\"jobId\":\"job-uVuy2Onhe4FS\",\"jobName\":\"bert-sft\"}"));
    Job job = job();

    // when
    Run run = client().submit(job);

    // then
    assertThat(run.id()).isEqualTo("job-uVuy2Onhe4FS");
    assertThat(run.name()).isEqualTo("bert-sft");
    RecordedRequest r = sent();
    assertWellFormed(r, "CreateJob", "cce-job", "q-job");
    JsonNode body = body(r);
    String submissionId = body.path("labels").get(1).path("value").asText();
    assertThat(UUID.fromString(submissionId)).isNotNull();
    assertThat(body).isEqualTo(json(job.label("aihc-dsl/submission-id", submissionId).toCompactJson()));
    assertThat(body.path("labels").get(1).path("key").asText()).isEqualTo("aihc-dsl/submission-id");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void givenJobWithoutPool_whenSubmit_thenClientPoolAndJobQueue() throws Exception {
    // given
    server.enqueue(ok("{\"jobId\":\"job-a\",\"jobName\":\"demo\"}"));
    Job job = Job.named("demo").queue("q-own").image("registry.baidubce.com/x/pytorch:2.1").command("python t.py");

    // when
    client().submit(job);

    // then
    assertWellFormed(sent(), "CreateJob", POOL, "q-own");
  }

  @Test
  void givenSubmittedRun_whenItsActionsAreCalled_thenEachKeepsTheJobsPoolAndQueue() throws Exception {
    // given
    AihcClient client = client();
    server.enqueue(ok("{\"jobId\":\"job-r\",\"jobName\":\"bert-sft\"}"));
    Run run = client.submit(job());
    sent();
    server.enqueue(ok(jobItem("job-r", "bert-sft", "Running")));
    server.enqueue(ok("{\"events\":[],\"total\":0}"));
    server.enqueue(ok("{\"requestId\":\"r\"}"));
    server.enqueue(ok("{\"requestId\":\"r\"}"));
    server.enqueue(ok("{\"requestId\":\"r\",\"jobId\":\"job-r\"}"));

    // when
    JobStatus status = run.status();
    run.events();
    run.priority(Priority.LOW);
    run.stop();
    run.delete();

    // then
    assertThat(status).isEqualTo(JobStatus.RUNNING);
    for (String action : List.of("DescribeJob", "DescribeJobEvents", "ModifyJob", "StopJob", "DeleteJob")) {
      RecordedRequest r = sent();
      assertWellFormed(r, action, "cce-job", "q-job");
      assertThat(body(r).path("jobId").asText()).isEqualTo("job-r");
    }
  }

  @Test
  void givenReattachedRun_whenStopped_thenClientDefaultsAreUsed() throws Exception {
    // given
    server.enqueue(ok("{\"requestId\":\"r\",\"jobId\":\"job-xxxxxxxxxxxx\"}"));

    // when
    client().job("job-xxxxxxxxxxxx").stop();

    // then
    RecordedRequest r = sent();
    assertWellFormed(r, "StopJob", POOL, QUEUE);
    assertThat(body(r)).isEqualTo(json("{\"jobId\":\"job-xxxxxxxxxxxx\"}"));
  }

  @Test
  void givenJobNamedOnce_whenJobByName_thenItsRunIsFoundThroughListJobsByName() throws Exception {
    // given: the name filter of ListJobs matches by substring, so a longer name comes back as well
    server.enqueue(ok(jobList(2, jobItem("job-aaaaaaaaaaaa", "bert-sft-2", "Running"),
        jobItem("job-bbbbbbbbbbbb", "bert-sft", "Succeeded"))));

    // when
    Run run = client().job("bert-sft");

    // then
    assertThat(run.id()).isEqualTo("job-bbbbbbbbbbbb");
    assertThat(run.name()).isEqualTo("bert-sft");
    RecordedRequest r = sent();
    assertWellFormed(r, "DescribeJobs", POOL, QUEUE);
    assertThat(body(r).path("keyword").asText()).isEqualTo("bert-sft");
    assertThat(body(r).path("keywordType").asText()).isEqualTo("name");
  }

  @Test
  void givenJobNameTwiceOrNever_whenJobByName_thenTheErrorListsThemOrSaysNone() {
    // given
    server.enqueue(ok(jobList(2, jobItem("job-aaaaaaaaaaaa", "bert-sft", "Running"),
        jobItem("job-bbbbbbbbbbbb", "bert-sft", "Failed"))));
    server.enqueue(ok(jobList(0)));

    // when, then
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> client().job("bert-sft"))
        .isInstanceOf(dev.aihc.dsl.AihcException.class)
        .hasMessageStartingWith("2 jobs are named bert-sft in queue " + QUEUE
            + "; pick one by its id, aihc.job(\"job-aaaaaaaaaaaa\"):")
        .hasMessageContaining("\n  job-aaaaaaaaaaaa  Running").hasMessageContaining("\n  job-bbbbbbbbbbbb  Failed");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> client().job("nobody"))
        .hasMessageStartingWith("no job is named nobody in queue " + QUEUE);
  }

  @Test
  void givenThreePagesOfJobs_whenStreamedWithFilters_thenEveryPageIsFetchedInTurnWithTheFilters() throws Exception {
    // given
    server.enqueue(ok(jobList(5, jobItem("job-1", "bert-1", "Running"), jobItem("job-2", "bert-2", "Running"))));
    server.enqueue(ok(jobList(5, jobItem("job-3", "bert-3", "Running"), jobItem("job-4", "bert-4", "Running"))));
    server.enqueue(ok(jobList(5, jobItem("job-5", "bert-5", "Running"))));

    // when
    List<String> ids = client().jobs(q -> q.status(JobStatus.RUNNING).name("bert").queue("q2").pageSize(2))
        .map(JobItem::jobId).collect(Collectors.toList());

    // then
    assertThat(ids).containsExactly("job-1", "job-2", "job-3", "job-4", "job-5");
    assertThat(server.getRequestCount()).isEqualTo(3);
    for (int page = 1; page <= 3; page++) {
      RecordedRequest r = sent();
      assertWellFormed(r, "DescribeJobs", POOL, QUEUE);
      assertThat(body(r)).isEqualTo(json("{\"queue\":\"q2\",\"status\":\"Running\",\"keywordType\":\"name\","
          + "\"keyword\":\"bert\",\"orderBy\":\"createdAt\",\"order\":\"desc\",\"pageNumber\":" + page
          + ",\"pageSize\":2}"));
    }
  }

  @Test
  void givenManyPages_whenOnlyTheFirstJobsAreRead_thenLaterPagesAreNotFetched() throws Exception {
    // given
    server.enqueue(ok(jobList(100, jobItem("job-1", "a", "Succeeded"), jobItem("job-2", "b", "Failed"))));

    // when
    List<JobItem> first = client().jobs().limit(2).collect(Collectors.toList());

    // then
    assertThat(first).extracting(JobItem::status).containsExactly(JobStatus.SUCCEEDED, JobStatus.FAILED);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(body(sent())).isEqualTo(
        json("{\"orderBy\":\"createdAt\",\"order\":\"desc\",\"pageNumber\":1,\"pageSize\":50}"));
  }

  @Test
  void givenStatusOnly_whenJobsListed_thenBodyHasStatusAndNoKeyword() throws Exception {
    // given
    server.enqueue(ok(jobList(0)));

    // when
    long n = client().jobs(JobStatus.FAILED).count();

    // then
    assertThat(n).isZero();
    RecordedRequest r = sent();
    assertWellFormed(r, "DescribeJobs", POOL, QUEUE);
    assertThat(body(r)).isEqualTo(json("{\"status\":\"Failed\",\"orderBy\":\"createdAt\",\"order\":\"desc\","
        + "\"pageNumber\":1,\"pageSize\":50}"));
  }

  @Test
  void givenDetail_whenDescribeJob_thenBodyAsksForDetailAndPodsAreRead() throws Exception {
    // given
    server.enqueue(ok("{\"requestId\":\"r\",\"jobId\":\"job-d\",\"name\":\"bert\",\"status\":\"Running\","
        + "\"labels\":[{\"key\":\"team\",\"value\":\"nlp\"}],\"pods\":[{\"podName\":\"bert-master-0\","
        + "\"status\":\"Running\",\"replicaType\":\"master\",\"restartCount\":1,\"PodIP\":\"10.0.0.2\"}]}"));

    // when
    JobItem item = client().describeJob("job-d", true);

    // then
    RecordedRequest r = sent();
    assertWellFormed(r, "DescribeJob", POOL, QUEUE);
    assertThat(body(r)).isEqualTo(json("{\"jobId\":\"job-d\",\"needDetail\":true}"));
    assertThat(item.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(item.label("team")).contains("nlp");
    assertThat(item.pods()).singleElement().satisfies(p -> {
      assertThat(p.shortName("bert")).isEqualTo("master-0");
      assertThat(p.restarts()).isEqualTo(1);
      assertThat(p.podIp()).isEqualTo("10.0.0.2");
    });
  }

  @Test
  void givenJobId_whenDeleteJob_thenDeleteJobWithJobId() throws Exception {
    // given
    server.enqueue(ok("{\"requestId\":\"r\",\"jobId\":\"job-del\"}"));

    // when
    client().deleteJob("job-del");

    // then
    RecordedRequest r = sent();
    assertWellFormed(r, "DeleteJob", POOL, QUEUE);
    assertThat(body(r)).isEqualTo(json("{\"jobId\":\"job-del\"}"));
  }

  @Test
  void givenJobId_whenStopJob_thenStopJobWithJobId() throws Exception {
    // given
    server.enqueue(ok("{\"requestId\":\"r\",\"jobId\":\"job-stop\"}"));

    // when
    client().stopJob("job-stop");

    // then
    RecordedRequest r = sent();
    assertWellFormed(r, "StopJob", POOL, QUEUE);
    assertThat(body(r)).isEqualTo(json("{\"jobId\":\"job-stop\"}"));
  }

  @Test
  void givenPriority_whenModifyJob_thenPriorityInWireSpelling() throws Exception {
    // given
    server.enqueue(ok("{\"requestId\":\"r\"}"));

    // when
    client().modifyJob("job-m", Priority.HIGH);

    // then
    RecordedRequest r = sent();
    assertWellFormed(r, "ModifyJob", POOL, QUEUE);
    assertThat(body(r)).isEqualTo(json("{\"jobId\":\"job-m\",\"priority\":\"high\"}"));
  }

  @Test
  void givenWindow_whenDescribeJobEvents_thenUnixSecondsAsStringsAndEventsRead() throws Exception {
    // given
    server.enqueue(ok("{\"events\":[{\"reason\":\"Started\",\"message\":\"pod started\",\"firstTimestamp\":"
        + "\"2026-03-01T01:00:00Z\",\"lastTimestamp\":\"2026-03-01T01:00:00Z\",\"count\":1,\"type\":\"Normal\"}],"
        + "\"total\":1}"));

    // when
    JobEvents events = client().describeJobEvents("job-e", START, END);

    // then
    RecordedRequest r = sent();
    assertWellFormed(r, "DescribeJobEvents", POOL, QUEUE);
    assertThat(body(r)).isEqualTo(json("{\"jobId\":\"job-e\",\"startTime\":\"1772323200\","
        + "\"endTime\":\"1772409600\"}"));
    assertThat(events.events()).singleElement().hasToString("2026-03-01T01:00:00Z Normal Started: pod started");
  }

  @Test
  void givenOpenWindow_whenDescribePodEvents_thenOnlyJobAndPod() throws Exception {
    // given
    server.enqueue(ok("{\"events\":[],\"total\":0}"));

    // when
    JobEvents events = client().describePodEvents("job-e", "bert-worker-0", null, null);

    // then
    RecordedRequest r = sent();
    assertWellFormed(r, "DescribePodEvents", POOL, QUEUE);
    assertThat(body(r)).isEqualTo(json("{\"jobId\":\"job-e\",\"podName\":\"bert-worker-0\"}"));
    assertThat(events.events()).isEmpty();
  }

  @Test
  void givenEveryLogOption_whenDescribeJobLogs_thenBodyCarriesThemAndPageIsRead() throws Exception {
    // given
    server.enqueue(ok("{\"jobId\":\"job-l\",\"podName\":\"bert-worker-0\",\"logs\":[\"a\",\"b\"],"
        + "\"nextMarker\":\"m2\"}"));
    LogRequest request = LogRequest.of("job-l", "bert-worker-0").marker("m1").maxLines(100).keywords("loss")
        .window(START, END);

    // when
    JobLogs page = client().describeJobLogs(request);

    // then
    RecordedRequest r = sent();
    assertWellFormed(r, "DescribeJobLogs", POOL, QUEUE);
    assertThat(body(r)).isEqualTo(json("{\"jobId\":\"job-l\",\"podName\":\"bert-worker-0\",\"marker\":\"m1\","
        + "\"maxLines\":100,\"keywords\":\"loss\",\"startTime\":\"1772323200\",\"endTime\":\"1772409600\"}"));
    assertThat(page.logs()).containsExactly("a", "b");
    assertThat(page.nextMarker()).isEqualTo("m2");
  }

  @Test
  void givenJobId_whenDescribeJobNodes_thenNodeNamesRead() throws Exception {
    // given
    server.enqueue(ok("{\"jobId\":\"job-n\",\"nodeName\":[\"10.0.0.1\",\"10.0.0.2\"]}"));

    // when
    JobNodes nodes = client().describeJobNodes("job-n");

    // then
    RecordedRequest r = sent();
    assertWellFormed(r, "DescribeJobNodes", POOL, QUEUE);
    assertThat(body(r)).isEqualTo(json("{\"jobId\":\"job-n\"}"));
    assertThat(nodes.nodeName()).containsExactly("10.0.0.1", "10.0.0.2");
  }

  @Test
  void givenMetricWindow_whenDescribeJobMetrics_thenTimesAsStringsAndSeriesRead() throws Exception {
    // given
    server.enqueue(ok("{\"metrics\":[{\"podName\":\"bert-master-0\",\"metrics\":[{\"time\":\"1772323200\","
        + "\"value\":0.5}]}]}"));

    // when
    JobMetrics metrics = client().describeJobMetrics("job-g", "GpuUsage", START, END, Duration.ofMinutes(1));

    // then
    RecordedRequest r = sent();
    assertWellFormed(r, "DescribeJobMetrics", POOL, QUEUE);
    assertThat(body(r)).isEqualTo(json("{\"jobId\":\"job-g\",\"metricType\":\"GpuUsage\",\"startTime\":"
        + "\"1772323200\",\"endTime\":\"1772409600\",\"timeStep\":\"60s\"}"));
    assertThat(metrics.metrics()).singleElement().satisfies(s -> {
      assertThat(s.podName()).isEqualTo("bert-master-0");
      assertThat(s.metrics()).containsExactly(new JobMetrics.Sample("1772323200", 0.5));
    });
  }

  @Test
  void givenPod_whenDescribeJobWebterminal_thenUrlRead() throws Exception {
    // given
    server.enqueue(ok("{\"WebTerminalUrl\":\"https://console.example/term/abc\"}"));

    // when
    String url = client().describeJobWebterminal("job-w", "bert-worker-0");

    // then
    RecordedRequest r = sent();
    assertWellFormed(r, "DescribeJobWebterminal", POOL, QUEUE);
    assertThat(body(r)).isEqualTo(json("{\"jobId\":\"job-w\",\"podName\":\"bert-worker-0\"}"));
    assertThat(url).isEqualTo("https://console.example/term/abc");
  }

  @Test
  void givenTwoJobs_whenBatchStopJobs_thenJobListAndResultRead() throws Exception {
    // given
    server.enqueue(ok("{\"successList\":[{\"jobId\":\"job-1\"}],\"failedList\":[{\"jobId\":\"job-2\","
        + "\"reason\":\"not running\"}]}"));

    // when
    BatchStopResult result = client().batchStopJobs(List.of("job-1", "job-2"));

    // then
    RecordedRequest r = sent();
    assertWellFormed(r, "BatchStopJobs", POOL, QUEUE);
    assertThat(body(r)).isEqualTo(json("{\"jobList\":[{\"jobId\":\"job-1\"},{\"jobId\":\"job-2\"}]}"));
    assertThat(result.successList()).singleElement().satisfies(n -> assertThat(n.path("jobId").asText())
        .isEqualTo("job-1"));
    assertThat(result.failedList()).singleElement().satisfies(n -> assertThat(n.path("reason").asText())
        .isEqualTo("not running"));
  }
}
