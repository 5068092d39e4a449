package dev.aihc.local.internal.sched;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.dsl.Gpu;
import dev.aihc.dsl.Job;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One queue's accounting: gang fits, distinct GPU ids per replica, releases, and the waiting order. */
final class QueueStateTest {
  private static final String A800 = Gpu.A800.descriptor();
  private static final QueueSpec QUEUE = new QueueSpec("local", "default", "default", List.of(), BigDecimal.valueOf(4),
      BigDecimal.valueOf(16), Map.of(A800, List.of("0", "1", "2", "3")), Map.of(Gpu.H800.descriptor(), 8), null);

  private static Demand demand(Job job) {
    return Demand.of(job, QUEUE);
  }

  private static Job job(int replicas, int gpus) {
    return Job.named("j").queue("default").image("r/x:1").command("true").replicas(replicas).gpus(Gpu.A800, gpus)
        .cpu(1).memory(2);
  }

  @Test
  void givenFourGpus_whenTwoJobsAreAllocated_thenEveryReplicaHasItsOwnIdsAndAThirdDoesNotFit() {
    // given
    QueueState q = new QueueState(QUEUE);

    // when
    QueueState.Holding a = q.allocate("a", demand(job(2, 1)), List.of("a-master-0", "a-worker-0"));
    QueueState.Holding b = q.allocate("b", demand(job(1, 2)), List.of("b-master-0"));

    // then
    assertThat(a.devicesByPod()).containsExactly(Map.entry("a-master-0", "0"), Map.entry("a-worker-0", "1"));
    assertThat(b.devicesByPod()).containsExactly(Map.entry("b-master-0", "2,3"));
    assertThat(q.free(A800)).isEqualTo(BigDecimal.ZERO);
    assertThat(q.free("cpu")).isEqualTo(BigDecimal.ONE);
    assertThat(q.fits(demand(job(1, 1)))).isFalse();
    assertThat(q.shortfalls(demand(job(2, 1)))).containsExactly("needs 2 " + A800 + ", 0 free", "needs 2 cpu, 1 free");
  }

  @Test
  void givenAllocatedJob_whenReleased_thenItsIdsGoBackAndTheNextGetsTheLowest() {
    // given
    QueueState q = new QueueState(QUEUE);
    q.allocate("a", demand(job(1, 2)), List.of("a-master-0"));
    q.allocate("b", demand(job(1, 1)), List.of("b-master-0"));

    // when
    q.release("a");
    QueueState.Holding c = q.allocate("c", demand(job(1, 3)), List.of("c-master-0"));

    // then
    assertThat(c.devicesByPod()).containsEntry("c-master-0", "0,1,3");
    assertThat(q.release("a")).isEmpty();
  }

  @Test
  void givenRecordedDevices_whenHeldAgain_thenTheyAreNotHandedOut() {
    // given: what an earlier engine handed out
    QueueState q = new QueueState(QUEUE);
    q.hold("a", demand(job(2, 1)), Map.of("a-master-0", "1", "a-worker-0", "3"));

    // when
    QueueState.Holding b = q.allocate("b", demand(job(1, 2)), List.of("b-master-0"));

    // then
    assertThat(b.devicesByPod()).containsEntry("b-master-0", "0,2");
  }

  @Test
  void givenVirtualGpus_whenARehearsalIsAllocated_thenItIsCountedButNoIdIsHandedOutAndCpuIsNotReserved() {
    // given
    QueueState q = new QueueState(QUEUE);
    Demand rehearsal = Demand.of(job(1, 0).gpus(Gpu.H800, 8).cpu(64), QUEUE);

    // when
    QueueState.Holding h = q.allocate("r", rehearsal, List.of("r-master-0"));

    // then
    assertThat(rehearsal.rehearsal()).isTrue();
    assertThat(rehearsal.recordedOnly()).extracting(Object::toString).containsExactly("cpu 64", "memory 2 GB");
    assertThat(h.devicesByPod()).containsEntry("r-master-0", "");
    assertThat(q.free(Gpu.H800.descriptor())).isEqualTo(BigDecimal.ZERO);
    assertThat(q.free("cpu")).isEqualTo(BigDecimal.valueOf(4));
  }

  @Test
  void givenWaitingJobs_whenOrdered_thenHighNormalLowThenSubmissionAndAPriorityChangeMovesOne() {
    // given
    QueueState q = new QueueState(QUEUE);
    Demand d = demand(job(1, 1));
    q.addWaiting(new QueueState.Waiting("low", "low", 1, 0, d, ""));
    q.addWaiting(new QueueState.Waiting("normal-late", "normal", 3, 1, d, ""));
    q.addWaiting(new QueueState.Waiting("normal-early", "normal", 2, 2, d, ""));
    q.addWaiting(new QueueState.Waiting("high", "high", 4, 3, d, ""));

    // when
    List<String> before = q.ordered().stream().map(w -> w.jobId).toList();
    q.waiting("low").orElseThrow().rank = QueueState.Waiting.rank("high");

    // then
    assertThat(before).containsExactly("high", "normal-early", "normal-late", "low");
    assertThat(q.ordered()).extracting(w -> w.jobId).containsExactly("low", "high", "normal-early", "normal-late");
  }

  @Test
  void givenJobLargerThanTheQueue_whenChecked_thenItCanNeverFitAndSaysWhy() {
    // when
    List<String> problems = demand(job(3, 2).resource("example.com/tpu", 1)).neverFits(QUEUE);

    // then
    assertThat(problems).hasSize(2);
    assertThat(problems.get(0)).startsWith("jobSpec.resources: the job needs 6 " + A800 + " (3 × 2) at once but queue "
        + "default of pool local: cpu 4, memory 16 GB, " + A800 + " 4 (GPUs 0,1,2,3); virtual (CPU rehearsal): "
        + Gpu.H800.descriptor() + " 8 holds 4 in all, so it could never start");
    assertThat(problems.get(1)).startsWith("jobSpec.resources: the job asks for 1 example.com/tpu per replica but queue "
        + "default");
  }
}
