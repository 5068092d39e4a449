package dev.aihc.local.internal.sched;

import dev.aihc.dsl.Gpu;
import dev.aihc.dsl.Job;
import dev.aihc.internal.local.LocalHome;
import dev.aihc.local.internal.core.EngineException;
import dev.aihc.local.internal.config.ConfigFile;
import dev.aihc.local.internal.config.EngineOptionsFile;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pools and queues this engine schedules jobs into, from {@code <home>/config.json} (see
 * {@link PoolsFile} for its format) or, without that file, the default: pool {@code local}, which
 * also answers to {@code aihc-serverless} and any other pool id, with queue {@code default}, which
 * answers to any queue name, holding this machine's cores, memory and GPUs. On a machine without a
 * GPU every queue also offers {@value #REHEARSAL_GPUS} virtual devices of each known descriptor, so a
 * job shaped for the cloud runs as a CPU rehearsal.
 *
 * @implSpec This class is immutable and thread-safe.
 */
public final class SchedulingConfig {
  /** The default pool id. */
  static final String LOCAL_POOL = LocalHome.POOL;
  /** The default queue name. */
  static final String DEFAULT_QUEUE = "default";
  /** Virtual devices of each descriptor on a machine without a GPU. */
  public static final int REHEARSAL_GPUS = 8;

  private final List<PoolSpec> pools;
  private final String source;

  public SchedulingConfig(List<PoolSpec> pools, String source) {
    if (pools.isEmpty()) throw new IllegalArgumentException("a scheduling config needs at least one pool");
    this.pools = List.copyOf(pools);
    this.source = source;
  }

  /**
   * The pools of {@code file} when it exists, else the defaults for {@code host}. With {@code pauseAll}
   * (an engine option) every queue holds its launching back.
   *
   * @throws IllegalArgumentException when the file is wrong, saying where
   */
  public static SchedulingConfig load(ConfigFile file, HostResources host, boolean pauseAll) {
    SchedulingConfig config = file.exists() ? PoolsFile.read(file, host) : defaults(host);
    return pauseAll ? config.pausedBy("the engine option launchingPaused (--pause-launching)") : config;
  }

  /** A queue's size as set in Java ({@code LocalEngineConfig.queue}): its name, cores and GB. */
  public record QueueSize(String name, double cpu, double memoryGb) {}

  /**
   * The default pool holding {@code queues} in place of {@code config.json}'s pools, each with
   * {@code host}'s GPUs (virtual ones for a rehearsal on a machine without), the first also answering to
   * any queue name, as the default queue does. With {@code pauseAll} every queue holds its launching back.
   */
  public static SchedulingConfig ofQueues(HostResources host, List<QueueSize> queues, boolean pauseAll) {
    List<QueueSpec> specs = new ArrayList<>();
    for (QueueSize q : queues) {
      specs.add(new QueueSpec(LOCAL_POOL, q.name(), q.name(), specs.isEmpty() ? List.of(QueueSpec.ANY) : List.of(),
          BigDecimal.valueOf(q.cpu()), BigDecimal.valueOf(q.memoryGb()), hostDevices(host),
          rehearsalInventory(host.hasGpus() ? 0 : REHEARSAL_GPUS, Map.of()), null));
    }
    SchedulingConfig config = new SchedulingConfig(List.of(new PoolSpec(LOCAL_POOL,
        List.of(Job.SERVERLESS_POOL, QueueSpec.ANY), specs)), "the queues set in LocalEngineConfig");
    return pauseAll ? config.pausedBy("the engine option launchingPaused (--pause-launching)") : config;
  }

  /** The default pool and queue for {@code host}. */
  public static SchedulingConfig defaults(HostResources host) {
    QueueSpec queue = new QueueSpec(LOCAL_POOL, DEFAULT_QUEUE, DEFAULT_QUEUE, List.of(QueueSpec.ANY),
        BigDecimal.valueOf(host.cores()), BigDecimal.valueOf(host.memoryGb()), hostDevices(host),
        rehearsalInventory(host.hasGpus() ? 0 : REHEARSAL_GPUS, Map.of()), null);
    return new SchedulingConfig(List.of(new PoolSpec(LOCAL_POOL, List.of(Job.SERVERLESS_POOL, QueueSpec.ANY),
        List.of(queue))), "the default (no " + EngineOptionsFile.NAME + ")");
  }

  /** This machine's GPU ids by descriptor. */
  public static Map<String, List<String>> hostDevices(HostResources host) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (HostResources.HostGpu g : host.gpus()) out.computeIfAbsent(g.descriptor(), d -> new ArrayList<>()).add(g.index());
    return out;
  }

  /** {@code perDescriptor} virtual devices of every known descriptor not in {@code real}. */
  public static Map<String, Integer> rehearsalInventory(int perDescriptor, Map<String, ?> real) {
    Map<String, Integer> out = new LinkedHashMap<>();
    if (perDescriptor <= 0) return out;
    for (Gpu g : Gpu.values()) {
      if (!real.containsKey(g.descriptor())) out.put(g.descriptor(), perDescriptor);
    }
    return out;
  }

  /** Every pool, in config order. */
  public List<PoolSpec> pools() {
    return pools;
  }

  /** Where the config came from, for messages. */
  String source() {
    return source;
  }

  /** This config, said to come from {@code source}. */
  public SchedulingConfig withSource(String source) {
    return new SchedulingConfig(pools, source);
  }

  /** This config with every queue paused by {@code why}. */
  SchedulingConfig pausedBy(String why) {
    List<PoolSpec> out = new ArrayList<>();
    for (PoolSpec p : pools) {
      out.add(new PoolSpec(p.id(), p.aliases(), p.queues().stream().map(q -> q.paused(why)).toList()));
    }
    return new SchedulingConfig(out, source);
  }

  /**
   * Where a job of {@code poolId} (null: the first pool) and {@code queue} goes, with a note for each
   * name the local engine maps.
   *
   * @throws EngineException of kind INVALID, naming the pools or queues there are
   */
  public Placement place(String poolId, String queue) {
    List<String> notes = new ArrayList<>();
    PoolSpec pool = pool(poolId, notes);
    QueueSpec q = pool.queue(queue).orElse(null);
    if (q == null) {
      q = pool.queues().stream().filter(c -> c.aliases().contains(queue)).findFirst()
          .or(() -> pool.queues().stream().filter(c -> c.aliases().contains(QueueSpec.ANY)).findFirst())
          .orElseThrow(() -> EngineException.invalid("queue: pool " + pool.id() + " has no queue '" + queue
              + "'; its queues are " + String.join(", ", pool.queues().stream().map(QueueSpec::name).toList())
              + " (" + source + "). Use one of them, or add the queue to " + EngineOptionsFile.NAME));
      notes.add("queue " + queue + " is served by the local queue '" + q.name() + "' of pool " + pool.id());
    }
    return new Placement(q, notes);
  }

  /** The queue a stored job is in, when the config still has it. */
  Optional<QueueSpec> queueOf(String poolId, String queue) {
    try {
      return Optional.of(place(poolId, queue).queue());
    } catch (EngineException e) {
      return Optional.empty();
    }
  }

  /**
   * The pool {@code poolId} names, as job actions map it (null: the first pool).
   *
   * @throws EngineException of kind INVALID, naming the pools there are
   */
  public PoolSpec pool(String poolId) {
    return pool(poolId, new ArrayList<>());
  }

  private PoolSpec pool(String poolId, List<String> notes) {
    if (poolId == null || poolId.isBlank()) return pools.get(0);
    for (PoolSpec p : pools) {
      if (p.id().equals(poolId)) return p;
    }
    for (PoolSpec p : pools) {
      if (p.aliases().contains(poolId)) {
        notes.add("pool " + poolId + " is served by the local pool '" + p.id() + "'");
        return p;
      }
    }
    for (PoolSpec p : pools) {
      if (p.aliases().contains(QueueSpec.ANY)) {
        notes.add("pool " + poolId + " is served by the local pool '" + p.id() + "', which answers to any pool id");
        return p;
      }
    }
    throw EngineException.invalid("resourcePoolId: there is no pool '" + poolId + "' on the local engine; its pools"
        + " are " + String.join(", ", pools.stream().map(PoolSpec::id).toList()) + " (" + source
        + "). Use one of them, or add the pool to " + EngineOptionsFile.NAME);
  }

  /**
   * Where a job goes.
   *
   * @param queue the queue
   * @param notes how the requested pool and queue names were mapped, one event each
   */
  public record Placement(QueueSpec queue, List<String> notes) {
    /** Copies the list. */
    public Placement {
      notes = List.copyOf(notes);
    }
  }
}
