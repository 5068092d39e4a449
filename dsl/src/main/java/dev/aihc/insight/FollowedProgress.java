package dev.aihc.insight;

import dev.aihc.wire.JobItem;
import dev.aihc.wire.PodItem;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Each replica's progress as the log lines {@code Run#follow()} shows state it, one
 * {@link ProgressScanner} per pod. Not API: public only so that {@code dev.aihc.client} can use it. Not
 * thread-safe: one per follow.
 */
public final class FollowedProgress {
  private final Map<String, ProgressScanner> scanners = new LinkedHashMap<>();

  /** One log line of pod {@code podName}, shown as {@code source} ({@code worker-0}). */
  public void accept(String podName, String source, String line) {
    scanners.computeIfAbsent(podName, p -> new ProgressScanner(source, null)).accept(line);
  }

  /**
   * The progress of the first replica of {@code job} (master first) whose lines stated one, with its time
   * left as of {@code now}; empty before any did.
   */
  public Optional<Progress> current(JobItem job, Instant now) {
    for (PodItem pod : Pods.inOrder(job.pods())) {
      ProgressScanner scanner = scanners.get(pod.podName());
      if (scanner != null && scanner.last() != null) {
        return Optional.of(ProgressReader.withEta(scanner.last(), job, now));
      }
    }
    return Optional.empty();
  }
}
