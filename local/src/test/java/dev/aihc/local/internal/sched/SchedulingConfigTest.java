package dev.aihc.local.internal.sched;

import dev.aihc.local.internal.config.Home;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aihc.dsl.Gpu;
import dev.aihc.local.internal.core.EngineException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pools and queues of {@code <home>/config.json}, its defaults, and how job actions' names map onto them. */
final class SchedulingConfigTest {
  private static final HostResources CPU_HOST = new HostResources(2, 23, List.of());
  private static final HostResources GPU_HOST = new HostResources(64, 1024, HostResources.parseNvidiaSmi(
      "0, NVIDIA A800-SXM4-80GB\n1, NVIDIA A800-SXM4-80GB\n"));

  @TempDir Path home;

  private SchedulingConfig load(String json, HostResources host) throws Exception {
    Files.writeString(home.resolve("config.json"), json);
    return SchedulingConfig.load(new Home(home).config(), host, false);
  }

  @Test
  void givenNoConfigFileOnACpuMachine_whenLoaded_thenPoolLocalQueueDefaultWithTheHostAndEightVirtualOfEachGpu() {
    // when
    SchedulingConfig config = SchedulingConfig.load(new Home(home).config(), CPU_HOST, false);

    // then
    PoolSpec pool = config.pools().get(0);
    assertThat(pool.id()).isEqualTo("local");
    assertThat(pool.aliases()).containsExactly("aihc-serverless", "*");
    QueueSpec q = pool.queues().get(0);
    assertThat(q.name()).isEqualTo("default");
    assertThat(q.cpu()).isEqualTo(BigDecimal.valueOf(2));
    assertThat(q.memory()).isEqualTo(BigDecimal.valueOf(23));
    assertThat(q.devices()).isEmpty();
    assertThat(q.virtual()).hasSize(Gpu.values().length).containsEntry(Gpu.A800.descriptor(), 8);
    assertThat(q.isVirtual(Gpu.A800.descriptor())).isTrue();
    assertThat(q.isPaused()).isFalse();
    assertThat(q.describe()).isEqualTo("queue default of pool local: cpu 2, memory 23 GB; virtual (CPU rehearsal): "
        + "8 of each of 11 descriptors");
  }

  @Test
  void givenNoConfigFileOnAGpuMachine_whenLoaded_thenItsGpusAreRealAndThereIsNoRehearsal() {
    // when
    QueueSpec q = SchedulingConfig.load(new Home(home).config(), GPU_HOST, false).pools().get(0).queues().get(0);

    // then
    assertThat(q.devices()).containsExactly(Map.entry(Gpu.A800.descriptor(), List.of("0", "1")));
    assertThat(q.virtual()).isEmpty();
    assertThat(q.capacity(Gpu.A800.descriptor())).isEqualTo(BigDecimal.valueOf(2));
    assertThat(q.capacity(Gpu.H800.descriptor())).isNull();
  }

  @Test
  void givenConfigFile_whenLoaded_thenEveryFieldIsReadAndAbsentOnesTakeTheHostsValues() throws Exception {
    // when
    SchedulingConfig config = load("{\"pools\": [{\"id\": \"cce-box\", \"aliases\": [\"aihc-serverless\"], \"queues\": ["
        + "{\"name\": \"gpu\", \"id\": \"aihcq-gpu\", \"cpu\": 16, \"memory\": 64.5,"
        + " \"gpus\": {\"baidu.com/a800_80g_cgpu\": [\"0\", 1], \"baidu.com/h800_80g_cgpu\": 16}, \"rehearsalGpus\": 2},"
        + "{\"name\": \"cpu\", \"gpus\": {}, \"rehearsalGpus\": 0, \"paused\": true}]}]}", CPU_HOST);

    // then
    PoolSpec pool = config.pools().get(0);
    QueueSpec gpu = pool.queues().get(0);
    assertThat(gpu.id()).isEqualTo("aihcq-gpu");
    assertThat(gpu.cpu()).isEqualTo(new BigDecimal("16"));
    assertThat(gpu.memory()).isEqualTo(new BigDecimal("64.5"));
    assertThat(gpu.devices()).containsExactly(Map.entry("baidu.com/a800_80g_cgpu", List.of("0", "1")));
    assertThat(gpu.virtual()).containsEntry("baidu.com/h800_80g_cgpu", 16).containsEntry("baidu.com/a10_24g_cgpu", 2)
        .doesNotContainKey("baidu.com/a800_80g_cgpu");
    QueueSpec cpu = pool.queues().get(1);
    assertThat(cpu.id()).isEqualTo("cpu");
    assertThat(cpu.cpu()).isEqualTo(BigDecimal.valueOf(2));
    assertThat(cpu.descriptors()).isEmpty();
    assertThat(cpu.pausedBy()).isEqualTo(home.resolve("config.json") + " (pools[0].queues[1].paused)");
    assertThat(config.source()).isEqualTo(home.resolve("config.json").toString());
  }

