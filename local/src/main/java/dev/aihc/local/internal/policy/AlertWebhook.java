package dev.aihc.local.internal.policy;

import dev.aihc.local.internal.core.EngineLoop;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * POSTs alerts as JSON to the configured loopback URL, one at a time and in order, on a thread of its
 * own so that a slow or absent receiver never holds up a job. An alert is retried (250 ms doubling to
 * 10 s) until the receiver answers 2xx or the engine closes: none is dropped while the engine runs.
 */
final class AlertWebhook implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(AlertWebhook.class.getName());
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final long FIRST_RETRY_MILLIS = 250;
  private static final long MAX_RETRY_MILLIS = 10_000;

  private final URI url;
  private final HttpClient http;
  private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
  private final Thread worker;

  AlertWebhook(URI url) {
    this.url = url;
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    this.worker = EngineLoop.daemon("aihc-local-alerts").newThread(this::run);
    worker.start();
  }

  URI url() {
    return url;
  }

  /** Queues {@code json} for delivery; returns at once. */
  void send(String json) {
    queue.add(json);
  }

  private void run() {
    try {
      while (true) deliver(queue.take());
    } catch (InterruptedException e) {
      // closing
    }
  }

  private void deliver(String json) throws InterruptedException {
    long wait = FIRST_RETRY_MILLIS;
    for (int attempt = 1; ; attempt++) {
      String failure;
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT)
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() / 100 == 2) return;
        failure = "answered " + r.statusCode();
      } catch (IOException e) {
        failure = e.toString();
      }
      if (attempt == 1) {
        LOG.log(System.Logger.Level.WARNING, "alert webhook " + url + " " + failure + "; retrying until it accepts");
      }
      Thread.sleep(wait);
      wait = Math.min(wait * 2, MAX_RETRY_MILLIS);
    }
  }

  /** Stops delivering; alerts still queued are logged as dropped. */
  @Override
  public void close() {
    worker.interrupt();
    try {
      worker.join(TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int left = queue.size();
    if (left > 0) {
      LOG.log(System.Logger.Level.WARNING, "the engine closed with " + left + " alert(s) not yet delivered to " + url);
    }
  }
}
