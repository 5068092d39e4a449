package dev.aihc.local.internal.sched;

import java.util.List;
import java.util.Optional;

/**
 * One resource pool as configured.
 *
 * @param id its id, the {@code resourcePoolId} of job actions
 * @param aliases other pool ids it answers to; {@code *} means any id no pool has
 * @param queues its queues, at least one; the first takes jobs that name no queue it knows when it
 *     has the {@code *} alias
 */
public record PoolSpec(String id, List<String> aliases, List<QueueSpec> queues) {
  /** Copies the lists. */
  public PoolSpec {
    aliases = List.copyOf(aliases);
    queues = List.copyOf(queues);
  }

  /** The queue named (or with the id) {@code queue}. */
  Optional<QueueSpec> queue(String queue) {
    return queues.stream().filter(q -> q.isNamed(queue)).findFirst();
  }
}
