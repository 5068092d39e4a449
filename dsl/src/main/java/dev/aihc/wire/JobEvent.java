package dev.aihc.wire;

/**
 * One event of a job or a pod (DescribeJobEvents, DescribePodEvents).
 *
 * @param reason a short CamelCase reason, such as {@code Started}
 * @param message what happened
 * @param firstTimestamp first seen, RFC 3339
 * @param lastTimestamp last seen, RFC 3339
 * @param count how often
 * @param type {@code Normal} or {@code Warning}
 */
public record JobEvent(String reason, String message, String firstTimestamp, String lastTimestamp, int count,
    String type) {
  /** {@code 2026-01-01T00:00:00Z Normal Started: message}. */
  @Override
  public String toString() {
    return firstTimestamp + " " + type + " " + reason + ": " + message + (count > 1 ? " (×" + count + ")" : "");
  }
}
