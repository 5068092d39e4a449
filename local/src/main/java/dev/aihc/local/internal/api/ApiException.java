package dev.aihc.local.internal.api;

import dev.aihc.local.internal.core.EngineException;

/**
 * A request the engine refuses: the HTTP status, the BCE error code and a message that says what was
 * wrong and how to fix it. Handlers throw it; {@link ApiServer} turns it, and an {@link EngineException}
 * through {@link #of}, into the error JSON.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;

  public ApiException(int status, String code, String message) {
    super(message, null, false, false); // a client error needs no stack trace
    this.status = status;
    this.code = code;
  }

  /** 400 InvalidParam: a parameter or body field is missing or wrong. */
  public static ApiException invalidParam(String message) {
    return new ApiException(400, "InvalidParam", message);
  }

  /** 404 NotFound: the job (or pod) does not exist. */
  public static ApiException notFound(String message) {
    return new ApiException(404, "NotFound", message);
  }

  /**
   * The answer to what the engine refused: the one place an engine failure gets its HTTP status and BCE
   * code. A busy or stopping engine is 503 ServiceUnavailable (the client retries it), one short of room on its
   * home's file system 503 InsufficientStorage (a retry creates nothing twice); a job in the wrong
   * state is 400 InvalidParam, as the cloud answers it.
   */
  static ApiException of(EngineException e) {
    return switch (e.kind()) {
      case BUSY, CLOSING -> new ApiException(503, "ServiceUnavailable", e.getMessage());
      case NOT_FOUND -> notFound(e.getMessage());
      case CONFLICT, INVALID -> invalidParam(e.getMessage());
      case INSUFFICIENT_STORAGE -> new ApiException(503, "InsufficientStorage", e.getMessage());
    };
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }
}
