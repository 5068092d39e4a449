package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aihc.client.Credentials;
import dev.aihc.internal.signing.BceSigner;
import dev.aihc.internal.signing.SigningInterceptor;
import dev.aihc.internal.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Plain HTTP to the engine: signed like the client signs (BceSigner via SigningInterceptor), or not at all. */
final class RawApi implements AutoCloseable {
  static final MediaType JSON = MediaType.get("application/json");

  private final HttpUrl base;
  private final OkHttpClient unsigned;
  private final OkHttpClient signed;

  RawApi(URI url, Credentials credentials) {
    this(url, credentials, Clock.systemUTC());
  }

  RawApi(URI url, Credentials credentials, Clock clock) {
    this.base = HttpUrl.get(url.toString());
    this.unsigned = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30))
        .retryOnConnectionFailure(false).build();
    this.signed = unsigned.newBuilder()
        .addNetworkInterceptor(new SigningInterceptor(() -> credentials, clock)).build();
  }

  /**
   * A response.
   *
   * @param status the HTTP status
   * @param json the body as JSON (a missing node when it was not JSON)
   * @param requestIdHeader the x-bce-request-id header
   * @param text the body as text
   */
  record Reply(int status, JsonNode json, String requestIdHeader, String text) {
    String code() {
      return json.path("code").asText();
    }

    String message() {
      return json.path("message").asText();
    }
  }

  /** {@code r} is the cloud's error reply: this status and code, a message, and the request id of its header. */
  static void assertError(Reply r, int status, String code) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.code()).isEqualTo(code);
    assertThat(r.json().path("requestId").asText()).isNotEmpty().isEqualTo(r.requestIdHeader());
    assertThat(r.message()).isNotBlank();
  }

  /** A signed {@code POST /?action=X&resourcePoolId=local&queueID=default}. */
  Reply post(String action, String body) {
    return send(signed, request(url(action), body));
  }

  HttpUrl url(String action) {
    return base.newBuilder().encodedPath("/").addQueryParameter("action", action)
        .addQueryParameter("resourcePoolId", "local").addQueryParameter("queueID", "default").build();
  }

  static Request request(HttpUrl url, String body) {
    byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return new Request.Builder().url(url).header("X-API-Version", "v2")
        .header(BceSigner.CONTENT_SHA256, BceSigner.sha256Hex(bytes)).post(RequestBody.create(bytes, JSON)).build();
  }

  /** Sends {@code request} signed. */
  Reply signed(Request request) {
    return send(signed, request);
  }

  /** Sends {@code request} exactly as given. */
  Reply unsigned(Request request) {
    return send(unsigned, request);
  }

  HttpUrl base() {
    return base;
  }

  private static Reply send(OkHttpClient http, Request request) {
    try (Response r = http.newCall(request).execute()) {
      String text = r.body().string();
      JsonNode json;
      try {
        json = Json.mapper().readTree(text);
      } catch (IOException e) {
        json = Json.mapper().missingNode();
      }
      return new Reply(r.code(), json == null ? Json.mapper().missingNode() : json, r.header("x-bce-request-id"), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    unsigned.dispatcher().executorService().shutdown();
    unsigned.connectionPool().evictAll();
    try {
      unsigned.dispatcher().executorService().awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
