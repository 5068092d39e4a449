package dev.aihc.local.internal.replica;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Holds each replica to its job's {@code memory} resource, so that a replica that asks for more is
 * killed as AIHC's kubelet would kill it (exit 137, reason OOMKilled) instead of starving the machine.
 *
 * <p>Three ways, the first this machine allows, chosen once when the engine starts:
 * <ul>
 *   <li>{@link Mode#CGROUP_V2}: a child of the engine's own cgroup in the unified hierarchy, when that
 *       cgroup delegates the memory controller ({@code memory.max}, {@code memory.swap.max} 0; OOM kills
 *       counted in {@code memory.events});
 *   <li>{@link Mode#CGROUP_V1}: a child of the engine's own cgroup in the v1 memory hierarchy, when it can
 *       be created ({@code memory.limit_in_bytes}, and {@code memory.memsw.limit_in_bytes} when swap is
 *       accounted; OOM kills counted in {@code memory.oom_control});
 *   <li>{@link Mode#ADDRESS_SPACE}: {@code ulimit -v} in the replica's wrapper, where no cgroup can be
 *       made (not root, read-only cgroupfs). Coarser: it limits address space, not resident memory, so a
 *       program that maps much more than it touches fails early, and an allocation past it fails with
 *       {@code MemoryError} (or {@code std::bad_alloc}) instead of a kill.
 * </ul>
 * The wrapper joins the cgroup (or sets the limit) before it runs the command, so everything the command
 * starts is held to it. A replica whose job sets no {@code memory} runs unlimited.
 */
public final class ReplicaMemory {
  private static final System.Logger LOG = System.getLogger(ReplicaMemory.class.getName());
  private static final Path V1_ROOT = Path.of("/sys/fs/cgroup/memory");
  private static final Path[] V2_ROOTS = {Path.of("/sys/fs/cgroup/unified"), Path.of("/sys/fs/cgroup")};
  /** Environment the wrapper reads: the cgroup's {@code cgroup.procs} to join, or a {@code ulimit -v} in KiB. */
  static final String CGROUP_PROCS_ENV = "AIHC_MEMORY_CGROUP_PROCS";
  static final String ULIMIT_ENV = "AIHC_MEMORY_ULIMIT_KB";

  /** How limits are enforced on this machine. */
  enum Mode {
    CGROUP_V2("cgroup v2 memory controller"),
    CGROUP_V1("cgroup v1 memory controller"),
    ADDRESS_SPACE("address-space limit (ulimit -v)");

    final String text;

    Mode(String text) {
      this.text = text;
    }
  }

  private final Mode mode;
  /** The directory under which each replica's cgroup is made; null for {@link Mode#ADDRESS_SPACE}. */
  private final Path parent;

  private ReplicaMemory(Mode mode, Path parent) {
    this.mode = mode;
    this.parent = parent;
  }

  /** The first way this machine allows, found by making (and removing) a probe cgroup. */
  public static ReplicaMemory detect() {
    for (Path root : V2_ROOTS) {
      Optional<Path> own = ownCgroup(root, "0::");
      if (own.isPresent() && readable(own.get().resolve("cgroup.subtree_control")).contains("memory")
          && probe(own.get(), "memory.max")) {
        return new ReplicaMemory(Mode.CGROUP_V2, own.get());
      }
    }
    Optional<Path> v1 = ownCgroupV1();
    if (v1.isPresent() && probe(v1.get(), "memory.limit_in_bytes")) return new ReplicaMemory(Mode.CGROUP_V1, v1.get());
    return new ReplicaMemory(Mode.ADDRESS_SPACE, null);
  }

  Mode mode() {
    return mode;
  }

  /**
   * Prepares the limit of one replica of {@code gb} GB and returns the variables its wrapper needs;
   * none when {@code gb} is not positive. A cgroup that cannot be made falls back to an address-space limit.
   */
  public Map<String, String> prepare(String jobId, String podName, double gb) {
    if (!(gb > 0)) return Map.of();
    long bytes = (long) (gb * (1L << 30));
    if (mode != Mode.ADDRESS_SPACE) {
      Path dir = dir(jobId, podName);
      try {
        if (!Files.isDirectory(dir)) Files.createDirectory(dir);
        if (mode == Mode.CGROUP_V1) {
          Files.writeString(dir.resolve("memory.limit_in_bytes"), Long.toString(bytes));
          Path memsw = dir.resolve("memory.memsw.limit_in_bytes");
          if (Files.exists(memsw)) tryWrite(memsw, Long.toString(bytes));
        } else {
          Files.writeString(dir.resolve("memory.max"), Long.toString(bytes));
          tryWrite(dir.resolve("memory.swap.max"), "0");
        }
        return Map.of(CGROUP_PROCS_ENV, dir.resolve("cgroup.procs").toString());
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "cannot make the memory cgroup " + dir + " (" + e
            + "); limiting " + podName + "'s address space instead");
      }
    }
    return Map.of(ULIMIT_ENV, Long.toString(Math.max(1, bytes >> 10)));
  }

  /** Whether the kernel killed a process of the replica for going over its limit (cgroups only). */
  public boolean oomKilled(String jobId, String podName) {
    if (mode == Mode.ADDRESS_SPACE) return false;
    Path dir = dir(jobId, podName);
    String file = mode == Mode.CGROUP_V1 ? "memory.oom_control" : "memory.events";
    for (String line : readable(dir.resolve(file)).split("\n")) {
      if (line.startsWith("oom_kill ")) return !line.substring("oom_kill ".length()).trim().equals("0");
    }
    return false;
  }

  /** Removes the replica's cgroup once its processes are gone; false while some remain. */
  public boolean release(String jobId, String podName) {
    if (mode == Mode.ADDRESS_SPACE) return true;
    try {
      Files.deleteIfExists(dir(jobId, podName));
      return true;
    } catch (IOException e) {
      return false; // EBUSY: a process still in it
    }
  }

  /** {@code OOMKilled: over its memory limit of 0.25 GB (cgroup v1 memory controller)}. */
  public String oomText(double gb) {
    return "OOMKilled: over its memory limit of " + java.math.BigDecimal.valueOf(gb).stripTrailingZeros().toPlainString() + " GB (" + mode.text + ")";
  }

  private Path dir(String jobId, String podName) {
    return parent.resolve("aihc-" + jobId + "-" + podName);
  }

  private static boolean probe(Path parent, String limitFile) {
    Path dir = parent.resolve("aihc-probe-" + ProcessHandle.current().pid());
    try {
      Files.createDirectory(dir);
      try {
        Files.writeString(dir.resolve(limitFile), Long.toString(64L << 20));
        return Files.isWritable(dir.resolve("cgroup.procs"));
      } finally {
        Files.deleteIfExists(dir);
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static Optional<Path> ownCgroupV1() {
    if (!Files.isDirectory(V1_ROOT)) return Optional.empty();
    for (String line : readable(Path.of("/proc/self/cgroup")).split("\n")) {
      String[] parts = line.split(":", 3);
      if (parts.length == 3 && List.of(parts[1].split(",")).contains("memory")) {
        return Optional.of(V1_ROOT.resolve(parts[2].replaceFirst("^/", "")));
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> ownCgroup(Path root, String prefix) {
    if (!Files.exists(root.resolve("cgroup.controllers"))) return Optional.empty();
    for (String line : readable(Path.of("/proc/self/cgroup")).split("\n")) {
      if (line.startsWith(prefix)) return Optional.of(root.resolve(line.substring(prefix.length()).replaceFirst("^/", "")));
    }
    return Optional.empty();
  }

  private static void tryWrite(Path file, String value) {
    try {
      Files.writeString(file, value);
    } catch (IOException e) {
      // swap accounting off: the memory limit alone still holds (this machine has no swap to escape to)
    }
  }

  private static String readable(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
