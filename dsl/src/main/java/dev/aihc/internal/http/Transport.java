package dev.aihc.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import java.io.IOException;
import java.time.Duration;
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
import dev.aihc.client.AihcInterruptedException;
import dev.aihc.client.AihcServiceException;
import dev.aihc.client.AihcTransportException;
import dev.aihc.client.CredentialsProvider;
import dev.aihc.client.RetryPolicy;

/**
 * One AIHC call on the wire: builds {@code POST /?action=...} with the v2 headers, runs it so that an
 * interrupt cancels it at once, decodes the answer or the BCE error, and retries what is safe to retry.
 */
public final class Transport {
  public static final MediaType JSON = MediaType.get("application/json");

  private final OkHttpClient http;
  private final CredentialsProvider credentials;
  private final Supplier<HttpUrl> endpoint;
  private final Runnable onConnectFailure;
  private final RetryPolicy retries;

  public Transport(OkHttpClient http, CredentialsProvider credentials, Supplier<HttpUrl> endpoint,
      Runnable onConnectFailure, RetryPolicy retries) {
    this.http = http;
    this.credentials = credentials;
    this.endpoint = endpoint;
    this.onConnectFailure = onConnectFailure;
    this.retries = retries;
  }

  public RetryPolicy retries() {
    return retries;
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
   * CreateJob creates a duplicate job. Only Transport and Submitter decide what is sent again.
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

  /** One attempt: the decoded answer, or AihcServiceException / AihcTransportException. */
  public <T> T once(String action, Scope scope, byte[] body, JavaType type) {
    return once(action, () -> request(action, scope, body), type);
  }

  /** One attempt of the request {@code build} makes (built now, for the current endpoint). */
  private <T> T once(String action, Supplier<Request> build, JavaType type) {
    // The endpoint first: resolving it may start the local engine, which creates the keys read next.
    Request request = build.get();
    // Resolved here, on the caller's thread, so a missing key fails with the chain's own message
    // instead of inside OkHttp's dispatcher.
    credentials.resolve();
    Answer answer;
    try {
      answer = execute(request, action);
    } catch (IOException e) {
      AihcTransportException t = AihcTransportException.of(action, connectFailure(e));
      if (!t.maybeSent()) onConnectFailure.run();
      throw t;
    }
    if (answer.status() < 200 || answer.status() > 299) {
      throw ServiceErrorDecoder.decode(answer.status(), answer.body(), answer.requestId(), action);
    }
    if (type == null) return null;
    byte[] bytes = answer.body().length == 0 ? "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8) : answer.body();
    try {
      return Json.mapper().readValue(bytes, type);
    } catch (JsonProcessingException e) {
      throw new AihcTransportException(action, true, new IOException("unreadable answer: " + e.getOriginalMessage(), e));
    } catch (IOException e) {
      throw new AihcTransportException(action, true, e);
    }
  }

  /**
   * The innermost connect failure under {@code e}, which says why in its own words (OkHttp wraps the
   * socket's in "Failed to connect to /127.0.0.1:PORT"), else {@code e}.
   */
  private static IOException connectFailure(IOException e) {
    IOException found = e;
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (found instanceof java.net.ConnectException && c instanceof java.net.ConnectException inner) found = inner;
    }
    return found;
  }

  /** With retries on transport errors and retryable service errors (reads, stop, delete). */
  public <T> T withRetries(String action, Scope scope, byte[] body, JavaType type) {
    return withRetries(action, () -> request(action, scope, body), type);
  }

  /** A GET read ({@link #getRequest}) with the same retries. */
  public <T> T getWithRetries(String action, Map<String, String> query, JavaType type) {
    return withRetries(action, () -> getRequest(action, query), type);
  }

  private <T> T withRetries(String action, Supplier<Request> build, JavaType type) {
    for (int attempt = 0; ; attempt++) {
      try {
        return once(action, build, type);
      } catch (AihcServiceException e) {
        if (!e.isRetryable() || attempt >= retries.maxRetries()) throw e;
      } catch (AihcTransportException e) {
        if (attempt >= retries.maxRetries()) throw e;
      }
      sleep(retries.delayBefore(attempt + 1), action + " retry");
    }
  }

  /** An answer read in full: status, {@code x-bce-request-id} and body. */
  private record Answer(int status, String requestId, byte[] body) {}

  /**
   * Runs the call on OkHttp's dispatcher, body read included, and waits, so an interrupt cancels it
   * at once even when the answer stalls halfway through its body.
   */
  private Answer execute(Request request, String action) throws IOException {
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
      Thread.currentThread().interrupt();
      throw new AihcInterruptedException(action);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) throw io;
      if (cause instanceof RuntimeException re) throw re;
      throw new IOException(cause);
    }
  }

  /** Sleeps, or throws AihcInterruptedException (flag kept) when interrupted. */
  public static void sleep(Duration d, String what) {
    if (Thread.currentThread().isInterrupted()) throw new AihcInterruptedException(what);
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AihcInterruptedException(what);
    }
  }
}
