package dev.aihc.client;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A DescribeJobLogs page request: {@code LogRequest.of(jobId, pod).marker(m).maxLines(500)}. Every
 * step returns a new value.
 *
 * @param jobId the job
 * @param podName the full pod name
 * @param marker where to start ({@code ""} = the beginning)
 * @param maxLines at most this many lines (0 = the service's default)
 * @param keywords only lines containing this, or null
 * @param start only lines written at or after this, or null
 * @param end only lines written at or before this, or null
 */
public record LogRequest(String jobId, String podName, String marker, int maxLines, String keywords, Instant start,
    Instant end) {

  /** Checks the required parts. */
  public LogRequest {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(podName, "podName");
    marker = marker == null ? "" : marker;
    if (maxLines < 0) throw new IllegalArgumentException("maxLines must be >= 0 but was " + maxLines);
  }

  /** The first page of {@code podName}'s log. */
  public static LogRequest of(String jobId, String podName) {
    return new LogRequest(jobId, podName, "", 0, null, null, null);
  }

  /** The page starting at {@code marker}. */
  public LogRequest marker(String marker) {
    return new LogRequest(jobId, podName, marker, maxLines, keywords, start, end);
  }

  /** At most {@code n} lines. */
  public LogRequest maxLines(int n) {
    return new LogRequest(jobId, podName, marker, n, keywords, start, end);
  }

  /** Only lines containing {@code keywords}. */
  public LogRequest keywords(String keywords) {
    return new LogRequest(jobId, podName, marker, maxLines, keywords, start, end);
  }

  /** Only lines written within {@code [start, end]} (null for an open end). */
  public LogRequest window(Instant start, Instant end) {
    return new LogRequest(jobId, podName, marker, maxLines, keywords, start, end);
  }

  Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("jobId", jobId);
    body.put("podName", podName);
    if (!marker.isEmpty()) body.put("marker", marker);
    if (maxLines > 0) body.put("maxLines", maxLines);
    if (keywords != null) body.put("keywords", keywords);
    if (start != null) body.put("startTime", String.valueOf(start.getEpochSecond()));
    if (end != null) body.put("endTime", String.valueOf(end.getEpochSecond()));
    return body;
  }
}
