package dev.aihc.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.client.AihcClient;
import dev.aihc.wire.JobItem;
import dev.aihc.client.FollowOptions;
import dev.aihc.client.JobResult;
import dev.aihc.wire.JobStatus;
import dev.aihc.insight.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class NotebookSinkTest {
  @StartStop private final MockWebServer server = new MockWebServer();
  private final RecordingDisplays displays = new RecordingDisplays();
  private final AtomicLong now = new AtomicLong();
  private final NotebookSink sink = new NotebookSink(displays, 20, now::get);

  private static JobItem job(JobStatus status, List<Map<String, Object>> pods, List<Map<String, Object>> timeline) {
    return Items.job(status.wireName(), "", pods, timeline);
  }

  @Test
  void givenThousandsOfLines_whenFollowed_thenOneBlockPerReplicaKeepingTheLastLines() {
    // given
    sink.start("bert-sft", "job-abcdef123456");

    // when: 2 × 1500 lines in one burst (no time passes), then the poll ends
    for (int i = 0; i < 1500; i++) {
      sink.log("master-0", "master line " + i);
      sink.log("worker-0", "worker line " + i);
    }
    sink.polled(job(JobStatus.RUNNING, List.of(), List.of()), Duration.ofSeconds(75));

    // then: three outputs (status line and two blocks), each redrawn once after being shown
    assertThat(displays.html).hasSize(3);
    assertThat(displays.updates()).isEqualTo(3);
    assertThat(displays.showing("worker line 1499")).contains("last 20 of 1500 lines", "worker line 1480")
        .doesNotContain("worker line 1479<", "master line");
    assertThat(displays.showing("aihc-progress")).contains(">Running<", "bert-sft", "1m 15s");
    assertThat(displays.text.values()).anyMatch(t -> t.startsWith("[master-0] 1500 lines\nmaster line 1480"));
  }

  @Test
  void givenProgressRead_whenPolled_thenOneBarInTheStatusLineAboveTheReplicaBlocksRedrawnInPlace() {
    // given
    sink.start("bert-sft", "job-abcdef123456");
    sink.log("master-0", "epoch 1/4");
    sink.polled(job(JobStatus.RUNNING, List.of(), List.of()), Duration.ofSeconds(3));
    assertThat(displays.showing("aihc-progress")).doesNotContain("aihc-progress-bar"); // nothing read yet: no bar

    // when
    sink.progressBar(new Progress(1, 4, "epoch", java.util.Optional.of(Duration.ofSeconds(9)), "master-0", "epoch 1/4"));
    sink.log("master-0", "epoch 3/4");
    sink.progressBar(new Progress(3, 4, "epoch", java.util.Optional.of(Duration.ofSeconds(3)), "master-0", "epoch 3/4"));

    // then: the status line (the first output, above the replica block) holds one bar, now at 75%
    assertThat(displays.html.keySet()).first().isEqualTo("d0");
    assertThat(displays.html.get("d0")).contains("aihc-progress-bar", "width:75.0%", "75% · epoch 3/4 · 3s left")
        .doesNotContain("25%");
    assertThat(displays.html.values().stream().filter(h -> h.contains("aihc-progress-bar"))).hasSize(1);
    assertThat(displays.text.get("d0")).endsWith("\n███████████████░░░░░  75% epoch 3/4 · 3s left (master-0)");
  }

  @Test
  void givenAWatch_whenPicturesCome_thenTheirChartsAreInTheStatusLineOutputRedrawnWithEachPictureAndAtTheEnd() {
    // given: a watch's first picture, two steps of one replica
    sink.start("train", "job-abcdef123456");
    JobItem running = job(JobStatus.RUNNING, List.of(), List.of());
    sink.watched(null, List.of(loss(2)));
    sink.polled(running, Duration.ofSeconds(2));
    long drawn = displays.updates();

    // when: polls without a picture, then a picture of five steps with the progress, then the end
    sink.polled(running, Duration.ofSeconds(3));
    sink.polled(running, Duration.ofSeconds(4));
    long betweenPictures = displays.updates() - drawn;
    sink.watched(new Progress(5, 10, "step", java.util.Optional.empty(), "master-0", "step 5/10"), List.of(loss(5)));
    sink.polled(running, Duration.ofSeconds(5));
    long withSecond = displays.updates() - drawn;
    sink.polled(job(JobStatus.SUCCEEDED, List.of(), List.of()), Duration.ofSeconds(6));

    // then: one output, holding the status line, the bar and the chart of the five steps
    assertThat(betweenPictures).as("redraws between pictures").isZero();
    assertThat(withSecond).as("redraws for the second picture").isEqualTo(1);
    assertThat(displays.html).hasSize(1);
    String shown = displays.html.get("d0");
    assertThat(shown).contains("aihc-watch", ">Succeeded<", "aihc-progress-bar", "50% · step 5/10", "aihc-chart",
        "data-line='master-0'");
    assertThat(shown.split("class='aihc-line'", -1)).hasSize(2);
    assertThat(displays.text.get("d0")).contains("loss: 1 replica, 5 values | master-0 ");
  }

  /** The loss of {@code steps} steps printed by one replica. */
  private static dev.aihc.insight.Series loss(int steps) {
    return dev.aihc.insight.Series.of("loss", Map.of("master-0", java.util.stream.IntStream.rangeClosed(1, steps)
        .mapToObj(i -> "step " + i + " loss " + (1.0 / i)).toList()));
  }

  @Test
  void givenLinesArrivingOverTime_whenFollowed_thenBlockRedrawnAtMostEveryQuarterSecond() {
    // given
    sink.start("bert-sft", "job-abcdef123456");

    // when: 100 lines 50 ms apart (5 s)
    for (int i = 0; i < 100; i++) {
      sink.log("master-0", "line " + i);
      now.addAndGet(Duration.ofMillis(50).toNanos());
    }

    // then: shown once, then redrawn every 5th line, not every line
    assertThat(displays.updates()).isBetween(19L, 21L);
    assertThat(displays.showing("aihc-replica")).contains("line 95");
  }

  @Test
  void givenRestarts_whenPolled_thenStatusLineCountsThemAndReplicaNotesThem() {
    // given
    sink.start("bert-sft", "job-abcdef123456");
    sink.log("worker-1", "step 1");

    // when
    sink.progress("[worker-1] restarted (restart 1)");
    sink.polled(job(JobStatus.RESTARTING, List.of(
        Items.pod("bert-sft-worker-1", "Running", "worker", 1, null)), List.of()), Duration.ZERO);

    // then
    assertThat(displays.showing("aihc-progress")).contains(">Restarting<", "1 restart", "[worker-1] restarted");
    assertThat(displays.showing("aihc-replica")).contains("restarted (restart 1)");
    assertThat(NotebookSink.restarts(job(JobStatus.RUNNING, List.of(), List.of(Items.condition("Running", "t1"),
        Items.condition("Restarting", "t2"), Items.condition("Running", "t3"), Items.condition("Restarting", "t4")))))
        .isEqualTo(2);
  }

  @Test
  void givenSecondWatch_whenStarted_thenItDrawsNewOutputsAndLeavesTheFirstAlone() {
    // given
    sink.start("bert-sft", "job-abcdef123456");
    sink.log("master-0", "first run");
    sink.polled(job(JobStatus.SUCCEEDED, List.of(), List.of()), Duration.ofSeconds(1));
    List<String> before = new ArrayList<>(displays.html.keySet());

    // when
    sink.start("bert-sft", "job-abcdef123456");
    sink.log("master-0", "second run");

    // then
    assertThat(displays.html).hasSize(before.size() + 2);
    assertThat(displays.showing("first run")).contains("first run");
    assertThat(displays.showing("second run")).doesNotContain("first run");
  }

  @Test
  @Timeout(30)
  void givenRunningJob_whenFollowedThroughTheClient_thenBlocksHoldItsLastLinesAndStatusEndsSucceeded() {
    // given: a job that runs for 3 polls writing 30 lines per pod per poll, then succeeds
    server.setDispatcher(new FakeAihc(3));
    AihcClient aihc = AihcClient.builder().endpoint(server.url("/").toString()).credentials("ak", "sk")
        .pollInterval(Duration.ofMillis(20)).build().withSink(new NotebookSink(displays));

    // when: every line from the start (the first poll finds 30 already)
    JobResult result = aihc.job("job-abcdef123456").follow(FollowOptions.all());

    // then
    assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(displays.showing("aihc-progress")).contains(">Succeeded<", "bert-sft", "job-abcdef123456");
    String total = FakeAihc.LINES_PER_POLL * 4 + " lines";
    assertThat(displays.showing("master-0 line")).contains("last 20 of " + total, "master-0 line " + (FakeAihc.LINES_PER_POLL * 4 - 1));
    assertThat(displays.showing("worker-0 line")).contains("last 20 of " + total);
  }

  @Test
  @Timeout(30)
  void givenRunningJob_whenAwaitedThroughTheClient_thenOneStatusLineUpdatedInPlace() {
    // given
    server.setDispatcher(new FakeAihc(3));
    AihcClient aihc = AihcClient.builder().endpoint(server.url("/").toString()).credentials("ak", "sk")
        .pollInterval(Duration.ofMillis(20)).build().withSink(new NotebookSink(displays));

    // when
    JobResult result = aihc.job("job-abcdef123456").await();

    // then
    assertThat(result.isSuccess()).isTrue();
    assertThat(displays.html).hasSize(1);
    assertThat(displays.updates()).isGreaterThanOrEqualTo(4);
    assertThat(displays.showing("aihc-progress")).contains(">Succeeded<", "bert-sft");
  }

  /** DescribeJob and DescribeJobLogs of one job that runs for {@code runningPolls} describes. */
  static final class FakeAihc extends Dispatcher {
    static final int LINES_PER_POLL = 30;
    private final int runningPolls;
    private final AtomicInteger describes = new AtomicInteger();

    FakeAihc(int runningPolls) {
      this.runningPolls = runningPolls;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String action = request.getUrl().queryParameter("action");
      String body = request.getBody() == null ? "" : request.getBody().utf8();
      if ("DescribeJob".equals(action)) {
        int n = describes.incrementAndGet();
        String status = n <= runningPolls ? "Running" : "Succeeded";
        return json("{\"jobId\":\"job-abcdef123456\",\"name\":\"bert-sft\",\"status\":\"" + status + "\","
            + "\"pods\":[{\"podName\":\"bert-sft-master-0\",\"status\":\"Running\",\"replicaType\":\"master\"},"
            + "{\"podName\":\"bert-sft-worker-0\",\"status\":\"Running\",\"replicaType\":\"worker\"}]}");
      }
      if ("DescribeJobLogs".equals(action)) {
        String pod = body.contains("worker-0") ? "worker-0" : "master-0";
        int available = (int) Math.min(describes.get(), runningPolls + 1L) * LINES_PER_POLL;
        StringBuilder logs = new StringBuilder();
        for (int i = 0; i < available; i++) logs.append(i == 0 ? "" : ",").append("\"").append(pod).append(" line ").append(i).append("\"");
        return json("{\"jobId\":\"job-abcdef123456\",\"podName\":\"bert-sft-" + pod + "\",\"logs\":[" + logs
            + "],\"nextMarker\":\"\"}");
      }
      return new MockResponse.Builder().code(404).body("{\"code\":\"NotFound\",\"message\":\"" + action + "\"}").build();
    }

    private static MockResponse json(String body) {
      return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
    }
  }
}
