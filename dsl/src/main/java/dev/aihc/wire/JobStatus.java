package dev.aihc.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/** A job's status as AIHC reports it; prints in AIHC's spelling ({@code Succeeded}, not {@code SUCCEEDED}). */
public enum JobStatus {
  /** Queued; its priority can still change. */
  CREATED("Created"),
  /** Placed on nodes. */
  SCHEDULED("Scheduled"),
  /** Containers starting. */
  STARTING("Starting"),
  /** Every replica running. */
  RUNNING("Running"),
  /** Restarting after a fault or a preemption. */
  RESTARTING("Restarting"),
  /** An instance failed. */
  ABNORMAL("Abnormal"),
  /** Being stopped. */
  STOPPING("Stopping"),
  /** Stopped by a user (terminal). */
  STOPPED("Stopped"),
  /** Every replica exited 0 (terminal). */
  SUCCEEDED("Succeeded"),
  /** The job failed (terminal). */
  FAILED("Failed"),
  /** A status this client does not know. */
  UNKNOWN("Unknown");

  private final String wireName;

  JobStatus(String wireName) {
    this.wireName = wireName;
  }

  /** AIHC's spelling. */
  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** Whether the job can no longer change: Stopped, Succeeded or Failed. */
  public boolean isTerminal() {
    return this == STOPPED || this == SUCCEEDED || this == FAILED;
  }

  /** The statuses a job ends in ({@link #isTerminal()}), in declaration order. */
  public static List<JobStatus> terminal() {
    return Arrays.stream(values()).filter(JobStatus::isTerminal).toList();
  }

  /** Reads AIHC's spelling in any case; an unrecognised status is {@link #UNKNOWN}. */
  @JsonCreator
  public static JobStatus fromWire(String text) {
    if (text == null) return UNKNOWN;
    for (JobStatus s : values()) {
      if (s.wireName.equalsIgnoreCase(text.trim()) || s.name().equalsIgnoreCase(text.trim())) return s;
    }
    return UNKNOWN;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
