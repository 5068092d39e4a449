package dev.aihc.kernel.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.client.AihcClient;
import dev.aihc.wire.JobItem;
import dev.aihc.client.RetryPolicy;
import dev.aihc.client.Run;
import dev.aihc.kernel.Items;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class RunHtmlTest {
  @StartStop private final MockWebServer server = new MockWebServer();


  @Test
  void givenDescribedJob_whenRendered_thenBadgeReasonTimelineAndPodsShow() {
    // given
    JobItem job = Items.job("Failed", "worker-1 exited with code 3",
        List.of(Items.pod("bert-sft-master-0", "Succeed", "master", 0, 0),
            Items.pod("bert-sft-worker-1", "Failed", "worker", 2, 3)),
        List.of(Items.condition("Created", "2026-01-01T00:00:00Z"), Items.condition("Running", "2026-01-01T00:00:09Z"),
            Items.condition("Failed", "2026-01-01T00:05:00Z")));

    // when
    String html = RunHtml.render(job);

    // then
    assertThat(html).contains(">Failed<", "#a40e26", "bert-sft", "job-abcdef123456", "worker-1 exited with code 3")
        .contains("aihc-timeline", "<b>Created</b>", "<b>Running</b>", "2026-01-01T00:00:09Z", "→")
        .contains("aihc-pods", "bert-sft-worker-1", "node-worker", ">2<", ">3<");
    int failedPod = html.indexOf("bert-sft-worker-1");
    assertThat(html.substring(html.lastIndexOf("<tr", failedPod), failedPod)).contains(Html.ERROR_ROW);
  }

  @Test
  @Timeout(20)
  void givenEngineUnreachable_whenRunRendered_thenErrorCardInsteadOfException() throws IOException {
    // given: a port nobody listens on
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Run run = AihcClient.builder().endpoint("http://127.0.0.1:" + port).credentials("ak", "sk")
        .retries(RetryPolicy.NONE).connectTimeout(Duration.ofSeconds(2)).build().job("job-abcdef123456");

    // when
    String html = RunHtml.render(run);

    // then
    assertThat(html).contains("aihc-run-error", ">unavailable<", "Run[job-abcdef123456]", "Cannot describe the job: ");
  }

  @Test
  @Timeout(20)
  void givenRunningJob_whenRunRendered_thenOneDescribeCallFillsTheCard() throws Exception {
    // given
    server.enqueue(new MockResponse.Builder().body("{\"requestId\":\"r-1\",\"jobId\":\"job-abcdef123456\","
        + "\"name\":\"bert-sft\",\"status\":\"Running\",\"pods\":[{\"podName\":\"bert-sft-master-0\","
        + "\"status\":\"Running\",\"replicaType\":\"master\",\"restartCount\":1}],"
        + "\"jobTimeLine\":[{\"conditionType\":\"Running\",\"time\":\"2026-01-01T00:00:09Z\"}]}").build());
    Run run = AihcClient.builder().endpoint(server.url("/").toString()).credentials("ak", "sk").build()
        .job("job-abcdef123456");

    // when
    String html = RunHtml.render(run);

    // then
    assertThat(html).contains(">Running<", "bert-sft-master-0", "<b>Running</b>");
    assertThat(server.takeRequest().getUrl().queryParameter("action")).isEqualTo("DescribeJob");
  }

  @Test
  @Timeout(20)
  void givenACloudJobFailedByOneRank_whenRunRendered_thenTheCardShowsTheDiagnosisNamingThatRank() {
    // given: AIHC's answers for a job whose worker raised while the master waited in a collective; the
    // cloud marks neither pod as ended because of the other, so the logs decide
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String action = request.getUrl().queryParameter("action");
        String body = request.getBody() == null ? "" : request.getBody().utf8();
        String json = switch (action) {
          case "DescribeJob" -> "{\"jobId\":\"job-abcdef123456\",\"name\":\"bert-sft\",\"status\":\"Failed\","
              + "\"pods\":[{\"podName\":\"bert-sft-master-0\",\"status\":\"Failed\",\"replicaType\":\"master\"},"
              + "{\"podName\":\"bert-sft-worker-0\",\"status\":\"Failed\",\"replicaType\":\"worker\"}]}";
          case "DescribeJobEvents", "DescribePodEvents" -> "{\"events\":[]}";
          case "DescribeJobLogs" -> body.contains("master-0")
              ? "{\"logs\":[\"Traceback (most recent call last):\",\"  File \\\"/workspace/train.py\\\", line 40, in <module>\","
                  + "\"    dist.all_reduce(t)\",\"RuntimeError: [../third_party/gloo/gloo/transport/tcp/pair.cc:598] "
                  + "Connection closed by peer [10.0.0.7]:3291\"],\"nextMarker\":\"\"}"
              : "{\"logs\":[\"step 7\",\"Traceback (most recent call last):\",\"  File \\\"/workspace/train.py\\\", line 31, "
                  + "in <module>\",\"    raise ValueError(bad)\",\"ValueError: loss is nan at step 8\"],\"nextMarker\":\"\"}";
          default -> "{}";
        };
        return new MockResponse.Builder().body(json).build();
      }
    });
    Run run = AihcClient.builder().endpoint(server.url("/").toString()).credentials("ak", "sk").build()
        .job("job-abcdef123456");

    // when
    String html = RunHtml.render(run);

    // then
    assertThat(html).contains("aihc-diagnosis", "Python exception in worker-0 (rank 1): ValueError: loss is nan at step 8",
        "File &quot;/workspace/train.py&quot;, line 31, in &lt;module&gt;", "master-0 ended because of it");
  }

  @Test
  void givenJobList_whenTabled_thenOneRowPerJobWithStatusBadges() {
    // given
    List<JobItem> jobs = List.of(Items.job("Running", "", List.of(), List.of()),
        Items.job("Succeeded", "", List.of(), List.of()));

    // when
    String html = JobItemHtml.table(jobs);

    // then
    assertThat(html).contains("2 jobs", ">Running<", ">Succeeded<", "job-abcdef123456");
    assertThat(html.split("<tr>", -1)).hasSize(4); // header + 2 rows
  }
}
