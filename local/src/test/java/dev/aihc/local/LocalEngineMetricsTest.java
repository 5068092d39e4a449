package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aihc.client.AihcServiceException;
import dev.aihc.wire.JobMetrics;
import dev.aihc.wire.JobStatus;
import dev.aihc.client.Run;
import dev.aihc.local.internal.replica.Platform;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** DescribeJobMetrics from /proc samples, and the rest of the read API (nodes, web terminal) on a real engine. */
@Timeout(60)
final class LocalEngineMetricsTest {
  /** About one core busy for a few seconds, a little memory held. */
  private static final String BUSY = "x=$(head -c 8000000 /dev/zero | tr '\\0' a); end=$((SECONDS+6)); "
      + "while [ $SECONDS -lt $end ]; do :; done";

  @RegisterExtension static final TestEngine t = TestEngine.perClass();
  private static Run busy;

  @BeforeAll
  static void startBusyJob() {
    busy = t.client.submit(TestEngine.job("busy", BUSY).replicas(2));
    t.awaitStatus(busy.id(), JobStatus.RUNNING);
    TestEngine.awaitTrue(() -> {
      Instant now = Instant.now();
      return t.client.describeJobMetrics(busy.id(), "CpuUsage", now.minusSeconds(10), now, Duration.ofSeconds(1))
          .metrics().stream().allMatch(pod -> pod.metrics().size() >= 2);
    }, "two CPU samples of each replica"); // a replica's first sample only starts its CPU interval
  }

  @Test
  void givenBusyRunningJob_whenCpuUsageAsked_thenEveryPodHasSamplesAtTheStepShowingTheWork() {
    // when
    Instant now = Instant.now();
    JobMetrics m = t.client.describeJobMetrics(busy.id(), "CpuUsage", now.minusSeconds(10), now, Duration.ofSeconds(1));

    // then
    assertThat(m.reason()).isNull();
    assertThat(m.metrics()).extracting(JobMetrics.PodSeries::podName).containsExactly("busy-master-0", "busy-worker-0");
    for (JobMetrics.PodSeries pod : m.metrics()) {
      assertThat(pod.metrics()).hasSizeGreaterThanOrEqualTo(2);
      List<Long> times = pod.metrics().stream().map(s -> Long.parseLong(s.time())).toList();
      assertThat(times).isSorted().allMatch(s -> s >= now.getEpochSecond() - 10 && s <= now.getEpochSecond());
      for (int i = 1; i < times.size(); i++) assertThat((times.get(i) - times.get(0)) % 1).isZero();
      // a busy loop, on two cores shared with the engine and whatever else runs: clearly above an idle sleep's 0
      assertThat(pod.metrics().stream().mapToDouble(JobMetrics.Sample::value).max().orElse(0)).isGreaterThan(0.05);
    }
  }

  @Test
  void givenBusyRunningJob_whenMemoryUsageAsked_thenTheResidentBytesOfTheGroupShow() {
    Instant now = Instant.now();
    JobMetrics m = t.client.describeJobMetrics(busy.id(), "MemoryUsage", now.minusSeconds(10), now,
        Duration.ofSeconds(2));

    assertThat(m.metrics()).allSatisfy(pod -> assertThat(pod.metrics()).isNotEmpty()
        .allSatisfy(s -> assertThat(s.value()).isGreaterThan(8_000_000)));
  }

  @Test
  void givenThisHostsGpus_whenGpuUsageAsked_thenEmptySeriesWithTheReasonWithoutNvidiaSmiElseSamples() {
    JobMetrics m = t.client.describeJobMetrics(busy.id(), "GpuUsage", Instant.now().minusSeconds(10), Instant.now(),
        Duration.ofSeconds(1));

    assertThat(m.metrics()).hasSize(2);
    if (Platform.hasGpus()) { // a lent GPU machine: nvidia-smi answers for every replica (0 % for a shell loop)
      assertThat(m.metrics()).allSatisfy(pod -> assertThat(pod.metrics()).isNotEmpty());
    } else {
      assertThat(m.metrics()).allSatisfy(pod -> assertThat(pod.metrics()).isEmpty());
      assertThat(m.reason()).isEqualTo("no GPU metrics: nvidia-smi is not on PATH, so this host has no NVIDIA GPU to "
          + "sample");
    }
  }

  @Test
  void givenMetricsQuestionsTheEngineCannotAnswer_whenAsked_thenReasonOr400() {
    JobMetrics other = t.client.describeJobMetrics(busy.id(), "NetworkIn", Instant.now().minusSeconds(5), Instant.now(),
        Duration.ofSeconds(1));
    assertThat(other.reason()).isEqualTo("the local engine does not collect NetworkIn; it collects [CpuUsage, "
        + "MemoryUsage, GpuUsage, GpuMemoryUsage]");

    assertThat(t.api.post("DescribeJobMetrics", "{\"jobId\": \"" + busy.id() + "\", \"metricType\": \"CpuUsage\", "
        + "\"timeStep\": \"soon\"}").text()).contains("timeStep must be a whole number of seconds");
    assertThat(t.api.post("DescribeJobMetrics", "{\"jobId\": \"" + busy.id() + "\", \"metricType\": \"CpuUsage\", "
        + "\"startTime\": \"0\", \"timeStep\": \"1s\"}").text()).contains("Use a larger timeStep or a shorter window");
  }

  @Test
  void givenRunningJob_whenNodesAndWebTerminalAsked_thenThisHostAndAClearRefusal() {
    assertThat(t.client.describeJobNodes(busy.id()).nodeName()).containsExactly(Platform.nodeName());

    assertThatThrownBy(() -> t.client.describeJobWebterminal(busy.id(), "busy-master-0"))
        .isInstanceOfSatisfying(AihcServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(400))
        .hasMessageContaining("DescribeJobWebterminal is not available on the local engine");
  }
}