  @Test
  void givenMistakesInTheFile_whenLoaded_thenTheStartFailsNamingFieldRuleAndValue() throws Exception {
    String file = home.resolve("config.json").toString();
    assertThatThrownBy(() -> load("{\"pools\": [{\"id\": \"p\", \"queues\": [{\"name\": \"q\", \"cpus\": 4}]}]}", CPU_HOST))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(file + ": unknown field 'cpus'; the known fields are aliases, cpu, gpus, id, memory, name, paused, "
            + "rehearsalGpus (at pools[0].queues[0]). See \"Pools, queues and capacity\" in the aihc-local README for "
            + "the format");
    assertThatThrownBy(() -> load("{\"pools\": [{\"id\": \"p\", \"queues\": [{\"name\": \"q\", \"cpu\": \"many\"}]}]}",
        CPU_HOST)).hasMessageStartingWith(file + ": pools[0].queues[0].cpu must be a number > 0 but was \"many\"");
    assertThatThrownBy(() -> load("{\"pools\": [{\"id\": \"p\", \"queues\": [{\"name\": \"q\", \"gpus\": "
        + "{\"a800\": 8}}]}]}", CPU_HOST)).hasMessageContaining("a GPU descriptor has a vendor prefix");
    assertThatThrownBy(() -> load("{\"pools\": [{\"id\": \"p\", \"queues\": [{\"name\": \"q\", \"gpus\": "
        + "{\"baidu.com/a800_80g_cgpu\": [\"0\", \"0\"]}}]}]}", CPU_HOST)).hasMessageContaining("device id 0 is listed twice");
    assertThatThrownBy(() -> load("{\"pools\": [{\"id\": \"p\", \"queues\": [{\"name\": \"q\"}, {\"name\": \"q\"}]}]}",
        CPU_HOST)).hasMessageContaining("queue 'q' is used twice");
    assertThatThrownBy(() -> load("{\"pools\": [{\"id\": \"p\", \"queues\": []}]}", CPU_HOST))
        .hasMessageContaining("pools[0].queues must be a non-empty array but was an array");
    assertThatThrownBy(() -> load("{\"pools\": [", CPU_HOST)).hasMessageStartingWith(file + " is not valid JSON");
  }

  @Test
  void givenPoolsAndQueues_whenPlaced_thenExactNamesAliasesAndWildcardsMapWithANoteAndUnknownOnesAreRefused()
      throws Exception {
    // given
    SchedulingConfig config = load("{\"pools\": [{\"id\": \"cce-box\", \"aliases\": [\"aihc-serverless\"], \"queues\": ["
        + "{\"name\": \"gpu\", \"id\": \"aihcq-gpu\", \"aliases\": [\"big\"]}, {\"name\": \"cpu\"}]},"
        + "{\"id\": \"local\", \"aliases\": [\"*\"], \"queues\": [{\"name\": \"default\", \"aliases\": [\"*\"]}]}]}",
        CPU_HOST);

    // then
    assertThat(config.place(null, "cpu").queue().name()).isEqualTo("cpu");
    assertThat(config.place(null, "cpu").notes()).isEmpty();
    assertThat(config.place("cce-box", "aihcq-gpu").queue().name()).isEqualTo("gpu");
    assertThat(config.place("aihc-serverless", "big").notes()).containsExactly(
        "pool aihc-serverless is served by the local pool 'cce-box'",
        "queue big is served by the local queue 'gpu' of pool cce-box");
    assertThat(config.place("cce-other", "anything").queue().poolId()).isEqualTo("local");
    assertThat(config.place("cce-other", "anything").notes()).containsExactly(
        "pool cce-other is served by the local pool 'local', which answers to any pool id",
        "queue anything is served by the local queue 'default' of pool local");
    assertThatThrownBy(() -> config.place("cce-box", "nope")).isInstanceOf(EngineException.class)
        .hasMessage("queue: pool cce-box has no queue 'nope'; its queues are gpu, cpu (" + home.resolve("config.json")
            + "). Use one of them, or add the queue to config.json");
  }

  @Test
  void givenLaunchingPausedByTheEngine_whenLoaded_thenEveryQueueSaysWhoPausedIt() {
    // when
    SchedulingConfig config = SchedulingConfig.load(new Home(home).config(), CPU_HOST, true);

    // then
    assertThat(config.pools().get(0).queues()).allSatisfy(q ->
        assertThat(q.pausedBy()).isEqualTo("the engine option launchingPaused (--pause-launching)"));
  }
}
