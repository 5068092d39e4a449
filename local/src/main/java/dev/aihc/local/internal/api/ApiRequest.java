package dev.aihc.local.internal.api;

/**
 * An authenticated request on its way to an action handler.
 *
 * @param requestId the id sent back as {@code requestId} and {@code x-bce-request-id}
 * @param action the {@code action} query parameter
 * @param resourcePoolId the {@code resourcePoolId} query parameter, or null when absent
 * @param queueId the {@code queueID} query parameter, or null when absent
 * @param rawBody the body as text ({@code {}} when it was empty)
 * @param params the body as a JSON object
 */
record ApiRequest(String requestId, String action, String resourcePoolId, String queueId, String rawBody,
    Params params) {}
