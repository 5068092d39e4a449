package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.aihc.client.JobResult;
import dev.aihc.client.Run;
import dev.aihc.insight.Progress;
import dev.aihc.insight.Series;
import dev.aihc.wire.JobStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Log-format fixtures (dsl's {@code logs/formats}) printed by two real replicas of the local engine, byte for
 * byte as the framework would (carriage returns, colour codes), and read back through the client's
 * {@code progress()}, {@code series()} and {@code seriesNames()}: what the fixture's {@code .expect} says a
 * person reads.
 */
@Timeout(120)
final class LocalEngineFormatsTest {
  private static final Path FORMATS = Path.of("..", "dsl", "src", "test", "resources", "logs", "formats")
      .toAbsolutePath().normalize();

  @RegisterExtension final TestEngine t = TestEngine.perTest();

  @ParameterizedTest
  @ValueSource(strings = {"megatron-lm-iteration", "hf-trainer-eval-bar", "ultralytics-yolo", "olmo",
      "deit-metric-logger", "torchtitan"})
  void whatTwoReplicasPrintIsReadAsTheFixtureSays(String fixture) throws IOException {
    Run run = t.client.submit(TestEngine.job(fixture.replace('.', '-'), "cat " + FORMATS.resolve(fixture + ".log"))
        .replicas(2));
    JobResult result = run.await(Duration.ofSeconds(60));
    assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
    List<String> expect = Files.readAllLines(FORMATS.resolve(fixture + ".expect"));

    String[] progress = value(expect, "progress").split("/");
    Progress p = run.progress().orElseThrow();
    assertThat(p.pod()).isEqualTo("master-0");
    assertThat(p.total()).isEqualTo(Double.parseDouble(progress[1]));
    assertThat(p.fraction()).isCloseTo(Double.parseDouble(progress[0]) / p.total(), within(0.001));

    String loss = value(expect, "loss");
    String series = expect.stream().filter(l -> l.startsWith("series: ")).findFirst().orElseThrow();
    String name = series.substring(8, series.indexOf(" | "));
    double[] values = Arrays.stream(series.substring(series.indexOf(" | ") + 3).trim().split("\\s+"))
        .mapToDouble(v -> Double.parseDouble(v.substring(v.indexOf('=') + 1))).toArray();
    Series read = run.series(name);
    assertThat(read.pods()).containsExactly("master-0", "worker-0");
    for (String pod : read.pods()) {
      assertThat(read.points(pod).stream().mapToDouble(Series.Point::value).toArray()).as(pod)
          .containsExactly(values, within(1e-4));
    }
    if (loss.startsWith("ambiguous")) {
      assertThatThrownBy(() -> run.series("loss")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(loss.split("\\|")[1].trim());
    } else {
      assertThat(run.series("loss").name()).isEqualToIgnoringCase(loss);
      assertThat(run.series("loss").size()).isPositive();
    }
    List<String> names = Arrays.stream(value(expect, "names").split(" \\| ")).map(String::strip).toList();
    assertThat(run.seriesNames()).containsAll(names);
  }

  @Test
  void aSecondSeriesOfARunningJobAddsWhatWasPrintedSinceAndAFinishedOneStaysAsItWas(@TempDir Path dir)
      throws IOException {
    Path go = dir.resolve("go");
    String command = "for i in 1 2 3; do echo \"iteration $i/6 | lm loss: $i.5E+00 |\"; done; "
        + "while [ ! -e " + go + " ]; do sleep 0.05; done; "
        + "for i in 4 5 6; do echo \"iteration $i/6 | lm loss: $i.5E+00 |\"; done";
    Run run = t.client.submit(TestEngine.job("series-again", "sh -c '" + command + "'"));
    Series first = awaitValues(run, 3);
    assertThat(first.name()).isEqualTo("lm loss");
    assertThat(run.progress().orElseThrow().count()).isEqualTo("iter 3/6");

    Files.createFile(go);
    assertThat(run.await(Duration.ofSeconds(30)).status()).isEqualTo(JobStatus.SUCCEEDED);
    Series all = run.series("loss");

    assertThat(all.points()).extracting(Series.Point::step).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, 6.0);
    assertThat(all.points().subList(0, 3)).isEqualTo(first.points());
    assertThat(all.last()).hasValue(6.5);
    assertThat(run.series("loss")).isEqualTo(all);
    assertThat(run.progress().orElseThrow().count()).isEqualTo("iter 6/6");
  }

  private static Series awaitValues(Run run, int n) {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      Series s = run.series("loss");
      if (s.size() >= n || System.nanoTime() > until) return s;
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static String value(List<String> expect, String key) {
    return expect.stream().filter(l -> l.startsWith(key + ": ")).map(l -> l.substring(key.length() + 2).strip())
        .findFirst().orElseThrow();
  }
}
