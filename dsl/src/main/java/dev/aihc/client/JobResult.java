package dev.aihc.client;

import dev.aihc.insight.Diagnosis;
import dev.aihc.wire.JobStatus;
import java.time.Duration;
import java.util.Optional;

/**
 * How a job ended, from {@link Run#await()}.
 *
 * @param jobId the job
 * @param name its name
 * @param status Succeeded, Failed or Stopped
 * @param reason why, when known (empty otherwise)
 * @param waited how long the wait took
 * @param diagnosis why it failed and which replica started it; empty unless it failed
 */
public record JobResult(String jobId, String name, JobStatus status, String reason, Duration waited,
    Optional<Diagnosis> diagnosis) {
  /** Normalises an absent diagnosis. */
  public JobResult {
    diagnosis = diagnosis == null ? Optional.empty() : diagnosis;
  }

  /** A result without a diagnosis. */
  public JobResult(String jobId, String name, JobStatus status, String reason, Duration waited) {
    this(jobId, name, status, reason, waited, Optional.empty());
  }

  /** Whether the job succeeded. */
  public boolean isSuccess() {
    return status == JobStatus.SUCCEEDED;
  }

  /**
   * {@code Succeeded} or {@code Failed: worker-1 exited with code 3}, then the job; a failure's
   * diagnosis follows on the next lines.
   */
  @Override
  public String toString() {
    return status + (reason == null || reason.isEmpty() ? "" : ": " + reason) + " (" + name + " " + jobId + ")"
        + diagnosis.map(d -> "\n" + d).orElse("");
  }
}
