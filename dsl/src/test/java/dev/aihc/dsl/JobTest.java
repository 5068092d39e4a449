package dev.aihc.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class JobTest {

  @Test
  void givenJob_whenStepApplied_thenOriginalUnchanged() {
    // given
    Job base = Fixtures.valid();
    String before = base.toJson();
    // when
    Job bigger = base.replicas(4).gpus(Gpu.A800, 8).rdma().env("A", "1").pfs("pfs-1", "/mnt/cluster");
    // then
    assertThat(base.toJson()).isEqualTo(before);
    assertThat(base.replicas()).isEqualTo(1);
    assertThat(bigger.replicas()).isEqualTo(4);
    assertThat(bigger.isRdma()).isTrue();
    assertThat(base.isRdma()).isFalse();
  }

  @Test
  void givenStepThatChangesNothing_whenApplied_thenSameInstance() {
    Job job = Fixtures.valid().replicas(2);
    assertThat(job.replicas(2)).isSameAs(job);
  }

  @Test
  void givenTwoEqualChains_whenCompared_thenEqualWithSameHash() {
    Job a = Fixtures.specFullJob();
    Job b = Fixtures.specFullJob();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(b.priority(Priority.LOW));
  }

  @Test
  void givenEverySetting_whenReadBack_thenValuesAsSet() {
    Job job = Fixtures.specFullJob().pool("cce-1");
    assertThat(job.name()).isEqualTo("bert-sft");
    assertThat(job.queue()).isEqualTo("default");
    assertThat(job.pool()).contains("cce-1");
    assertThat(job.replicas()).isEqualTo(2);
    assertThat(job.gpuCount()).isEqualTo(8);
    assertThat(job.gpus()).map(Resource::name).contains("baidu.com/a800_80g_cgpu");
    assertThat(job.resource("cpu")).contains(new BigDecimal(64));
    assertThat(job.isRdma()).isTrue();
    assertThat(job.isBccl()).isTrue();
    assertThat(job.isFaultTolerance()).isTrue();
    assertThat(job.faultToleranceArgs().orElseThrow().unconditionalRetries()).contains(2);
    assertThat(job.faultToleranceArgs().orElseThrow().logTimeout()).contains(Duration.ofMinutes(7));
    assertThat(job.priority()).contains(Priority.HIGH);
    assertThat(job.tensorboard().orElseThrow().logPath()).isEqualTo("/mnt/cluster/tb");
    assertThat(job.retentionPeriod()).contains("7d");
    assertThat(job.datasources().get(1).isReadOnly()).isTrue();
    assertThat(job.imageAuth().orElseThrow().username()).isEqualTo("robot");
  }

  @Test
  void givenGpusTwice_whenSecondModelDiffers_thenItReplacesTheFirst() {
    Job job = Fixtures.valid().gpus(Gpu.A800, 8).cpu(8).gpus(Gpu.H800, 4);
    assertThat(job.resources()).extracting(Resource::name).containsExactly("cpu", "baidu.com/h800_80g_cgpu");
    assertThat(job.gpuCount()).isEqualTo(4);
  }

  @Test
  void givenServerless_whenSet_thenPoolAndQueue() {
    Job job = Fixtures.valid().serverless("aihcq-123");
    assertThat(job.pool()).contains("aihc-serverless");
    assertThat(job.queue()).isEqualTo("aihcq-123");
    assertThat(job.isServerless()).isTrue();
  }

  @Test
  void givenImagePassword_whenPrinted_thenMasked() {
    Job job = Fixtures.valid().imageAuth("robot", "s3cret-pw");
    assertThat(job.toString()).contains("robot/****").doesNotContain("s3cret-pw");
    assertThat(job.imageAuth().orElseThrow().toString()).doesNotContain("s3cret-pw");
    assertThat(job.diff(job.imageAuth("robot", "other")).toString()).doesNotContain("s3cret-pw").doesNotContain("other");
  }

  @Test
  void givenJob_whenPrinted_thenReadableSummary() {
    String text = Fixtures.specFullJob().toString();
    assertThat(text).startsWith("Job bert-sft (PyTorchJob)")
        .contains("replicas    2 × [8 × baidu.com/a800_80g_cgpu, cpu 64, memory 512 GB, sharedMemory 128 GB]")
        .contains("mount       pfs pfs-pxE6jz:/ at /mnt/cluster")
        .contains("mount       hostpath /data/ckpt at /mnt/ckpt (read-only)");
  }

  @Test
  void givenTwoJobs_whenDiffed_thenChangedFieldsListed() {
    Job a = Fixtures.valid();
    Job b = a.replicas(3).priority(Priority.HIGH).pool("cce-x");
    assertThat(a.diff(b)).extracting(Difference::toString).containsExactly(
        "jobSpec.replicas: 1 -> 3", "resourcePoolId: (unset) -> cce-x", "priority: (unset) -> high");
    assertThat(a.diff(a)).isEmpty();
  }

  @Test
  void givenEnvsMap_whenAdded_thenInMapOrder() {
    Map<String, String> envs = new LinkedHashMap<>();
    envs.put("B", "2");
    envs.put("A", "1");
    assertThat(Fixtures.valid().env("Z", "0").envs(envs).envs()).extracting(EnvVar::name).containsExactly("Z", "B", "A");
  }

  @Test
  void givenNullArgument_whenStepCalled_thenIllegalArgumentNamesIt() {
    assertThatThrownBy(() -> Job.named(null)).isInstanceOf(IllegalArgumentException.class).hasMessage("name == null");
    assertThatThrownBy(() -> Fixtures.valid().queue(null)).hasMessage("queue == null");
    assertThatThrownBy(() -> Fixtures.valid().env("A", null)).hasMessage("value == null");
    assertThatThrownBy(() -> Fixtures.valid().pfs(null, "/mnt")).hasMessage("instanceId == null");
  }

  @Test
  void givenNegativeCount_whenStepCalled_thenIllegalArgumentWithFix() {
    assertThatThrownBy(() -> Job.named("llama-ft").replicas(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("replicas must be >= 1 but was -1 (job 'llama-ft'). Use replicas(1) for a single-node job");
    assertThatThrownBy(() -> Fixtures.valid().gpus(Gpu.A800, -8)).hasMessage("gpus must not be negative but was -8.0");
    assertThatThrownBy(() -> Fixtures.valid().cpu(-1)).hasMessage("cpu must not be negative but was -1.0");
    assertThatThrownBy(() -> Fixtures.valid().faultTolerance(ft -> ft.unconditionalRetries(-1)))
        .hasMessage("unconditionalRetries must be >= 0 but was -1");
  }

  @Test
  void givenFractionalMinutes_whenHangDetectionSet_thenIllegalArgument() {
    assertThatThrownBy(() -> FaultTolerance.NONE.logTimeout(Duration.ofSeconds(90)))
        .hasMessageContaining("logTimeout must be whole minutes").hasMessageContaining("Duration.ofMinutes");
    assertThatThrownBy(() -> Fixtures.valid().retention(Duration.ofSeconds(30)))
        .hasMessageContaining("retention must be whole minutes, hours or days");
  }

  @Test
  void givenJobWithErrors_whenRequireValid_thenExceptionListsEveryError() {
    Job bad = Job.named("Bad_Name").replicas(0);
    assertThatThrownBy(bad::requireValid)
        .isInstanceOfSatisfying(InvalidJobException.class, e -> assertThat(e.problems().errors()).hasSize(5))
        .isInstanceOf(AihcException.class)
        .hasMessageStartingWith("job 'Bad_Name' has 5 errors and was not submitted:\n")
        .hasMessageContaining("ERROR name:").hasMessageContaining("ERROR queue:")
        .hasMessageContaining("ERROR jobSpec.image:").hasMessageContaining("ERROR jobSpec.replicas:")
        .hasMessageContaining("ERROR command:");
  }

  @Test
  void givenFaultToleranceOff_whenSet_thenFlagsDropped() {
    Job job = Fixtures.valid().faultTolerance(ft -> ft.replace()).faultTolerance(false);
    assertThat(job.isFaultTolerance()).isFalse();
    assertThat(job.faultToleranceArgs()).isEmpty();
    assertThat(job.toJson()).doesNotContain("faultTolerance");
  }
}
