package dev.aihc.local.internal.sched;

import dev.aihc.dsl.Gpu;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One queue of a pool as configured: what it holds in all. Real GPUs are listed by their device ids
 * (handed to replicas as {@code CUDA_VISIBLE_DEVICES}); virtual ones are only counted, for a CPU
 * rehearsal of a job shaped for the cloud.
 *
 * @param poolId the pool it belongs to
 * @param name the queue name, the {@code queueID} of job actions
 * @param id the id DescribeQueue reports and answers to (the name unless configured)
 * @param aliases other queue names it answers to; {@code *} means any name its pool does not know
 * @param cpu CPU cores
 * @param memory memory in GB
 * @param devices real GPU ids by descriptor, in hand-out order
 * @param virtual virtual GPU counts by descriptor
 * @param pausedBy what holds its launching back (config.json, an engine option), or null when it launches
 */
public record QueueSpec(String poolId, String name, String id, List<String> aliases, BigDecimal cpu, BigDecimal memory,
    Map<String, List<String>> devices, Map<String, Integer> virtual, String pausedBy) {
  static final String ANY = "*";
  public static final String CPU = "cpu";
  public static final String MEMORY = "memory";

  /** Copies the collections, keeping their order. */
  public QueueSpec {
    aliases = List.copyOf(aliases);
    Map<String, List<String>> d = new LinkedHashMap<>();
    devices.forEach((k, v) -> d.put(k, List.copyOf(v)));
    devices = java.util.Collections.unmodifiableMap(d);
    virtual = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(virtual));
  }

  /** Whether launching is held back: jobs queue up and wait. */
  public boolean isPaused() {
    return pausedBy != null;
  }

  /** This queue with launching held back by {@code why}. */
  QueueSpec paused(String why) {
    return new QueueSpec(poolId, name, id, aliases, cpu, memory, devices, virtual, why);
  }

  /** Whether {@code queue} is this queue's name or id. */
  boolean isNamed(String queue) {
    return name.equals(queue) || id.equals(queue);
  }

  /** How much of {@code resource} (cpu, memory or a GPU descriptor) it holds; null when it offers none. */
  public BigDecimal capacity(String resource) {
    if (resource.equals(CPU)) return cpu;
    if (resource.equals(MEMORY)) return memory;
    if (devices.containsKey(resource)) return BigDecimal.valueOf(devices.get(resource).size());
    if (virtual.containsKey(resource)) return BigDecimal.valueOf(virtual.get(resource));
    return null;
  }

  /** Whether {@code descriptor} is offered only as virtual devices (a CPU rehearsal). */
  public boolean isVirtual(String descriptor) {
    return !devices.containsKey(descriptor) && virtual.containsKey(descriptor);
  }

  /** The GPU descriptors it offers, real first. */
  public List<String> descriptors() {
    List<String> out = new ArrayList<>(devices.keySet());
    for (String d : virtual.keySet()) {
      if (!out.contains(d)) out.add(d);
    }
    return out;
  }

  /** {@code NVIDIA A800} style name of a descriptor for DescribeQueues, saying when it is virtual. */
  public String acceleratorType(String descriptor) {
    String model = Gpu.ofDescriptor(descriptor).map(Enum::name).orElse(descriptor);
    return isVirtual(descriptor) ? model + " (virtual: CPU rehearsal)" : model;
  }

  /**
   * What it holds, for messages: {@code queue default of pool local: cpu 2, memory 23 GB,
   * baidu.com/a800_80g_cgpu 2 (GPUs 0,1); virtual (CPU rehearsal): 8 of each of 11 descriptors}.
   */
  String describe() {
    StringBuilder s = new StringBuilder("queue ").append(name).append(" of pool ").append(poolId).append(": cpu ")
        .append(cpu.toPlainString()).append(", memory ").append(memory.toPlainString()).append(" GB");
    devices.forEach((d, ids) -> s.append(", ").append(d).append(' ').append(ids.size())
        .append(" (GPUs ").append(String.join(",", ids)).append(')'));
    List<String> virtualOnly = descriptors().stream().filter(this::isVirtual).toList();
    if (!virtualOnly.isEmpty()) {
      java.util.Set<Integer> counts = new java.util.HashSet<>();
      virtualOnly.forEach(d -> counts.add(virtual.get(d)));
      s.append("; virtual (CPU rehearsal): ");
      if (counts.size() == 1 && virtualOnly.size() > 3) {
        s.append(counts.iterator().next()).append(" of each of ").append(virtualOnly.size()).append(" descriptors");
      } else {
        s.append(String.join(", ", virtualOnly.stream().map(d -> d + " " + virtual.get(d)).toList()));
      }
    }
    return s.toString();
  }
}
