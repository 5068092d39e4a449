package dev.aihc.dsl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import dev.aihc.internal.json.Json;

/**
 * Test fixtures: the spec's example bodies and the DSL chain that reproduces the full one. Public for
 * the benchmarks (bench depends on this module's test-jar), which measure that same chain.
 */
public final class Fixtures {
  static final ObjectMapper MAPPER = Json.mapper();

  private Fixtures() {}

  static String resource(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) throw new IllegalStateException("missing test resource " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Spec section 3.4, composed with the DSL; JobJsonTest checks it writes the spec's body. */
  public static Job specFullJob() {
    return Job.named("bert-sft").queue("default")
        .command("torchrun --nproc_per_node=8 /mnt/cluster/train.py")
        .image("registry.baidubce.com/aihc-aiak/aiak-megatron:ubuntu20.04-cu11.8-torch1.14.0-py38_v1.2.7.12_release")
        .imageAuth("robot", "not-a-real-password")
        .replicas(2).gpus(Gpu.A800, 8).cpu(64).memory(512).sharedMemory(128)
        .env("NCCL_DEBUG", "INFO").rdma()
        .label("team", "nlp").priority(Priority.HIGH)
        .pfs("pfs-pxE6jz", "/mnt/cluster")
        .datasource(d -> d.type("hostpath").sourcePath("/data/ckpt").mountPath("/mnt/ckpt").readOnly())
        .bccl()
        .faultTolerance(ft -> ft.replace()
            .hangDetection(Duration.ofMinutes(7), Duration.ofMinutes(15), Duration.ofMinutes(3))
            .unconditionalRetries(2).logPattern("timeout1").logPattern("timeout2"))
        .tensorboard("/mnt/cluster/tb")
        .alert(a -> a.instanceId("cprom-abc123").alertItems(AlertItem.JOB_FAILED, AlertItem.JOB_HANG)
            .forDuration(Duration.ZERO).notifyRuleId("rule-1"))
        .retention(Duration.ofDays(7));
  }

  /** A minimal valid job. */
  static Job valid() {
    return Job.named("demo").queue("default").image("registry.baidubce.com/x/pytorch:2.1").command("python train.py");
  }

  /**
   * The JSON tree with {@code faultToleranceArgs} replaced by its flags sorted, so that two bodies
   * compare as the spec says: flags as a set, repeated flags in order.
   */
  static JsonNode comparable(String json) {
    try {
      ObjectNode tree = (ObjectNode) MAPPER.readTree(json);
      if (tree.has("faultToleranceArgs")) {
        List<String> flags = Arrays.asList(tree.get("faultToleranceArgs").asText().trim().split("\\s+"));
        // a stable sort keeps repeated flags in their order
        flags.sort((a, b) -> a.substring(0, a.indexOf('=')).compareTo(b.substring(0, b.indexOf('='))));
        tree.put("faultToleranceArgs", String.join(" ", flags));
      }
      return tree;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
