package dev.aihc.local.internal.store;

/**
 * One event as stored.
 *
 * @param jobId its job
 * @param podName its pod, or null for a job event
 * @param condition the job status reached (for {@code jobTimeLine}), or null
 * @param reason a short CamelCase reason
 * @param message what happened
 * @param type Normal or Warning
 * @param at epoch millis
 */
public record EventRow(String jobId, String podName, String condition, String reason, String message, String type,
    long at) {
  public static EventRow job(String jobId, String condition, String reason, String message, boolean warning, long at) {
    return new EventRow(jobId, null, condition, reason, message, warning ? "Warning" : "Normal", at);
  }

  public static EventRow pod(String jobId, String podName, String reason, String message, boolean warning, long at) {
    return new EventRow(jobId, podName, null, reason, message, warning ? "Warning" : "Normal", at);
  }
}
