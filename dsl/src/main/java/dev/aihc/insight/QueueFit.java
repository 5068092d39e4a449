package dev.aihc.insight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aihc.dsl.Job;
import dev.aihc.dsl.Resource;
import dev.aihc.wire.AcceleratorCard;
import dev.aihc.wire.QueueItem;
import dev.aihc.wire.ResourceAmount;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's gang demand (every replica at once) against a queue's capacity and what its running jobs hold,
 * resource by resource, as DescribeQueue reports them: CPU cores, memory in GB, accelerators by descriptor.
 * {@code sharedMemory} is part of memory and reserves nothing of its own, as on AIHC.
 */
final class QueueFit {
  /** One resource: what the job needs in all, per replica, and what the queue has. */
  record Line(String resource, double perReplica, int replicas, double capacity, double free) {
    double needed() {
      return perReplica * replicas;
    }

    boolean fitsNow() {
      return needed() <= free + 1e-9;
    }

    boolean canEverFit() {
      return needed() <= capacity + 1e-9;
    }

    /** {@code 16 baidu.com/a800_80g_cgpu (2 replicas × 8)}. */
    String demand() {
      return amount(resource, needed()) + (replicas == 1 ? "" : " (" + replicas + " replicas × " + number(perReplica) + ")");
    }
  }

  private QueueFit() {}

  /** The demand per replica of a job as composed. */
  static Map<String, Double> perReplica(Job job) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Resource r : job.resources()) add(out, r.name(), r.quantity().doubleValue());
    return out;
  }

  /** The demand per replica of a job as DescribeJob(s) returns its spec. */
  static Map<String, Double> perReplica(JsonNode jobSpec) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (jobSpec == null) return out;
    for (JsonNode r : jobSpec.path("resources")) {
      JsonNode q = r.path("quantity");
      double quantity = q.isNumber() ? q.doubleValue() : parse(q.asText());
      add(out, r.path("name").asText(), quantity);
    }
    return out;
  }

  private static double parse(String text) {
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException | NullPointerException e) {
      return 0;
    }
  }

  static int replicas(JsonNode jobSpec) {
    return jobSpec == null ? 1 : Math.max(1, jobSpec.path("replicas").asInt(1));
  }

  private static void add(Map<String, Double> out, String name, double quantity) {
    if (name.equals("sharedMemory") || !(quantity > 0)) return;
    out.merge(name, quantity, Double::sum);
  }

  /** One line per resource the job asks for. */
  static List<Line> lines(Map<String, Double> perReplica, int replicas, QueueItem queue) {
    List<Line> out = new ArrayList<>();
    for (Map.Entry<String, Double> e : perReplica.entrySet()) {
      double capacity = of(queue.capability(), e.getKey());
      double free = Math.max(0, capacity - of(queue.allocated(), e.getKey()));
      out.add(new Line(e.getKey(), e.getValue(), replicas, capacity, free));
    }
    return out;
  }

  /** How much of {@code resource} an amount holds. */
  static double of(ResourceAmount amount, String resource) {
    if (amount == null) return 0;
    return switch (resource) {
      case "cpu" -> amount.cpu();
      case "memory" -> amount.memory();
      default -> amount.accelerators(resource);
    };
  }

  /** {@code 6 cpu}, {@code 64 GB memory}, {@code 16 baidu.com/a800_80g_cgpu}. */
  static String amount(String resource, double quantity) {
    return number(quantity) + (resource.equals("memory") ? " GB memory" : " " + resource);
  }

  static String number(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  /** The preflight of {@code job} in {@code queue}, as DescribeQueue of {@code queueName} described it. */
  static Preflight preflight(Job job, String queueName, QueueItem queue) {
    return preflight(job.name(), queueName, perReplica(job), job.replicas(), queue);
  }

  /** The preflight of a job of {@code replicas} replicas asking {@code perReplica} each, in {@code queue}. */
  static Preflight preflight(String jobName, String queueName, Map<String, Double> perReplica, int replicas,
      QueueItem queue) {
    List<String> reasons = new ArrayList<>();
    boolean now = true;
    boolean ever = true;
    String name = queue.queueName() != null ? queue.queueName() : queueName;
    if (perReplica.isEmpty()) reasons.add("it asks for no cpu, memory or GPUs, so it reserves nothing");
    for (Line l : lines(perReplica, replicas, queue)) {
      if (!l.canEverFit()) {
        ever = false;
        now = false;
        reasons.add("it needs " + l.demand() + " at once, but queue " + name + " has only "
            + amount(l.resource(), l.capacity()) + " in all (" + number(l.needed() - l.capacity())
            + " short even when empty): ask for less per replica, fewer replicas, or another queue");
      } else if (!l.fitsNow()) {
        now = false;
        reasons.add("it needs " + l.demand() + " at once; queue " + name + " has " + number(l.free()) + " of "
            + number(l.capacity()) + " free now (" + number(l.needed() - l.free()) + " short until running jobs end)");
      } else {
        reasons.add("it needs " + l.demand() + "; queue " + name + " has " + number(l.free()) + " of "
            + number(l.capacity()) + " free");
      }
    }
    if (queue.pausedBy() != null) {
      now = false;
      reasons.add("launching in queue " + name + " is paused by " + queue.pausedBy());
    }
    if (Boolean.FALSE.equals(queue.opened())) {
      now = false;
      reasons.add("queue " + name + " is closed and takes no jobs");
    }
    if (queue.pending() > 0) {
      reasons.add(queue.pending() + (queue.pending() == 1 ? " job waits" : " jobs wait") + " in queue " + name
          + " already");
    }
    return new Preflight(jobName, name, now, ever, reasons);
  }

  /**
   * {@code queue} once {@code job} was submitted to it: holding the job's whole demand when it fit (the
   * queue admits it at once), else with one more job waiting. What the next job's preflight sees, until
   * the queue is read again.
   */
  static QueueItem after(QueueItem queue, Job job, boolean fitted) {
    if (!fitted) {
      return new QueueItem(queue.queueId(), queue.queueName(), queue.queueType(), queue.resourcePoolId(),
          queue.createdAt(), queue.parentQueue(), queue.opened(), queue.queueingStrategy(), queue.capability(),
          queue.deserved(), queue.allocated(), queue.runningJobs(), queue.inqueueJobs(), queue.pending() + 1,
          queue.pausedBy());
    }
    ResourceAmount held = queue.allocated();
    double cpu = of(held, "cpu");
    double memory = of(held, "memory");
    List<AcceleratorCard> cards = new ArrayList<>(held == null ? List.of() : held.acceleratorCardList());
    for (Map.Entry<String, Double> e : perReplica(job).entrySet()) {
      double needed = e.getValue() * job.replicas();
      switch (e.getKey()) {
        case "cpu" -> cpu += needed;
        case "memory" -> memory += needed;
        default -> cards.add(new AcceleratorCard(null, number(needed), e.getKey()));
      }
    }
    int inqueue = queue.inqueueJobs() == null ? 1 : queue.inqueueJobs() + 1;
    return new QueueItem(queue.queueId(), queue.queueName(), queue.queueType(), queue.resourcePoolId(),
        queue.createdAt(), queue.parentQueue(), queue.opened(), queue.queueingStrategy(), queue.capability(),
        queue.deserved(), new ResourceAmount(null, number(cpu), number(memory), cards), queue.runningJobs(), inqueue,
        queue.pendingJobs(), queue.pausedBy());
  }
}
