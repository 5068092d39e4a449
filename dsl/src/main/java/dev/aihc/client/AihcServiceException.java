package dev.aihc.client;

import dev.aihc.dsl.AihcException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * AIHC answered with an error status. Carries what the service said (status, BCE error code, message,
 * request id) and the action that failed; the exception message adds what to do about it, e.g.
 * {@code CreateJob failed: 403 InvalidAccessKeyId: ... (requestId=...). Check the access key id ...}.
 */
public class AihcServiceException extends AihcException {
  private static final long serialVersionUID = 1L;
  private static final Set<Integer> RETRYABLE_STATUS = Set.of(429, 500, 502, 503);

  private final String action;
  private final int statusCode;
  private final String errorCode;
  private final String serviceMessage;
  private final String requestId;

  /**
   * An error answer.
   *
   * @param action the API action, e.g. {@code CreateJob}
   * @param statusCode the HTTP status
   * @param errorCode the BCE error code, e.g. {@code InvalidParam}
   * @param serviceMessage the service's message; null or empty when it sent none
   * @param requestId the request id; null when the service sent none
   */
  public AihcServiceException(String action, int statusCode, String errorCode, String serviceMessage,
      String requestId) {
    super(message(action, statusCode, errorCode, serviceMessage, requestId));
    this.action = action;
    this.statusCode = statusCode;
    this.errorCode = errorCode;
    this.serviceMessage = serviceMessage == null ? "" : serviceMessage;
    this.requestId = requestId == null || requestId.isBlank() ? null : requestId;
  }

  /** The API action that failed, e.g. {@code CreateJob}. */
  public String action() {
    return action;
  }

  /** The HTTP status, e.g. 403. */
  public int statusCode() {
    return statusCode;
  }

  /** The BCE error code, e.g. {@code SignatureDoesNotMatch}; derived from the status when the body had none. */
  public String errorCode() {
    return errorCode;
  }

  /** The service's own message, or a short excerpt of a non-JSON body; may be empty. */
  public String serviceMessage() {
    return serviceMessage;
  }

  /** The request id to quote to Baidu support, when the service sent one. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /**
   * True when sending the same request again may succeed: status 429, 500, 502, 503, or
   * {@code RequestExpired} (a fresh signature has a fresh timestamp). Note that a repeated
   * CreateJob can create a duplicate job.
   */
  public boolean isRetryable() {
    return RETRYABLE_STATUS.contains(statusCode) || "RequestExpired".equals(errorCode);
  }

  private static String message(String action, int statusCode, String errorCode, String serviceMessage,
      String requestId) {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(errorCode, "errorCode");
    String said = serviceMessage == null ? "" : serviceMessage;
    return action + " failed: " + statusCode + " " + errorCode
        + (said.isEmpty() ? "" : ": " + said)
        + " (" + (requestId == null || requestId.isBlank() ? "no requestId" : "requestId=" + requestId) + "). "
        + hint(errorCode, said);
  }

  private static String hint(String code, String serviceMessage) {
    switch (code) {
      case "InvalidAccessKeyId":
        return "Check the access key id (BCE_ACCESS_KEY_ID or ~/.aihc/profiles).";
      case "SignatureDoesNotMatch":
      case "RequestExpired":
      case "InvalidHTTPAuthHeader":
        return "Check the secret access key (BCE_SECRET_ACCESS_KEY or ~/.aihc/profiles) and that this "
            + "machine's clock is right (sync it with NTP).";
      case "AccessDenied":
        return "Check that this access key may use AIHC on this resource pool and queue (IAM policy), "
            + "and that the pool id is right.";
      case "InvalidParam":
        return serviceMessage.toLowerCase(Locale.ROOT).contains("queueid")
            ? "Set a queue: job.queue(...), AIHC_QUEUE, or queue in ~/.aihc/profiles (a queue name on a "
                + "self-managed pool, an aihcq-... id on aihc-serverless)."
            : "Check the parameter named in the message.";
      case "MalformedJSON":
      case "InappropriateJSON":
      case "InvalidURI":
      case "InvalidHTTPRequest":
        return "The service could not read the request; this is likely a client bug: report it with the "
            + "requestId.";
      case "NotFound":
        return "Check the region, the resource pool id and the job id.";
      case "InsufficientStorage": // the local engine's: its home's file system is (nearly) full
        return "Free space on the local engine's home (the message names it; ./aihc local prune --older-than 1d "
            + "deletes the jobs that ended over a day ago, with their logs), then submit again: nothing of this "
            + "request was kept.";
      case "TooManyRequests":
        return "Requests are being throttled; wait and retry.";
      case "InternalError":
      case "ServiceUnavailable":
      case "BadGateway":
      case "GatewayTimeout":
        return "The service failed on its side; retry later, and quote the requestId if it persists.";
      default:
        return "Quote the requestId when asking Baidu support.";
    }
  }
}
