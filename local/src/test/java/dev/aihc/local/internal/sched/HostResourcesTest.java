package dev.aihc.local.internal.sched;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.dsl.Gpu;
import org.junit.jupiter.api.Test;

/** What the default queue learns about this machine: GPU models as AIHC descriptors, nvidia-smi's list. */
final class HostResourcesTest {
  @Test
  void givenGpuNames_whenMapped_thenEachAnswersToItsAihcDescriptor() {
    assertThat(HostResources.descriptorOf("NVIDIA A800-SXM4-80GB")).isEqualTo(Gpu.A800.descriptor());
    assertThat(HostResources.descriptorOf("NVIDIA A100-SXM4-40GB")).isEqualTo(Gpu.A100_40G.descriptor());
    assertThat(HostResources.descriptorOf("NVIDIA A100 80GB PCIe")).isEqualTo(Gpu.A100_80G.descriptor());
    assertThat(HostResources.descriptorOf("NVIDIA A10")).isEqualTo(Gpu.A10.descriptor());
    assertThat(HostResources.descriptorOf("NVIDIA H20 141GB")).isEqualTo(Gpu.H20_141G.descriptor());
    assertThat(HostResources.descriptorOf("NVIDIA GeForce RTX 3090")).isEqualTo(Gpu.RTX_3090.descriptor());
    assertThat(HostResources.descriptorOf("NVIDIA GeForce RTX 4090")).isEqualTo("nvidia.com/gpu");
  }

  @Test
  void givenNvidiaSmiCsv_whenParsed_thenIndexNameAndDescriptorPerGpu() {
    // when
    var gpus = HostResources.parseNvidiaSmi("0, NVIDIA H800\n1, NVIDIA H800\nNo devices were found\n");

    // then
    assertThat(gpus).containsExactly(new HostResources.HostGpu("0", "NVIDIA H800", Gpu.H800.descriptor()),
        new HostResources.HostGpu("1", "NVIDIA H800", Gpu.H800.descriptor()));
  }

  @Test
  void givenThisMachine_whenDetected_thenItHasCoresAndMemory() {
    // when
    HostResources host = HostResources.detect();

    // then
    assertThat(host.cores()).isPositive();
    assertThat(host.memoryGb()).isPositive();
    assertThat(host.hasGpus()).isEqualTo(!host.gpus().isEmpty());
  }
}
