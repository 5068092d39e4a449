package dev.aihc.local.internal.core;

/**
 * What the engine refuses or cannot do, in its own words: a {@link Kind} and a message that says what
 * was wrong and how to fix it. The engine's rooms throw it; the HTTP layer alone turns a kind into a
 * status and an error code, so no room below it speaks HTTP.
 */
public final class EngineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the engine refused. */
  public enum Kind {
    /** The loop was busy for too long, or the wait was interrupted: try again. */
    BUSY,
    /** The engine is shutting down. */
    CLOSING,
    /** The job, pod or queue does not exist. */
    NOT_FOUND,
    /** The job is in a state that does not allow the change. */
    CONFLICT,
    /** A value the caller gave is wrong. */
    INVALID,
    /**
     * The engine home's file system is below the floor the engine keeps free, or a write found it full: free
     * space there and try again (nothing of the refused request was kept).
     */
    INSUFFICIENT_STORAGE
  }

  private final Kind kind;

  public EngineException(Kind kind, String message) {
    super(message, null, false, false); // a refusal needs no stack trace
    this.kind = kind;
  }

  /** A value the caller gave is wrong: {@code message} names it and the fix. */
  public static EngineException invalid(String message) {
    return new EngineException(Kind.INVALID, message);
  }

  /** The answer about a job that is not there. */
  public static EngineException jobNotFound(String jobId) {
    return new EngineException(Kind.NOT_FOUND,
        "job " + jobId + " does not exist (never created, or deleted). List jobs with DescribeJobs");
  }

  /** The answer to a request that came while the engine stops. */
  public static EngineException closing() {
    return new EngineException(Kind.CLOSING, "the local engine is shutting down");
  }

  public Kind kind() {
    return kind;
  }
}
