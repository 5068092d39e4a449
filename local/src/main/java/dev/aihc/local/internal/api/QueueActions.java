package dev.aihc.local.internal.api;

import dev.aihc.local.internal.core.EngineException;
import dev.aihc.local.internal.core.Times;
import dev.aihc.local.internal.sched.QueueSpec;
import dev.aihc.local.internal.sched.Scheduler;
import dev.aihc.local.internal.sched.SchedulingConfig;
import dev.aihc.wire.AcceleratorCard;
import dev.aihc.wire.QueueItem;
import dev.aihc.wire.QueueList;
import dev.aihc.wire.ResourceAmount;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * DescribeQueues and DescribeQueue of AIHC's resource-pool module (v2): each queue's capacity, what
 * its admitted jobs hold ({@code allocated}), and its running and pending jobs. The cloud serves them
 * as {@code GET} with header {@code version: v2}; the local engine also takes them as
 * {@code POST /?action=...} like the job actions.
 */
public final class QueueActions {
  static final String DESCRIBE_QUEUES = "DescribeQueues";
  static final String DESCRIBE_QUEUE = "DescribeQueue";

  private final SchedulingConfig scheduling;
  private final Supplier<List<Scheduler.QueueView>> queues;
  private final String createdAt;

  /**
   * @param scheduling the pools and queues
   * @param queues what each queue holds and uses now (read on the engine loop)
   */
  public QueueActions(SchedulingConfig scheduling, Supplier<List<Scheduler.QueueView>> queues, long startedAtMillis) {
    this.scheduling = scheduling;
    this.queues = queues;
    this.createdAt = Times.rfc3339(startedAtMillis);
  }

  /** Both actions by name. */
  public Map<String, JobActions.Action> routes() {
    Map<String, JobActions.Action> r = new LinkedHashMap<>();
    r.put(DESCRIBE_QUEUES, this::describeQueues);
    r.put(DESCRIBE_QUEUE, this::describeQueue);
    return r;
  }

  private Object describeQueues(ApiRequest r) {
    Params p = r.params();
    String pool = p.string("resourcePoolId").orElse(r.resourcePoolId());
    String keywordType = p.string("keywordType").orElse("queueName");
    if (!keywordType.equals("queueName") && !keywordType.equals("queueId")) {
      throw ApiException.invalidParam("keywordType must be queueName or queueId but was '" + keywordType + "'");
    }
    String keyword = p.string("keyword").orElse(null);
    int pageNumber = p.intIn("pageNumber", 1, 1_000_000).orElse(1);
    int pageSize = p.intIn("pageSize", 1, 1000).orElse(10);
    String poolId = pool == null ? null : scheduling.pool(pool).id();
    List<QueueItem> all = new ArrayList<>();
    for (Scheduler.QueueView v : queues.get()) {
      if (poolId != null && !v.spec().poolId().equals(poolId)) continue;
      String key = keywordType.equals("queueId") ? v.spec().id() : v.spec().name();
      if (keyword == null || key.contains(keyword)) all.add(item(v));
    }
    int from = Math.min(all.size(), (pageNumber - 1) * pageSize);
    return new QueueList(pageNumber, pageSize, all.size(), all.subList(from, Math.min(all.size(), from + pageSize)));
  }

  private Object describeQueue(ApiRequest r) {
    String queueId = r.params().string("queueId").orElse(r.queueId());
    if (queueId == null) throw ApiException.invalidParam("queueId is required (in the query, or the body of a POST)");
    String pool = r.params().string("resourcePoolId").orElse(r.resourcePoolId());
    QueueSpec spec;
    try {
      spec = scheduling.place(pool, queueId).queue();
    } catch (EngineException e) {
      throw ApiException.notFound("queue " + queueId + " does not exist: " + e.getMessage());
    }
    return queues.get().stream().filter(v -> v.spec().equals(spec)).map(this::item).findFirst()
        .orElseThrow(() -> ApiException.notFound("queue " + queueId + " does not exist"));
  }

  private QueueItem item(Scheduler.QueueView v) {
    QueueSpec q = v.spec();
    ResourceAmount capability = amount(q, q::capacity);
    ResourceAmount allocated = amount(q, name -> v.used().getOrDefault(name, BigDecimal.ZERO));
    return new QueueItem(q.id(), q.name(), "Regular", q.poolId(), createdAt, null, true, "BestEffortFIFO",
        capability, capability, allocated, v.running(), 0, v.pending(), q.pausedBy());
  }

  private static ResourceAmount amount(QueueSpec q, Function<String, BigDecimal> of) {
    BigDecimal cpu = of.apply(QueueSpec.CPU);
    List<AcceleratorCard> cards = new ArrayList<>();
    for (String d : q.descriptors()) cards.add(new AcceleratorCard(q.acceleratorType(d), plain(of.apply(d)), d));
    return new ResourceAmount(plain(cpu.multiply(BigDecimal.valueOf(1000))), plain(cpu), plain(of.apply(QueueSpec.MEMORY)),
        cards);
  }

  private static String plain(BigDecimal n) {
    return n.stripTrailingZeros().toPlainString();
  }
}
