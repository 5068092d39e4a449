package dev.aihc.local.internal.replica;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.dsl.EnvVar;
import dev.aihc.dsl.InjectedEnv;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The replica's environment is the list validation warns about: InjectedEnv, one source for both. */
final class ReplicaEnvironmentTest {
  @Test
  void givenAJobSettingEveryInjectedName_whenItsReplicaStarts_thenThePlatformsValueWinsForEachOfThem() {
    List<EnvVar> own = Arrays.stream(InjectedEnv.values()).map(v -> new EnvVar(v.name(), "mine")).toList();
    ReplicaLauncher.Spec spec = new ReplicaLauncher.Spec("job-abcdefabcdef", "bert", "bert-worker-0", 1, 2, 29500,
        "true", own, "/tmp/tb", 3, "", List.of(), Map.of());

    Map<String, String> env = ReplicaLauncher.environment(spec);

    for (InjectedEnv v : InjectedEnv.values()) {
      assertThat(env).as(v.name()).containsKey(v.name());
      assertThat(env.get(v.name())).as(v.name()).isNotEqualTo("mine");
    }
    assertThat(env).containsEntry("AIHC_JOB_ID", "job-abcdefabcdef").containsEntry("CUDA_VISIBLE_DEVICES", "")
        .containsEntry("RANK", "1").containsEntry("WORLD_SIZE", "2");
  }
}
