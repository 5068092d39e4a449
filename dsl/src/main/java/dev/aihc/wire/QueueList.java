package dev.aihc.wire;

import java.util.List;

/**
 * One page of DescribeQueues.
 *
 * @param pageNumber the page, from 1
 * @param pageSize queues per page
 * @param totalCount queues over every page
 * @param queues this page
 */
public record QueueList(Integer pageNumber, Integer pageSize, Integer totalCount, List<QueueItem> queues) {
  /** Normalises an absent list. */
  public QueueList {
    queues = queues == null ? List.of() : List.copyOf(queues);
  }
}
