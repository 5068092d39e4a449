package dev.aihc.client;

import java.time.Duration;

/**
 * How a job ended, from {@link Run#await()}.
 *
 * @param jobId the job
 * @param name its name
 * @param status Succeeded, Failed or Stopped
 * @param reason why, when known (empty otherwise)
 * @param waited how long the wait took
 */
public record JobResult(String jobId, String name, JobStatus status, String reason, Duration waited) {
  /** Whether the job succeeded. */
  public boolean isSuccess() {
    return status == JobStatus.SUCCEEDED;
  }

  /** {@code Succeeded} or {@code Failed: worker-1 exited with code 3}, then the job. */
  @Override
  public String toString() {
    return status + (reason == null || reason.isEmpty() ? "" : ": " + reason) + " (" + name + " " + jobId + ")";
  }
}
