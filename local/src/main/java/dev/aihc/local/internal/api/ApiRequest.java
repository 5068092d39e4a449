package dev.aihc.local.internal.api;

/**
 * An authenticated request on its way to an action handler. The body is parsed into {@link Params} when a
 * handler first asks for them; CreateJob reads the text as a job instead, so a body is parsed once.
 */
final class ApiRequest {
  private final String requestId;
  private final String action;
  private final String resourcePoolId;
  private final String queueId;
  private final String rawBody;
  private Params params;

  /**
   * @param requestId the id sent back as {@code requestId} and {@code x-bce-request-id}
   * @param action the {@code action} query parameter
   * @param resourcePoolId the {@code resourcePoolId} query parameter, or null when absent
   * @param queueId the {@code queueID} query parameter, or null when absent
   * @param rawBody the body as text ({@code {}} when it was empty)
   */
  ApiRequest(String requestId, String action, String resourcePoolId, String queueId, String rawBody) {
    this.requestId = requestId;
    this.action = action;
    this.resourcePoolId = resourcePoolId;
    this.queueId = queueId;
    this.rawBody = rawBody;
  }

  String requestId() {
    return requestId;
  }

  String action() {
    return action;
  }

  String resourcePoolId() {
    return resourcePoolId;
  }

  String queueId() {
    return queueId;
  }

  String rawBody() {
    return rawBody;
  }

  /**
   * The body as a JSON object, parsed on the first call (a request is handled on one thread).
   *
   * @throws ApiException 400 MalformedJSON or InappropriateJSON when it is not a JSON object
   */
  Params params() {
    if (params == null) params = Params.parse(rawBody);
    return params;
  }
}
