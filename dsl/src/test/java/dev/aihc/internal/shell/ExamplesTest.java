package dev.aihc.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.internal.local.EngineDaemon;
import dev.aihc.internal.local.LocalHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every examples/*.jsh runs through the same runner as {@code ./aihc run}, so none goes stale. Each runs
 * with {@code AIHC_LOCAL_HOME} in a temp directory, so an example that calls {@code Aihc.local()} starts
 * an engine of its own there; it is stopped afterwards. The local module runs this test (the engine is
 * built after this module).
 */
final class ExamplesTest {
  private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  /** What each example must print, beyond exiting 0 (ofEntries: Map.of stops at ten pairs). */
  private static final Map<String, List<String>> EXPECTED = Map.ofEntries(
      Map.entry("compose.jsh", List.of("\"name\" : \"bert-sft\"", "Validation: no problems", "ERROR name:",
          "What changed: [name: bert-sft -> BERT_sft")),
      Map.entry("cloud-preview.jsh", List.of("POST https://aihc.bj.baidubce.com/?action=CreateJob")),
      Map.entry("local-datasources.jsh", List.of("Job Succeeded", "  | weights v1", "  | /mnt/ckpt is read-only",
          "pfs-demo/result.txt = trained", "/mnt/cluster exists? false",
          "Refused: InvalidParam", "hostpath /etc is outside the host directories the local engine may mount")),
      Map.entry("local-alerts.jsh", List.of("Job Failed", "\"alertItem\":\"jobFailed\"",
          "Event: Alert jobFailed: master-0 exited with code 3")),
      Map.entry("local-metrics.jsh", List.of("CpuUsage of busy-master-0 (cores):", "MemoryUsage (bytes) has samples:",
          "GpuUsage: ", "Nodes: 1 (this host)")),
      Map.entry("local-retention.jsh", List.of("brief Succeeded, kept Succeeded",
          "Jobs after a (scaled) minute: [kept]")),
      Map.entry("local-batch-stop.jsh", List.of("Stopped: 2, failed: 1", "sweep-a Stopped, sweep-b Stopped",
          "Web terminal: 400 DescribeJobWebterminal is not available on the local engine")),
      Map.entry("quickstart.jsh", List.of("[master-0] rank 0 epoch 1/5 loss", "[worker-0] rank 1 epoch 1/5 loss",
          "[worker-0] rank 1 epoch 5/5 loss", "[master-0] accuracy", "(all-reduced over 2 ranks)",
          "Succeeded: all 2 replicas exited with code 0")),
      Map.entry("local-queues.jsh", List.of("gpu-a sees CUDA_VISIBLE_DEVICES=0", "gpu-b sees CUDA_VISIBLE_DEVICES=1",
          "low-first: Created, waiting in queue default: needs 2 baidu.com/a800_80g_cgpu, 0 free",
          "default (pool local): cpu 0/4, memory 0/8 GiB, baidu.com/a800_80g_cgpu 2/2; 2 running, 3 pending",
          "priority changed from low to high; now 1st of 3 waiting in queue default",
          "start order: [low-first, high-third, normal-second]",
          "refused: CreateJob failed: 400 InvalidParam", "holds 2 in all, so it could never start")),
      Map.entry("local-rehearsal.jsh", List.of("[master-0] rank 0 of 1, CUDA_VISIBLE_DEVICES=[]",
          "Succeeded: all 1 replica exited with code 0", "CpuRehearsal: CPU rehearsal: queue default has no real GPU",
          "NotApplicableLocally: enableRDMA is recorded but not applicable locally",
          "NotApplicableLocally: enableBccl is recorded but not applicable locally")),
      Map.entry("local-fault-tolerance.jsh", List.of("[master-0] attempt 1", "[master-0] attempt 3",
          "[master-0] [aihc-local] ---- restart 2 of 2: master-0 exited with code 3 ----",
          "Failed: master-0 exited with code 3 (attempt 3 of 3: no restart left); restarts: 2",
          "master-0 wrote a log line matching --custom-log-patterns=NCCL\\s+timeout: NCCL timeout in allreduce",
          "master-0 is hung: no new log output for 2s (--hang-detection-log-timeout-minutes)",
          "without fault tolerance: Failed: master-0 exited with code 3; restarts: 0")));

  @TempDir Path dir;

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(p -> p.toString().endsWith(".jsh")).sorted().toList().stream();
    }
  }

  @Test
  void givenExamplesFolder_whenListed_thenEveryExampleHasExpectations() throws IOException {
    assertThat(examples().map(p -> p.getFileName().toString())).isNotEmpty()
        .allSatisfy(name -> assertThat(EXPECTED).as("expected output for " + name).containsKey(name));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void givenExample_whenRunLikeAihcRun_thenExitsZeroAndPrintsItsResult(Path example) throws Exception {
    // when
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path home = dir.resolve("local-home");
    ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        AihcShell.class.getName(), "run", example.toString())
        .directory(EXAMPLES.getParent().toFile())
        .redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(dir.resolve("err.txt").toFile());
    pb.environment().put("AIHC_LOCAL_HOME", home.toString());
    Process process = pb.start();
    boolean exited;
    try {
      exited = process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (!exited) process.destroyForcibly();
    } finally {
      EngineDaemon.stop(new LocalHome(home), EngineDaemon.STOP_TIMEOUT); // as ./aihc local stop; none: no-op
    }
    String out = Files.readString(dir.resolve("out.txt"));
    String err = Files.readString(dir.resolve("err.txt"));
    // then
    assertThat(exited).as("finished within " + TIMEOUT).isTrue();
    assertThat(process.exitValue()).as("exit code; stderr:\n" + err + "\nstdout:\n" + out).isZero();
    for (String expected : EXPECTED.getOrDefault(example.getFileName().toString(), List.of())) {
      assertThat(out).contains(expected);
    }
    assertThat(out + err).doesNotContain("not-a-real").doesNotContain("secretAccessKey=");
    if (!Files.readString(example).contains("Aihc.local(")) {
      // The startup script's aihc connects lazily: running a script that does not use it starts no engine.
      assertThat(home.resolve("engine.log")).as("a local engine started by " + example.getFileName()).doesNotExist();
    }
  }
}
