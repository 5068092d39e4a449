package dev.aihc.client;

import dev.aihc.wire.JobStatus;
import dev.aihc.dsl.AihcException;

/** {@link Run#await(java.time.Duration)} gave up; the message names the state the job was in. */
public final class AihcTimeoutException extends AihcException {
  private static final long serialVersionUID = 1L;
  private final transient JobStatus lastStatus;

  AihcTimeoutException(String message, JobStatus lastStatus) {
    super(message);
    this.lastStatus = lastStatus;
  }

  /** The status the job had when the wait ended. */
  public JobStatus lastStatus() {
    return lastStatus;
  }
}
