package dev.aihc.local.internal.replica;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * GPU use per process from {@code nvidia-smi}: SM utilisation (percent, {@code pmon}) and memory
 * ({@code --query-compute-apps}). Only asked when nvidia-smi is on PATH.
 */
public final class NvidiaSmi {
  private static final long TIMEOUT_SECONDS = 5;

  /**
   * One process's GPU use, summed over the GPUs it uses.
   *
   * @param utilPercent SM utilisation, percent
   * @param memoryBytes GPU memory
   */
  record Use(double utilPercent, double memoryBytes) {
    Use plus(Use o) {
      return new Use(utilPercent + o.utilPercent, memoryBytes + o.memoryBytes);
    }
  }

  private final Path executable;

  public NvidiaSmi(Path executable) {
    this.executable = executable;
  }

  /** GPU use by pid now; empty when nvidia-smi fails. */
  Map<Long, Use> sample() {
    Map<Long, Use> out = new HashMap<>();
    parseMemory(run(List.of(executable.toString(), "--query-compute-apps=pid,used_memory", "--format=csv,noheader,nounits")))
        .forEach((pid, mib) -> out.merge(pid, new Use(0, mib * 1024 * 1024), Use::plus));
    parseUtil(run(List.of(executable.toString(), "pmon", "-c", "1", "-s", "u")))
        .forEach((pid, util) -> out.merge(pid, new Use(util, 0), Use::plus));
    return out;
  }

  /** {@code pid, used_memory} lines (MiB) to MiB by pid. */
  static Map<Long, Double> parseMemory(String csv) {
    Map<Long, Double> out = new HashMap<>();
    for (String line : csv.split("\n")) {
      String[] f = line.trim().split("\\s*,\\s*");
      if (f.length < 2) continue;
      try {
        out.merge(Long.parseLong(f[0]), Double.parseDouble(f[1]), Double::sum);
      } catch (NumberFormatException e) {
        // "[N/A]" or a header: no figure for this process
      }
    }
    return out;
  }

  /** {@code pmon -s u} rows ({@code gpu pid type sm mem enc dec command}) to SM percent by pid. */
  static Map<Long, Double> parseUtil(String pmon) {
    Map<Long, Double> out = new HashMap<>();
    for (String line : pmon.split("\n")) {
      String t = line.trim();
      if (t.isEmpty() || t.startsWith("#")) continue;
      String[] f = t.split("\\s+");
      if (f.length < 4) continue;
      try {
        double sm = f[3].equals("-") ? 0 : Double.parseDouble(f[3]);
        out.merge(Long.parseLong(f[1]), sm, Double::sum);
      } catch (NumberFormatException e) {
        // "-" for the pid: a GPU without processes
      }
    }
    return out;
  }

  private static String run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) p.destroyForcibly();
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
