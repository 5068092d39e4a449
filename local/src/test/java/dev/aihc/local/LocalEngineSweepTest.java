package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aihc.client.AihcClient;
import dev.aihc.client.AihcInterruptedException;
import dev.aihc.experiment.Comparison;
import dev.aihc.wire.JobStatus;
import dev.aihc.client.OutputSink;
import dev.aihc.client.Run;
import dev.aihc.experiment.Runs;
import dev.aihc.experiment.Sweep;
import dev.aihc.experiment.SweepResult;
import dev.aihc.dsl.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sweeps and comparisons of real jobs on the local engine. */
@Timeout(120)
final class LocalEngineSweepTest {
  /** Prints an accuracy that depends on LR, as a training script would. */
  private static final Job TEMPLATE = TestEngine.job("sweep",
      "echo \"training with LR=$LR\"; awk -v lr=\"$LR\" 'BEGIN { printf \"epoch 1 accuracy %.4f\\n\", 0.5 + lr }'");

  @RegisterExtension final TestEngine t = TestEngine.perTest();
  private final List<SweepResult> shown = new ArrayList<>();

  @Test
  void aSweepSubmitsEveryVariantUnderItsOwnNameNeverMoreThanTheLimitAtOnceAndReadsEachMetric() {
    SweepResult result = Sweep.of(TEMPLATE).env("LR", "0.1", "0.2", "0.3").metric("accuracy").concurrency(1)
        .run(recording(t.client));

    assertThat(result.isDone()).isTrue();
    assertThat(result.variants()).extracting(SweepResult.Variant::name)
        .containsExactly("sweep-lr-0-1", "sweep-lr-0-2", "sweep-lr-0-3");
    assertThat(result.variants()).extracting(SweepResult.Variant::status).containsOnly(JobStatus.SUCCEEDED);
    assertThat(result.variants()).extracting(v -> v.metric().getAsDouble()).containsExactly(0.6, 0.7, 0.8);
    assertThat(result.highest()).hasValueSatisfying(v -> assertThat(v.values()).containsEntry("LR", "0.3"));
    for (SweepResult.Variant v : result.variants()) {
      assertThat(v.run().logs("master-0")).contains("training with LR=" + v.values().get("LR"));
    }
    // what the sink was shown while it ran: never two variants in the queue at once, the rest waiting here
    assertThat(shown).isNotEmpty().allSatisfy(s -> assertThat(s.variants().stream()
        .filter(v -> v.isSubmitted() && (v.status() == null || !v.status().isTerminal())).count()).isLessThanOrEqualTo(1));
    assertThat(shown.get(0).table().column("status")).containsOnly("waiting");
    assertThat(result.toString()).contains("sweep-lr-0-2", "0.7", "done: 3 of 3 variants ended");
    assertThat(t.shown).anySatisfy(line -> assertThat(line).startsWith("sweep-lr-0-3 job-").endsWith(": Succeeded, accuracy 0.8"));

    var chart = result.chart();
    assertThat(chart.xLabel()).isEqualTo("LR");
    assertThat(chart.lines()).singleElement().satisfies(l -> assertThat(l.points())
        .extracting(p -> p.x() + "=" + p.y()).containsExactly("0.1=0.6", "0.2=0.7", "0.3=0.8"));
  }

  @Test
  void anInterruptedSweepStopsAtOnceAndNeverSubmitsTheVariantsWaitingInTheClient() throws Exception {
    Job slow = TestEngine.job("slow", "sleep 60");
    AtomicReference<Thread> runner = new AtomicReference<>();
    CompletableFuture<SweepResult> sweep = CompletableFuture.supplyAsync(() -> {
      runner.set(Thread.currentThread());
      return Sweep.of(slow).env("N", "1", "2", "3").concurrency(1).run(t.client);
    });
    TestEngine.awaitTrue(() -> t.client.jobs().anyMatch(j -> j.name().startsWith("slow-n-")), "the first variant submitted");

    long interrupted = System.nanoTime();
    runner.get().interrupt();

    assertThatThrownBy(() -> sweep.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(AihcInterruptedException.class)
        .hasMessageContaining("2 variants never submitted; submitted: job-");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - interrupted)).isLessThan(2000);
    Thread.sleep(300); // were a variant still to be submitted, it would be by now (polls are 100 ms apart)
    assertThat(t.client.jobs().filter(j -> j.name().startsWith("slow-n-")).toList()).hasSize(1);
  }

  @Test
  void aComparisonShowsTheSettingsThatDifferAndTheLastValueOfEachSeries() {
    Run a = t.client.submit(TEMPLATE.name("cmp-a").env("LR", "0.1"));
    Run b = t.client.submit(TEMPLATE.name("cmp-b").env("LR", "0.3").replicas(2));
    a.await();
    b.await();

    Comparison c = Runs.compare(a, b).with("accuracy");

    assertThat(c.settings()).anySatisfy(f -> assertThat(f).contains("replicas"))
        .anySatisfy(f -> assertThat(f).contains("env"));
    String replicas = c.settings().stream().filter(f -> f.contains("replicas")).findFirst().orElseThrow();
    assertThat(c.setting(0, replicas)).isEqualTo("1");
    assertThat(c.setting(1, replicas)).isEqualTo("2");
    assertThat(c.last(0, "accuracy")).hasValue(0.6);
    assertThat(c.last(1, "accuracy")).hasValue(0.8);
    assertThat(c.table().column("name")).containsExactly("cmp-a", "cmp-b");
    assertThat(c.table().column("status")).containsOnly("Succeeded");
    assertThat(c.table().column("accuracy")).containsExactly("0.6", "0.8");
    assertThat(c.toString().lines().findFirst().orElseThrow()).startsWith("run").contains("name", "status", "accuracy");
    assertThat(c.chart("accuracy").lines()).extracting(l -> l.name())
        .containsExactly("cmp-a " + a.id(), "cmp-b " + b.id());
  }

  private AihcClient recording(AihcClient client) {
    OutputSink console = client.sink();
    return client.withSink(new OutputSink() {
      @Override
      public void log(String source, String line) {
        console.log(source, line);
      }

      @Override
      public void progress(String message) {
        console.progress(message);
      }

      @Override
      public void show(String key, Object value, String change) {
        shown.add((SweepResult) value);
        OutputSink.super.show(key, value, change);
      }
    });
  }
}
