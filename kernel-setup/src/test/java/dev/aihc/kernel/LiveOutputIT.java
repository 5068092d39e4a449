package dev.aihc.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * {@code run.follow()} in the real kernel against a fake AIHC endpoint whose job never ends: live blocks
 * redrawn in place (no flood of output lines), and the Stop button ends the cell within a second,
 * leaves the kernel usable and sends no StopJob.
 */
final class LiveOutputIT {
  @StartStop private final MockWebServer server = new MockWebServer();

  @Test
  void givenEndlessJob_whenFollowedThenStopPressed_thenLiveBlocksAndPromptStopWithoutStoppingTheJob()
      throws IOException, InterruptedException {
    // given: a job that runs forever, 30 new lines per replica per poll
    server.setDispatcher(new NotebookSinkTest.FakeAihc(Integer.MAX_VALUE));
    Path script = Files.createTempFile("live_follow", ".py");
    try (InputStream in = getClass().getResourceAsStream("/notebook-tests/live_follow.py")) {
      Files.write(script, in.readAllBytes());
    }

    // when: follow for 4 s, then interrupt
    Jupyter.Result r = Jupyter.run(List.of(Jupyter.python(), script.toString(), server.url("/").toString(), "4"),
        Jupyter.env(), Duration.ofMinutes(2));

    // then
    assertThat(r.exitCode()).as(r.output()).isZero();
    JsonNode out = new ObjectMapper().readTree(r.output().lines().reduce((a, b) -> b).orElseThrow());
    System.out.printf("follow in the kernel: %d displays, %d redraws in 4 s; Stop answered in %.3f s, next cell in %.3f s%n",
        out.path("displays").asInt(), out.path("updates").asInt(), out.path("reply_after_interrupt_s").asDouble(),
        out.path("next_cell_s").asDouble());
    assertThat(out.path("setup").asText()).isEqualTo("ok");
    assertThat(out.path("reply").path("status").asText()).as("follow cell reply %s", out.path("reply")).isEqualTo("error");
    assertThat(out.path("reply_after_interrupt_s").asDouble()).as("reply after Stop (s)").isLessThan(1.0);
    assertThat(out.path("next_cell").asText()).isEqualTo("ok");
    assertThat(out.path("next_cell_s").asDouble()).as("next cell after Stop (s): the follow thread ended").isLessThan(1.0);
    assertThat(out.path("displays").asInt()).as("status line + one block per replica: %s", out).isEqualTo(3);
    assertThat(out.path("updates").asInt()).as("redraws in place").isBetween(5, 200);
    assertThat(out.path("stream").asText()).as("no log lines printed as output").doesNotContain("master-0 line");
    List<String> html = new ArrayList<>();
    out.path("html").forEach(h -> html.add(h.asText()));
    assertThat(html).anyMatch(h -> h.contains("aihc-progress") && h.contains(">Running<"))
        .anyMatch(h -> h.contains("aihc-replica") && h.contains("master-0 line") && h.contains("last 20 of"))
        .anyMatch(h -> h.contains("aihc-replica") && h.contains("worker-0 line"));
    List<String> actions = new ArrayList<>();
    for (RecordedRequest req; (req = server.takeRequest(10, java.util.concurrent.TimeUnit.MILLISECONDS)) != null; ) {
      actions.add(req.getUrl().queryParameter("action"));
    }
    assertThat(actions).contains("DescribeJob", "DescribeJobLogs").doesNotContain("StopJob", "DeleteJob");
  }
}
