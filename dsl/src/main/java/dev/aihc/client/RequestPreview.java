package dev.aihc.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import okhttp3.Request;
import okio.Buffer;
import dev.aihc.internal.json.Json;
import dev.aihc.internal.signing.BceSigner;
import dev.aihc.internal.signing.SigningInterceptor;

/**
 * A request as it would be sent, from {@link AihcClient#preview}: method, URL with query, headers
 * and body. The shown form masks the signature and the image password; {@link #toRunnableCurl()} is
 * the explicit opt-in to an unmasked command.
 */
public final class RequestPreview {
  private static final String MASK = "****";
  private final String method;
  private final String url;
  private final Map<String, String> ordered;
  private final String rawBody;
  private final boolean signed;

  private RequestPreview(String method, String url, Map<String, String> headers, String body, boolean signed) {
    this.method = method;
    this.url = url;
    this.ordered = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    this.rawBody = body;
    this.signed = signed;
  }

  /** {@code POST}. */
  public String method() {
    return method;
  }

  /** The full URL with its query. */
  public String url() {
    return url;
  }

  static RequestPreview of(Request request, CredentialsProvider credentials, Instant now) {
    byte[] bytes = bytes(request);
    Map<String, String> sent = new LinkedHashMap<>();
    sent.put("Host", hostHeader(request));
    sent.put("Content-Type", "application/json");
    sent.put("Content-Length", String.valueOf(bytes.length));
    sent.put("X-API-Version", request.header("X-API-Version"));
    if (request.header(BceSigner.CONTENT_SHA256) != null) {
      sent.put(BceSigner.CONTENT_SHA256, request.header(BceSigner.CONTENT_SHA256));
    }
    sent.put("x-bce-date", BceSigner.timestamp(now));
    Credentials c = null;
    try {
      c = credentials.resolve();
    } catch (RuntimeException e) {
      // a preview needs no account: show where the signature goes
    }
    if (c != null) {
      c.sessionToken().ifPresent(t -> sent.put("x-bce-security-token", t));
      Request signed = SigningInterceptor.sign(request.newBuilder().header("Host", sent.get("Host"))
          .header("Content-Type", "application/json").header("Content-Length", sent.get("Content-Length")).build(),
          c, now, BceSigner.DEFAULT_EXPIRATION_SECONDS);
      sent.put("Authorization", signed.header("Authorization"));
    } else {
      sent.put("Authorization", "bce-auth-v1/<no credentials found>/" + BceSigner.timestamp(now) + "/1800/...");
    }
    return new RequestPreview(request.method(), request.url().toString(), sent, new String(bytes, StandardCharsets.UTF_8),
        c != null);
  }

  /** The headers as they would be sent, with the signature and any session token masked. */
  public Map<String, String> headers() {
    Map<String, String> masked = new LinkedHashMap<>(ordered);
    if (signed) masked.computeIfPresent("Authorization", (k, v) -> maskSignature(v));
    masked.computeIfPresent("x-bce-security-token", (k, v) -> MASK);
    return masked;
  }

  /** The body, pretty-printed, with the image password masked. */
  public String body() {
    return masked(true);
  }

  /** A {@code curl} command with the signature and password masked: safe to share, not to run. */
  public String toCurl() {
    return curl(headers(), masked(false));
  }

  /**
   * A runnable {@code curl} command with the real signature (valid 30 minutes) and the image
   * password in clear. Do not paste it anywhere public.
   */
  public String toRunnableCurl() {
    if (!signed) {
      throw new IllegalStateException("no credentials were found, so the preview is unsigned; configure "
          + "credentials (BCE_ACCESS_KEY_ID/BCE_SECRET_ACCESS_KEY or ~/.aihc/profiles) and preview again");
    }
    return curl(ordered, rawBody); // the bytes that were signed: Content-Length is part of the signature
  }

  /** Method, URL, masked headers and masked pretty body, as a person reads them. */
  @Override
  public String toString() {
    String hs = headers().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining("\n"));
    return method + " " + url + "\n" + hs + "\n\n" + body();
  }

  private String curl(Map<String, String> headers, String body) {
    StringBuilder s = new StringBuilder("curl -sS -X ").append(method).append(" '").append(url).append("'");
    headers.forEach((k, v) -> {
      if (!k.equals("Host") && !k.equals("Content-Length")) s.append(" \\\n  -H '").append(k).append(": ").append(v).append("'");
    });
    s.append(" \\\n  --data-binary '").append(body.replace("'", "'\\''")).append("'");
    return s.toString();
  }

  /** The body with the password masked; numbers keep their text (read as BigDecimal, not double). */
  private String masked(boolean pretty) {
    try {
      JsonNode tree = Json.mapper().reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(rawBody);
      maskPassword(tree);
      return pretty ? Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree)
          : Json.mapper().writeValueAsString(tree);
    } catch (IOException e) {
      return rawBody;
    }
  }

  private static void maskPassword(JsonNode tree) {
    JsonNode config = tree.path("jobSpec").path("imageConfig");
    if (config instanceof ObjectNode o && o.has("password")) o.put("password", MASK);
  }

  private static String maskSignature(String authorization) {
    int cut = authorization.lastIndexOf('/');
    return cut < 0 ? MASK : authorization.substring(0, cut + 1) + MASK;
  }

  private static String hostHeader(Request request) {
    int port = request.url().port();
    boolean standard = port == okhttp3.HttpUrl.defaultPort(request.url().scheme());
    return request.url().host() + (standard ? "" : ":" + port);
  }

  private static byte[] bytes(Request request) {
    try (Buffer buffer = new Buffer()) {
      if (request.body() != null) request.body().writeTo(buffer);
      return buffer.readByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the request body", e);
    }
  }
}
