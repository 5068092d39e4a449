package dev.aihc.wire;

import java.util.List;

/**
 * DescribeJobNodes answer.
 *
 * @param jobId the job
 * @param nodeName the nodes its replicas run on
 */
public record JobNodes(String jobId, List<String> nodeName) {
  /** Normalises an absent list. */
  public JobNodes {
    nodeName = nodeName == null ? List.of() : List.copyOf(nodeName);
  }
}
