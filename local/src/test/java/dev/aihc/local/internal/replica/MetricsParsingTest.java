package dev.aihc.local.internal.replica;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.wire.JobMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of metrics that need no running replica: /proc stat lines, nvidia-smi output, the stepping. */
final class MetricsParsingTest {
  @Test
  void givenAStatLineWithSpacesAndParensInTheName_whenParsed_thenGroupTimeAndMemoryAreRead() {
    String stat = "4242 (my (odd) name) S 1 4200 4200 0 -1 4194560 500 0 0 0 250 50 0 0 20 0 1 0 12345 "
        + "10000000 777 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

    assertThat(ProcSample.parse(4242, stat)).contains(new ProcSample(4242, 4200, 300, 777));
    assertThat(ProcSample.parse(1, "garbage")).isEmpty();
  }

  @Test
  void givenNvidiaSmiOutput_whenParsed_thenMemoryAndUtilisationByPid() {
    assertThat(NvidiaSmi.parseMemory("1234, 512\n5678, [N/A]\n1234, 256\n")).containsEntry(1234L, 768.0).hasSize(1);
    assertThat(NvidiaSmi.parseUtil("""
        # gpu        pid  type    sm   mem   enc   dec   command
        # Idx          #   C/G     %     %     %     %   name
            0       1234     C    45    20     -     -   python
            1       1234     C     5     1     -     -   python
            2          -     -     -     -     -     -   -
            3       5678     C     -     -     -     -   python
        """)).containsEntry(1234L, 50.0).containsEntry(5678L, 0.0).hasSize(2);
  }

  @Test
  void givenSamples_whenReadAtAStep_thenEachPointTakesTheLatestSampleWithinAStepAndGapsAreLeftOut() {
    List<PodMetrics.Sample> samples = List.of(
        new PodMetrics.Sample(10_000, Double.NaN, 1, Double.NaN, Double.NaN),
        new PodMetrics.Sample(11_000, 0.5, 2, Double.NaN, Double.NaN),
        new PodMetrics.Sample(12_000, 0.75, 3, Double.NaN, Double.NaN),
        new PodMetrics.Sample(20_000, 1.0, 4, Double.NaN, Double.NaN));

    assertThat(MetricSeries.at(samples, PodMetrics.Sample::cpuCores, 10_000, 20_000, 2_000)).containsExactly(
        new JobMetrics.Sample("12", 0.75), new JobMetrics.Sample("20", 1.0));
    assertThat(MetricSeries.at(samples, PodMetrics.Sample::memoryBytes, 10_000, 13_000, 1_000)).containsExactly(
        new JobMetrics.Sample("10", 1), new JobMetrics.Sample("11", 2), new JobMetrics.Sample("12", 3),
        new JobMetrics.Sample("13", 3));
  }
}
