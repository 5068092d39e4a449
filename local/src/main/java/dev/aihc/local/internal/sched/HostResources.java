package dev.aihc.local.internal.sched;

import dev.aihc.dsl.Gpu;
import dev.aihc.local.internal.replica.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What this machine offers the default queue: its CPU cores, its memory in GB and its NVIDIA GPUs
 * (as {@code nvidia-smi} lists them).
 *
 * @param cores the processors this JVM may use
 * @param memoryGb physical memory in whole GB (GiB), at least 1
 * @param gpus the GPUs, in {@code nvidia-smi} order; empty without {@code nvidia-smi}
 */
public record HostResources(int cores, long memoryGb, List<HostGpu> gpus) {
  private static final System.Logger LOG = System.getLogger(HostResources.class.getName());
  private static final long NVIDIA_SMI_TIMEOUT_SECONDS = 10;

  /** Copies the list. */
  public HostResources {
    gpus = List.copyOf(gpus);
  }

  /**
   * One GPU of this machine.
   *
   * @param index its index, the value {@code CUDA_VISIBLE_DEVICES} takes
   * @param name its name, such as {@code NVIDIA A800-SXM4-80GB}
   * @param descriptor the AIHC resource name that asks for it (see {@link #descriptorOf})
   */
  record HostGpu(String index, String name, String descriptor) {}

  /** This machine, now. */
  public static HostResources detect() {
    return new HostResources(Runtime.getRuntime().availableProcessors(), readMemoryGb(), nvidiaGpus());
  }

  /** Whether this machine has a GPU, so jobs get real devices rather than a CPU rehearsal. */
  public boolean hasGpus() {
    return !gpus.isEmpty();
  }

  /**
   * The AIHC descriptor for a GPU name: the known descriptor whose model the name mentions (an
   * {@code NVIDIA A800-SXM4-80GB} answers to {@code baidu.com/a800_80g_cgpu}), else {@code nvidia.com/gpu}.
   */
  static String descriptorOf(String gpuName) {
    String n = gpuName.toLowerCase(Locale.ROOT).replace(" ", "");
    // Longer model names first: "a100" also contains "a10".
    if (n.contains("a800")) return Gpu.A800.descriptor();
    if (n.contains("a100")) return (n.contains("40g") ? Gpu.A100_40G : Gpu.A100_80G).descriptor();
    if (n.contains("h800")) return Gpu.H800.descriptor();
    if (n.contains("h20")) return (n.contains("141g") ? Gpu.H20_141G : Gpu.H20_96G).descriptor();
    if (n.contains("v100")) return Gpu.V100.descriptor();
    if (n.contains("3090")) return Gpu.RTX_3090.descriptor();
    if (n.contains("a10")) return Gpu.A10.descriptor();
    return "nvidia.com/gpu";
  }

  /** {@code MemTotal} of {@code /proc/meminfo} in whole GiB; 1 when it cannot be read. */
  static long readMemoryGb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.US_ASCII)) {
        if (line.startsWith("MemTotal:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return Math.max(1, kb / (1024 * 1024));
        }
      }
    } catch (IOException | NumberFormatException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot read /proc/meminfo: " + e);
    }
    return 1;
  }

  /** The GPUs {@code nvidia-smi} lists; empty when it is absent or fails (a warning is logged). */
  static List<HostGpu> nvidiaGpus() {
    if (Platform.onPath("nvidia-smi").isEmpty()) return List.of();
    try {
      Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=index,name", "--format=csv,noheader")
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(NVIDIA_SMI_TIMEOUT_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        LOG.log(System.Logger.Level.WARNING, "nvidia-smi failed; treating this machine as having no GPU: " + out);
        return List.of();
      }
      return parseNvidiaSmi(out);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot run nvidia-smi: " + e);
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  /** Lines {@code 0, NVIDIA A800-SXM4-80GB} as printed by {@code --query-gpu=index,name --format=csv,noheader}. */
  static List<HostGpu> parseNvidiaSmi(String csv) {
    List<HostGpu> out = new ArrayList<>();
    for (String line : csv.split("\n")) {
      int comma = line.indexOf(',');
      if (comma < 0) continue;
      String index = line.substring(0, comma).trim();
      String name = line.substring(comma + 1).trim();
      if (index.matches("[0-9]+")) out.add(new HostGpu(index, name, descriptorOf(name)));
    }
    return out;
  }
}
