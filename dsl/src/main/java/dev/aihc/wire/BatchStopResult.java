package dev.aihc.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * BatchStopJobs answer.
 *
 * @param successList the jobs stopped
 * @param failedList the jobs that could not be stopped, with why
 */
public record BatchStopResult(List<JsonNode> successList, List<JsonNode> failedList) {
  /** Normalises absent lists. */
  public BatchStopResult {
    successList = successList == null ? List.of() : List.copyOf(successList);
    failedList = failedList == null ? List.of() : List.copyOf(failedList);
  }
}
