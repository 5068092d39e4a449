package dev.aihc.client;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import dev.aihc.internal.json.Json;

/**
 * Turns an error answer into an {@link AihcServiceException}: a BCE JSON body
 * {@code {requestId, code, message}}, an empty body (code derived from the status), or anything else
 * (a short excerpt is kept, e.g. a proxy's HTML page).
 */
final class ServiceErrorDecoder {
  static final int EXCERPT_LIMIT = 200;

  private static final ObjectMapper JSON = Json.mapper();
  // A proxy or a debug endpoint may echo the request; its signature must not reach a log.
  private static final Pattern AUTHORIZATION = Pattern.compile("bce-auth-v1/[^\\s\"',;]*");
  private static final Map<Integer, String> CODE_BY_STATUS = Map.ofEntries(
      Map.entry(400, "InvalidHTTPRequest"),
      Map.entry(401, "Unauthorized"),
      Map.entry(403, "AccessDenied"),
      Map.entry(404, "NotFound"),
      Map.entry(405, "MethodNotAllowed"),
      Map.entry(408, "RequestTimeout"),
      Map.entry(409, "Conflict"),
      Map.entry(413, "RequestEntityTooLarge"),
      Map.entry(429, "TooManyRequests"),
      Map.entry(500, "InternalError"),
      Map.entry(502, "BadGateway"),
      Map.entry(503, "ServiceUnavailable"),
      Map.entry(504, "GatewayTimeout"));

  private ServiceErrorDecoder() {}

  /**
   * Decodes one error answer.
   *
   * @param statusCode the HTTP status
   * @param body the response body; null or empty allowed
   * @param requestIdHeader the {@code x-bce-request-id} header; null when absent (the body's is used)
   * @param action the API action that was called
   */
  static AihcServiceException decode(int statusCode, byte[] body, String requestIdHeader, String action) {
    Objects.requireNonNull(action, "action");
    String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
    String code = null;
    String message = "";
    String requestId = blankToNull(requestIdHeader);
    JsonNode json = parseObject(text);
    if (json != null) {
      code = blankToNull(json.path("code").asText(null));
      message = json.path("message").asText("").strip();
      if (requestId == null) {
        requestId = blankToNull(json.path("requestId").asText(null));
      }
    } else if (!text.isEmpty()) {
      message = "non-JSON response: " + excerpt(text);
    }
    if (code == null) {
      code = CODE_BY_STATUS.getOrDefault(statusCode, "Http" + statusCode);
    }
    return new AihcServiceException(action, statusCode, code, redact(message), requestId);
  }

  private static JsonNode parseObject(String text) {
    if (!text.startsWith("{")) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(text);
      return node != null && node.isObject() ? node : null;
    } catch (JacksonException e) {
      return null; // not JSON after all: keep an excerpt instead
    }
  }

  private static String excerpt(String text) {
    String flat = text.replaceAll("\\s+", " ").replaceAll("\\p{Cntrl}", "?");
    return flat.length() <= EXCERPT_LIMIT ? flat : flat.substring(0, EXCERPT_LIMIT) + "…";
  }

  private static String redact(String message) {
    return AUTHORIZATION.matcher(message).replaceAll("bce-auth-v1/<redacted>");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
