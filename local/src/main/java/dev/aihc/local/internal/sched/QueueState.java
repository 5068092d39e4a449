package dev.aihc.local.internal.sched;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One queue's accounting: what its admitted jobs hold, which real GPU ids are in use, and which jobs
 * wait, in scheduling order (priority high, normal, low, then submission). Confined to the engine loop.
 */
final class QueueState {
  private final QueueSpec spec;
  private final Map<String, BigDecimal> used = new HashMap<>();
  private final Map<String, Set<String>> busyDevices = new HashMap<>();
  private final Map<String, Holding> holdings = new LinkedHashMap<>();
  private final Map<String, Waiting> waiting = new LinkedHashMap<>();

  /**
   * What an admitted job holds until its last replica has ended.
   *
   * @param demand its demand
   * @param devicesByPod {@code CUDA_VISIBLE_DEVICES} of each replica (empty: none)
   */
  record Holding(Demand demand, Map<String, String> devicesByPod) {}

  /** A job waiting for room; its priority may change while it waits. */
  static final class Waiting {
    final String jobId;
    final long createdAt;
    final long seq;
    final Demand demand;
    int rank;
    String message;

    Waiting(String jobId, String priority, long createdAt, long seq, Demand demand, String message) {
      this.jobId = jobId;
      this.createdAt = createdAt;
      this.seq = seq;
      this.demand = demand;
      this.rank = rank(priority);
      this.message = message;
    }

    /** 0 for high, 1 for normal, 2 for low: the order in which they start. */
    static int rank(String priority) {
      return switch (priority) {
        case "high" -> 0;
        case "low" -> 2;
        default -> 1;
      };
    }
  }

  private static final Comparator<Waiting> ORDER = Comparator.<Waiting>comparingInt(w -> w.rank)
      .thenComparingLong(w -> w.createdAt).thenComparingLong(w -> w.seq);

  QueueState(QueueSpec spec) {
    this.spec = spec;
  }

  QueueSpec spec() {
    return spec;
  }

  /** How much of {@code resource} is free now. */
  BigDecimal free(String resource) {
    BigDecimal capacity = spec.capacity(resource);
    return capacity == null ? BigDecimal.ZERO : capacity.subtract(used(resource));
  }

  /** How much of {@code resource} admitted jobs hold. */
  BigDecimal used(String resource) {
    return used.getOrDefault(resource, BigDecimal.ZERO);
  }

  /** Whether all of {@code d}'s replicas fit at once now. */
  boolean fits(Demand d) {
    return shortfalls(d).isEmpty();
  }

  /** What is missing for {@code d}, as {@code needs 16 baidu.com/a800_80g_cgpu, 8 free}; empty when it fits. */
  List<String> shortfalls(Demand d) {
    List<String> out = new ArrayList<>();
    for (String name : d.perReplica().keySet()) {
      BigDecimal need = d.total(name);
      BigDecimal free = free(name);
      if (need.compareTo(free) > 0) {
        out.add("needs " + Demand.amount(name, need) + ", " + free.max(BigDecimal.ZERO).toPlainString() + " free");
      }
    }
    return out;
  }

  /** Reserves {@code d} for {@code jobId}, handing each replica in {@code pods} its own real GPU ids. */
  Holding allocate(String jobId, Demand d, List<String> pods) {
    Map<String, String> byPod = new LinkedHashMap<>();
    for (String pod : pods) {
      List<String> ids = new ArrayList<>();
      for (String descriptor : d.descriptors()) {
        List<String> real = spec.devices().get(descriptor);
        if (real == null) continue; // virtual: counted, never handed out
        int n = d.perReplica().get(descriptor).intValue();
        Set<String> busy = busyDevices.computeIfAbsent(descriptor, k -> new HashSet<>());
        for (String id : real) {
          if (n == 0) break;
          if (busy.add(id)) {
            ids.add(id);
            n--;
          }
        }
      }
      byPod.put(pod, String.join(",", ids));
    }
    Holding h = new Holding(d, byPod);
    add(jobId, h);
    return h;
  }

  /** Takes back what an earlier engine handed {@code jobId} (its replicas' recorded devices). */
  void hold(String jobId, Demand d, Map<String, String> devicesByPod) {
    for (String devices : devicesByPod.values()) {
      if (devices.isEmpty()) continue;
      for (String id : devices.split(",")) {
        for (Map.Entry<String, List<String>> e : spec.devices().entrySet()) {
          if (e.getValue().contains(id)) busyDevices.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(id);
        }
      }
    }
    add(jobId, new Holding(d, devicesByPod));
  }

  private void add(String jobId, Holding h) {
    holdings.put(jobId, h);
    h.demand().perReplica().keySet().forEach(n -> used.merge(n, h.demand().total(n), BigDecimal::add));
  }

  /** Gives back what {@code jobId} held; empty when it held nothing here. */
  Optional<Holding> release(String jobId) {
    Holding h = holdings.remove(jobId);
    if (h == null) return Optional.empty();
    h.demand().perReplica().keySet().forEach(n -> used.merge(n, h.demand().total(n).negate(), BigDecimal::add));
    for (String devices : h.devicesByPod().values()) {
      if (devices.isEmpty()) continue;
      for (String id : devices.split(",")) busyDevices.values().forEach(busy -> busy.remove(id));
    }
    return Optional.of(h);
  }

  Optional<Holding> holding(String jobId) {
    return Optional.ofNullable(holdings.get(jobId));
  }

  int holdingCount() {
    return holdings.size();
  }

  void addWaiting(Waiting w) {
    waiting.put(w.jobId, w);
  }

  Optional<Waiting> removeWaiting(String jobId) {
    return Optional.ofNullable(waiting.remove(jobId));
  }

  Optional<Waiting> waiting(String jobId) {
    return Optional.ofNullable(waiting.get(jobId));
  }

  /** The waiting jobs in the order they start. */
  List<Waiting> ordered() {
    List<Waiting> out = new ArrayList<>(waiting.values());
    out.sort(ORDER);
    return out;
  }

  int waitingCount() {
    return waiting.size();
  }
}
