package dev.aihc.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aihc.client.AihcClient;
import dev.aihc.wire.JobStatus;
import dev.aihc.client.Run;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * {@code run.follow()} in the real kernel, interrupted as the notebook's Stop button does: live blocks
 * redrawn in place (no flood of output lines); Stop ends the cell within a second, leaves the kernel
 * usable and the job running. Against a fake AIHC endpoint (every request seen) and against the real
 * local engine.
 */
final class LiveOutputIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @StartStop private final MockWebServer server = new MockWebServer();

  @Test
  void givenEndlessJob_whenFollowedThenStopPressed_thenLiveBlocksAndPromptStopWithoutStoppingTheJob()
      throws InterruptedException {
    // given: a job that runs forever, 30 new lines per replica per poll
    server.setDispatcher(new NotebookSinkTest.FakeAihc(Integer.MAX_VALUE));
    String setup = "var aihc = AihcClient.builder().endpoint(\"" + server.url("/") + "\").credentials(\"ak-test\", "
        + "\"sk-test\").pollInterval(Duration.ofMillis(200)).sink(notebookSink).build();";

    // when: follow for 4 s (longer until 3 displays and 5 redraws have come), then interrupt
    JsonNode out = followThenStop(Map.of(), 3, 5, setup, "aihc.job(\"job-abcdef123456\").follow();", "1 + 1;");

    // then
    assertThat(out.path("reply").path("status").asText()).as("follow cell reply %s", out.path("reply")).isEqualTo("error");
    assertThat(out.path("reply_after_interrupt_s").asDouble()).as("reply after Stop (s)").isLessThan(1.0);
    assertThat(out.at("/then/0/status").asText()).isEqualTo("ok");
    assertThat(out.at("/then/0/text").asText()).isEqualTo("2");
    assertThat(out.at("/then/0/s").asDouble()).as("next cell after Stop (s): the follow thread ended").isLessThan(1.0);
    assertThat(out.path("displays").asInt()).as("status line + one block per replica: %s", out).isEqualTo(3);
    assertThat(out.path("updates").asInt()).as("redraws in place").isBetween(5, 200);
    assertThat(out.path("stream").asText()).as("no log lines printed as output").doesNotContain("master-0 line");
    List<String> html = html(out);
    assertThat(html).anyMatch(h -> h.contains("aihc-progress") && h.contains(">Running<"))
        .anyMatch(h -> h.contains("aihc-replica") && h.contains("master-0 line") && h.contains("last 20 of"))
        .anyMatch(h -> h.contains("aihc-replica") && h.contains("worker-0 line"));
    List<String> actions = new ArrayList<>();
    for (RecordedRequest req; (req = server.takeRequest(10, java.util.concurrent.TimeUnit.MILLISECONDS)) != null; ) {
      actions.add(req.getUrl().queryParameter("action"));
    }
    assertThat(actions).contains("DescribeJob", "DescribeJobLogs").doesNotContain("StopJob", "DeleteJob");
  }

  @Test
  void givenLongJobOnTheLocalEngine_whenFollowedThenStopPressed_thenNextCellRunsAndTheJobIsStillRunning() {
    try (EngineHome engine = EngineHome.create()) {
      // given: a job on the real engine that ticks five times a second for a minute
      String setup = String.join("\n",
          "var local = Aihc.local().withSink(notebookSink);",
          "var run = local.submit(Job.named(\"ticker\").queue(\"default\").image(\"busybox:1.36\")",
          "    .command(\"for i in $(seq 300); do echo tick $i; sleep 0.2; done\"));",
          "run.id();");

      // when: follow for 4 s (longer until its lines have come), Stop, then ask for its status in the next cell
      JsonNode out = followThenStop(engine.env(), 2, 1, setup, "run.follow();", "run.status();");

      // then
      Matcher id = Pattern.compile("job-[A-Za-z0-9]{12}").matcher(out.at("/setup/text").asText());
      assertThat(id.find()).as("job id in %s", out.path("setup")).isTrue();
      assertThat(out.path("reply").path("status").asText()).as("follow cell reply %s", out.path("reply")).isEqualTo("error");
      assertThat(out.path("reply_after_interrupt_s").asDouble()).as("reply after Stop (s)").isLessThan(1.0);
      assertThat(out.at("/then/0/status").asText()).isEqualTo("ok");
      assertThat(out.at("/then/0/text").asText()).as("status in the next cell").isEqualTo("Running");
      assertThat(out.path("updates").asInt()).as("redraws in place: %s", out).isPositive();
      assertThat(html(out)).anyMatch(h -> h.contains("aihc-replica") && h.contains("master-0") && h.contains("tick "));

      // the kernel is gone; the job still runs on the engine until stopped
      AihcClient client = engine.client();
      Run run = client.job(id.group());
      assertThat(run.status()).as("after the kernel ended; engine log:%n%s", engine.logTail()).isEqualTo(JobStatus.RUNNING);
      run.stop();
      assertThat(run.await(Duration.ofSeconds(30)).status()).isEqualTo(JobStatus.STOPPED);
    }
  }

  /**
   * Runs live_follow.py: setup, follow for 4 s and until {@code displays} outputs and {@code updates}
   * redraws have come (at most 30 s), Stop, then the {@code then} cells; returns its JSON report.
   */
  private static JsonNode followThenStop(Map<String, String> env, int displays, int updates, String setup, String follow,
      String... then) {
    Path script = Jupyter.script("live_follow.py");
    List<String> command = new ArrayList<>(List.of(Jupyter.python(), script.toString(), "--seconds", "4",
        "--displays", Integer.toString(displays), "--updates", Integer.toString(updates), "--max-seconds", "30",
        "--setup", setup, "--follow", follow));
    for (String cell : then) command.addAll(List.of("--then", cell));
    Jupyter.Result r = Jupyter.run(command, Jupyter.env(env), Duration.ofMinutes(2));
    assertThat(r.exitCode()).as(r.output()).isZero();
    try {
      JsonNode out = JSON.readTree(r.output().lines().reduce((a, b) -> b).orElseThrow());
      System.out.printf("follow in the kernel: %d displays, %d redraws in %.1f s; Stop answered in %.3f s, next cell in %.3f s%n",
          out.path("displays").asInt(), out.path("updates").asInt(), out.path("followed_s").asDouble(),
          out.path("reply_after_interrupt_s").asDouble(),
          out.at("/then/0/s").asDouble());
      assertThat(out.at("/setup/status").asText()).as("setup cell %s", out.path("setup")).isEqualTo("ok");
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }


  private static List<String> html(JsonNode out) {
    List<String> html = new ArrayList<>();
    out.path("html").forEach(h -> html.add(h.asText()));
    return html;
  }
}
