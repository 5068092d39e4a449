package dev.aihc.local.internal.sched;

import dev.aihc.dsl.Job;
import dev.aihc.dsl.Resource;
import dev.aihc.local.internal.config.EngineOptionsFile;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a job reserves in its queue while it runs: CPU cores, memory and GPUs per replica, for all its
 * replicas at once (a gang). Resources it leaves unset reserve nothing; {@code sharedMemory} is part
 * of a replica's memory, as on AIHC, and reserves nothing of its own. In a CPU rehearsal (the job
 * asks for GPUs the queue has only as virtual devices) its CPU and memory are recorded, not reserved:
 * they are sized for a cloud machine, not for this one.
 *
 * @param replicas how many replicas start together
 * @param perReplica reserved amounts per replica by resource name (cpu, memory, GPU descriptors)
 * @param rehearsal whether it runs as a CPU rehearsal
 * @param recordedOnly the CPU and memory a rehearsal does not reserve
 */
public record Demand(int replicas, Map<String, BigDecimal> perReplica, boolean rehearsal, List<Resource> recordedOnly) {
  /** Copies the collections, keeping their order. */
  public Demand {
    perReplica = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(perReplica));
    recordedOnly = List.copyOf(recordedOnly);
  }

  /** What {@code job} reserves in {@code queue}. */
  public static Demand of(Job job, QueueSpec queue) {
    boolean rehearsal = job.resources().stream()
        .anyMatch(r -> r.isAccelerator() && r.quantity().signum() > 0 && queue.isVirtual(r.name()));
    Map<String, BigDecimal> per = new LinkedHashMap<>();
    List<Resource> recorded = new ArrayList<>();
    for (Resource r : job.resources()) {
      if (r.quantity().signum() <= 0) continue;
      if (r.isAccelerator()) {
        per.put(r.name(), r.quantity());
      } else if (r.name().equals(QueueSpec.CPU) || r.name().equals(QueueSpec.MEMORY)) {
        if (rehearsal) {
          recorded.add(r);
        } else {
          per.put(r.name(), r.quantity());
        }
      }
    }
    return new Demand(job.replicas(), per, rehearsal, recorded);
  }

  /** The amount of {@code resource} all replicas together reserve (zero when none). */
  BigDecimal total(String resource) {
    BigDecimal per = perReplica.get(resource);
    return per == null ? BigDecimal.ZERO : per.multiply(BigDecimal.valueOf(replicas));
  }

  /** The GPU descriptors it asks for. */
  public List<String> descriptors() {
    return perReplica.keySet().stream().filter(n -> n.contains("/")).toList();
  }

  /**
   * Why it can never start in {@code queue}, even with the queue empty: one problem per resource
   * the queue lacks or holds too little of; empty when it fits.
   */
  public List<String> neverFits(QueueSpec queue) {
    List<String> out = new ArrayList<>();
    for (String name : perReplica.keySet()) {
      BigDecimal capacity = queue.capacity(name);
      if (capacity == null) {
        out.add("jobSpec.resources: the job asks for " + amount(name, perReplica.get(name)) + " per replica but "
            + queue.describe() + " has no " + name + ". Ask for a GPU the queue has, or add " + name
            + " to the queue in <home>/" + EngineOptionsFile.NAME);
      } else if (total(name).compareTo(capacity) > 0) {
        out.add("jobSpec.resources: the job needs " + amount(name, total(name)) + " (" + replicas + " × "
            + perReplica.get(name).toPlainString() + ") at once but " + queue.describe() + " holds "
            + capacity.toPlainString() + " in all, so it could never start. Use fewer replicas or less " + name
            + ", or raise the queue's capacity in <home>/" + EngineOptionsFile.NAME);
      }
    }
    return out;
  }

  /** {@code 16 baidu.com/a800_80g_cgpu}, {@code 4 cpu}, {@code 8 GB memory}. */
  static String amount(String resource, BigDecimal quantity) {
    String q = quantity.stripTrailingZeros().toPlainString();
    return resource.equals(QueueSpec.MEMORY) ? q + " GB memory" : q + " " + resource;
  }

  /** {@code 2 replicas × (8 baidu.com/a800_80g_cgpu, 4 cpu)}, or {@code nothing} when it reserves none. */
  String describe() {
    if (perReplica.isEmpty()) return "nothing";
    List<String> parts = new ArrayList<>();
    perReplica.forEach((n, q) -> parts.add(amount(n, q)));
    return replicas + (replicas == 1 ? " replica × (" : " replicas × (") + String.join(", ", parts) + ")";
  }
}
