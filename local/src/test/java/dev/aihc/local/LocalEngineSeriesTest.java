package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.client.JobResult;
import dev.aihc.wire.JobStatus;
import dev.aihc.client.Run;
import dev.aihc.insight.Series;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code run.series("loss")} on examples/train_ddp.py trained by two real replicas of the local engine. */
@Timeout(180)
final class LocalEngineSeriesTest {
  private static final Path SCRIPT = Path.of("..", "examples", "train_ddp.py").toAbsolutePath().normalize();
  private static final Pattern LOSS_LINE = Pattern.compile("rank (\\d) epoch (\\d)/3 loss (\\d+\\.\\d+)");

  @RegisterExtension final TestEngine t = TestEngine.perTest();

  @BeforeEach
  void scriptExists() {
    assertThat(SCRIPT).exists();
  }

  @Test
  void theLossOfEachReplicaIsReadFromItsLogWithTheEpochOfEachLine() {
    Run run = t.client.submit(TestEngine.job("series-ddp", "/usr/bin/python3 " + SCRIPT + " --epochs 3 --samples 512")
        .replicas(2));
    JobResult result = run.await(Duration.ofSeconds(150));
    assertThat(result.status()).as(String.join("\n", run.logs("master-0"))).isEqualTo(JobStatus.SUCCEEDED);

    Series loss = run.series("loss");

    assertThat(loss.pods()).containsExactly("master-0", "worker-0");
    assertThat(loss.stepName()).isEqualTo("epoch");
    assertThat(loss.size()).isEqualTo(6);
    for (String pod : loss.pods()) {
      // what the replica printed, read here with a pattern of this test's own
      List<Series.Point> expected = run.logs(pod).stream().map(LOSS_LINE::matcher).filter(Matcher::find)
          .map(m -> new Series.Point(pod, Integer.parseInt(m.group(2)), Double.parseDouble(m.group(3)))).toList();
      assertThat(expected).hasSize(3);
      assertThat(loss.points(pod)).isEqualTo(expected);
    }
    assertThat(loss.last()).hasValue(loss.points("master-0").get(2).value());
    assertThat(loss.toString()).startsWith("loss: 2 replicas, 6 values | master-0 ").contains(" | worker-0 ");
    String svg = loss.chart().toSvg();
    assertThat(svg).contains("data-line='master-0'", "data-line='worker-0'");
    assertThat(svg.split("class='aihc-line'", -1)).hasSize(3);
    assertThat(run.series("accuracy").points()).singleElement()
        .satisfies(p -> assertThat(p.pod()).isEqualTo("master-0"))
        .satisfies(p -> assertThat(p.value()).isBetween(0.0, 1.0));
  }
}
