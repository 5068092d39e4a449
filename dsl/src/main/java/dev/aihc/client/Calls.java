package dev.aihc.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import okhttp3.Request;
import dev.aihc.internal.http.Scope;
import dev.aihc.internal.http.Transport;
import dev.aihc.internal.json.Json;

/**
 * The client's calls over a {@link Transport}: an answer decoded into its record or a BCE error into an
 * {@link AihcServiceException}, a lost connection into an {@link AihcTransportException}, an interrupt
 * into an {@link AihcInterruptedException}, and what is safe to retry retried by the {@link RetryPolicy}.
 */
final class Calls {
  private final Transport transport;
  private final CredentialsProvider credentials;
  private final Runnable onConnectFailure;
  private final RetryPolicy retries;

  /**
   * @param onConnectFailure run when a request certainly never left this machine (the local engine's
   *     address is looked up again)
   */
  Calls(Transport transport, CredentialsProvider credentials, Runnable onConnectFailure, RetryPolicy retries) {
    this.transport = transport;
    this.credentials = credentials;
    this.onConnectFailure = onConnectFailure;
    this.retries = retries;
  }

  RetryPolicy retries() {
    return retries;
  }

  /** The request {@code action} would send, unsigned (signing happens on the way out). */
  Request request(String action, Scope scope, byte[] body) {
    return transport.request(action, scope, body);
  }

  /** One attempt: the decoded answer, or AihcServiceException / AihcTransportException. */
  <T> T once(String action, Scope scope, byte[] body, JavaType type) {
    return once(action, () -> transport.request(action, scope, body), type);
  }

  /** With retries on transport errors and retryable service errors (reads, stop, delete). */
  <T> T withRetries(String action, Scope scope, byte[] body, JavaType type) {
    return withRetries(action, () -> transport.request(action, scope, body), type);
  }

  /** A GET read ({@link Transport#getRequest}) with the same retries. */
  <T> T getWithRetries(String action, Map<String, String> query, JavaType type) {
    return withRetries(action, () -> transport.getRequest(action, query), type);
  }

  /** One attempt of the request {@code build} makes (built now, for the current endpoint). */
  private <T> T once(String action, Supplier<Request> build, JavaType type) {
    // The endpoint first: resolving it may start the local engine, which creates the keys read next.
    Request request = build.get();
    // Resolved here, on the caller's thread, so a missing key fails with the chain's own message
    // instead of inside OkHttp's dispatcher.
    credentials.resolve();
    Transport.Answer answer;
    try {
      answer = transport.execute(request);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AihcInterruptedException(action);
    } catch (IOException e) {
      AihcTransportException t = AihcTransportException.of(action, connectFailure(e));
      if (!t.maybeSent()) onConnectFailure.run();
      throw t;
    }
    if (!answer.ok()) throw ServiceErrorDecoder.decode(answer.status(), answer.body(), answer.requestId(), action);
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

  /** Sleeps, or throws AihcInterruptedException (flag kept) when interrupted. */
  static void sleep(Duration d, String what) {
    if (Thread.currentThread().isInterrupted()) throw new AihcInterruptedException(what);
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AihcInterruptedException(what);
    }
  }
}
