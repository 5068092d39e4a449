package dev.aihc.wire;

import java.util.List;

/**
 * DescribeJobEvents / DescribePodEvents answer.
 *
 * @param events the events, oldest first
 * @param total how many
 */
public record JobEvents(List<JobEvent> events, int total) {
  /** Normalises an absent list. */
  public JobEvents {
    events = events == null ? List.of() : List.copyOf(events);
  }
}
