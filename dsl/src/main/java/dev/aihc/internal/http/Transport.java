package dev.aihc.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;
import dev.aihc.internal.json.Json;
import dev.aihc.internal.signing.BceSigner;

/**
 * One AIHC call on the wire: builds {@code POST /?action=...} with the v2 headers and runs it so that an
 * interrupt cancels it at once, handing back the answer as it came. What an answer means (the BCE error,
 * the retries, the client's exceptions) is the client's to say.
 */
public final class Transport {
  public static final MediaType JSON = MediaType.get("application/json");

  private final OkHttpClient http;
  private final Supplier<HttpUrl> endpoint;

  /** Calls through {@code http} to the endpoint {@code endpoint} gives at each request. */
  public Transport(OkHttpClient http, Supplier<HttpUrl> endpoint) {
    this.http = http;
    this.endpoint = endpoint;
  }

  public HttpUrl url(String action, Scope scope) {
    HttpUrl.Builder url = endpoint.get().newBuilder().encodedPath("/").addQueryParameter("action", action);
    if (scope.pool() != null) url.addQueryParameter("resourcePoolId", scope.pool());
    if (scope.queue() != null) url.addQueryParameter("queueID", scope.queue());
    return url.build();
  }

  public static byte[] body(Object body) {
    try {
      if (body == null) return "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      if (body instanceof byte[] bytes) return bytes;
      if (body instanceof String s) return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      return Json.mapper().writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write request body: " + e.getOriginalMessage(), e);
    }
  }

  public Request request(String action, Scope scope, byte[] body) {
    return new Request.Builder().url(url(action, scope)).header("X-API-Version", "v2")
        .header(BceSigner.CONTENT_SHA256, BceSigner.sha256Hex(body))
        .post(new OneShotJson(body)).build();
  }

  /**
   * {@code GET /?action=...&<query>} with header {@code version: v2} and no body: how AIHC's other v2
   * modules (resource pools, queues) are called (spec section 1).
   */
  public Request getRequest(String action, Map<String, String> query) {
    HttpUrl.Builder url = endpoint.get().newBuilder().encodedPath("/").addQueryParameter("action", action);
    query.forEach(url::addQueryParameter);
    return new Request.Builder().url(url.build()).header("version", "v2").get().build();
  }

  /**
   * A JSON body typed exactly {@code application/json} (as signed) that OkHttp must not send twice:
   * once a request has gone out, OkHttp would otherwise resend it by itself after a dropped
   * connection (a reused keep-alive connection, a 503 with {@code Retry-After: 0}), which for
   * CreateJob creates a duplicate job. Only the client (its Calls and Submitter) decides what is sent again.
   */
  private static final class OneShotJson extends RequestBody {
    private final byte[] bytes;

    OneShotJson(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public MediaType contentType() {
      return JSON;
    }

    @Override
    public long contentLength() {
      return bytes.length;
    }

    @Override
    public boolean isOneShot() {
      return true;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      sink.write(bytes);
    }
  }

  /** An answer read in full: status, {@code x-bce-request-id} (null when absent) and body. */
  public record Answer(int status, String requestId, byte[] body) {
    /** Whether the status is 2xx. */
    public boolean ok() {
      return status >= 200 && status <= 299;
    }
  }

  /**
   * Runs the call on OkHttp's dispatcher, body read included, and waits, so an interrupt cancels it
   * at once even when the answer stalls halfway through its body.
   *
   * @throws InterruptedException when interrupted while waiting; the call is cancelled
   * @throws IOException when no answer came back
   */
  public Answer execute(Request request) throws IOException, InterruptedException {
    Call call = http.newCall(request);
    CompletableFuture<Answer> done = new CompletableFuture<>();
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call c, IOException e) {
        done.completeExceptionally(e);
      }

      @Override
      public void onResponse(Call c, Response r) {
        try (r) {
          ResponseBody rb = r.body();
          done.complete(new Answer(r.code(), r.header("x-bce-request-id"), rb == null ? new byte[0] : rb.bytes()));
        } catch (IOException e) {
          done.completeExceptionally(e);
        }
      }
    });
    try {
      return done.get();
    } catch (InterruptedException e) {
      call.cancel();
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) throw io;
      if (cause instanceof RuntimeException re) throw re;
      throw new IOException(cause);
    }
  }
}
