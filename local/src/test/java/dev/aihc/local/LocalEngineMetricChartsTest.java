package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.view.Chart;
import dev.aihc.wire.JobStatus;
import dev.aihc.client.Run;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** run.metrics(window): the engine's /proc samples of two busy replicas, charted. */
@Timeout(60)
final class LocalEngineMetricChartsTest {
  /** About one core busy for a few seconds, some 8 MB held. */
  private static final String BUSY = "x=$(head -c 8000000 /dev/zero | tr '\\0' a); end=$((SECONDS+6)); "
      + "while [ $SECONDS -lt $end ]; do :; done";

  @RegisterExtension final TestEngine t = TestEngine.perTest();

  @Test
  void aBusyJobsCpuAndMemoryAreChartedWithALinePerReplicaAndNoGpuChartWithoutAGpu() {
    Run busy = t.client.submit(TestEngine.job("busy", BUSY).replicas(2));
    t.awaitStatus(busy.id(), JobStatus.RUNNING);
    TestEngine.awaitTrue(() -> busy.metrics(Duration.ofSeconds(30)).stream().filter(c -> c.title().equals("CPU"))
        .anyMatch(c -> c.lines().size() == 2 && c.lines().stream().allMatch(l -> l.points().size() >= 2)),
        "two CPU samples of each replica");

    List<Chart> charts = busy.metrics(Duration.ofSeconds(30));

    assertThat(charts).extracting(Chart::title).containsExactly("CPU", "memory"); // this machine has no GPU
    Chart cpu = charts.get(0);
    assertThat(cpu.xLabel()).isEqualTo("seconds");
    assertThat(cpu.yLabel()).isEqualTo("CPU (cores)");
    assertThat(cpu.lines()).extracting(Chart.Line::name).containsExactly("master-0", "worker-0");
    for (Chart.Line line : cpu.lines()) {
      assertThat(line.points()).allSatisfy(p -> assertThat(p.x()).isBetween(0.0, 31.0));
      assertThat(line.points()).anySatisfy(p -> assertThat(p.y()).as("a busy loop's cores (the machine is shared: any share)").isPositive());
    }
    Chart memory = charts.get(1);
    assertThat(memory.yLabel()).isEqualTo("memory (MiB)");
    assertThat(memory.lines()).allSatisfy(l -> assertThat(l.points()).anySatisfy(p -> assertThat(p.y()).isGreaterThan(1)));
    assertThat(cpu.toSvg().split("class='aihc-line'", -1)).hasSize(3);
  }
}
