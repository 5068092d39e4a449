package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.client.AihcClient;
import dev.aihc.client.JobResult;
import dev.aihc.wire.JobStatus;
import dev.aihc.client.OutputSink;
import dev.aihc.insight.Progress;
import dev.aihc.client.Run;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How far a job is, read from the lines real replicas print, and the bar follow() draws from them. */
@Timeout(60)
final class LocalEngineProgressTest {
  @RegisterExtension static final TestEngine t = TestEngine.perClass();

  @Test
  void givenAJobPrintingEpochs_whenAskedMidway_thenTheNewestEpochOfTheMasterWithATimeLeft() {
    Run run = t.client.submit(TestEngine.job("progress-epochs",
        "for i in 1 2 3 4; do echo \"rank $RANK epoch $i/10 loss 0.$i\"; done; sleep 30").replicas(2));
    TestEngine.awaitTrue(() -> run.logs("master-0").contains("rank 0 epoch 4/10 loss 0.4"), "epoch 4 printed");
    TestEngine.sleep(1100); // a second of running to estimate from

    Progress p = run.progress().orElseThrow();
    run.stop();

    assertThat(p.count()).isEqualTo("epoch 4/10");
    assertThat(p.fraction()).isEqualTo(0.4);
    assertThat(p.pod()).isEqualTo("master-0");
    assertThat(p.eta()).hasValueSatisfying(eta -> assertThat(eta).isPositive());
  }

  @Test
  void givenLinesOfItsOwnForm_whenAskedWithAPattern_thenItsGroups_andWithoutOneNoProgress() {
    Run run = t.client.submit(TestEngine.job("progress-custom", "echo loading; echo shard 7 of 28 written; sleep 30"));
    TestEngine.awaitTrue(() -> run.logs("master-0").contains("shard 7 of 28 written"), "shard line printed");

    Optional<Progress> known = run.progress();
    Optional<Progress> custom = run.progress("shard (?<step>\\d+) of (?<total>\\d+)");
    run.stop();

    assertThat(known).isEmpty();
    assertThat(custom).hasValueSatisfying(p -> assertThat(p.count()).isEqualTo("step 7/28"));
  }

  @Test
  void givenATqdmBarFollowedOnAConsoleThatIsNotATerminal_thenPlainProgressLinesNoCarriageReturns() {
    // given: 30 redraws of a tqdm bar 0.1 s apart (tqdm writes \r, no newline), then a line; this
    // test's output is no terminal, as a CI log or a file is not
    assertThat(System.console()).isNull();
    Run run = t.client.submit(TestEngine.job("progress-console",
        "for i in $(seq 1 30); do printf '\\r%3d%%|####      | %d/30 [00:0%d<00:03, 10it/s]' $((i*100/30)) $i "
            + "$((i/10)); sleep 0.1; done; echo; echo done"));
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    JobResult result;
    try (AihcClient console = t.client.withSink(OutputSink.console())) {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      result = console.job(run.id()).follow();
    } finally {
      System.setOut(original);
    }

    // then: a line now and then (at most one per tenth of the way), never a redraw, the last one complete
    String out = captured.toString(StandardCharsets.UTF_8);
    assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
    // (the job's own log line keeps the carriage returns tqdm wrote: that is what the job printed)
    assertThat(out).doesNotContain("\r█", "\r░");
    List<String> bars = java.util.Arrays.stream(out.split("\n"))
        .filter(l -> l.contains("/30 ") && (l.startsWith("█") || l.startsWith("░"))).toList();
    assertThat(bars).as(out).isNotEmpty().hasSizeLessThanOrEqualTo(11);
    assertThat(bars.get(bars.size() - 1)).startsWith("████████████████████ 100% it 30/30");
    assertThat(out).contains("[master-0] done");
  }
}
