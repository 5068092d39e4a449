package dev.aihc.dsl;

/**
 * The root of every failure this product reports about a job: an invalid job, a refused request, a
 * transport failure, a wait that timed out. Subclasses add what they know (HTTP status, BCE error
 * code, request id); the message always says what to do next.
 */
public class AihcException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public AihcException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public AihcException(String message, Throwable cause) {
    super(message, cause);
  }
}
