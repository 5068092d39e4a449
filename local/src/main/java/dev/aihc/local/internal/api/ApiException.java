package dev.aihc.local.internal.api;

/**
 * A request the engine refuses: the HTTP status, the BCE error code and a message that says what was
 * wrong and how to fix it. Handlers throw it; {@link ApiServer} turns it into the error JSON.
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

  /** The answer about a job that is not there. */
  public static ApiException jobNotFound(String jobId) {
    return notFound("job " + jobId + " does not exist (never created, or deleted). List jobs with DescribeJobs");
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }
}
