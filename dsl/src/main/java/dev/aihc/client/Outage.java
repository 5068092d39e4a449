package dev.aihc.client;

import java.time.Duration;

/**
 * What a follow does when its requests stop getting through (the engine restarting, a dropped
 * connection, the service answering 5xx after the client's own retries): it says so once, keeps
 * polling, and says when the requests get through again. Its log positions are left where the last line
 * shown was, so it goes on from there: no gap, no line twice.
 */
final class Outage {
  private final OutputSink sink;
  private final String label;
  private long since = -1;

  Outage(OutputSink sink, String label) {
    this.sink = sink;
    this.label = label;
  }

  /** Whether {@code e} is a failure to wait out rather than an answer (a refused or unknown job). */
  static boolean isPassing(RuntimeException e) {
    if (e instanceof AihcTransportException) return true;
    return e instanceof AihcServiceException s && (s.statusCode() >= 500 || s.isRetryable());
  }

  /**
   * {@code request}'s result, or null when it failed in a way to wait out (said once per outage);
   * any other failure is thrown.
   */
  <T> T attempt(java.util.function.Supplier<T> request) {
    T result;
    try {
      result = request.get();
    } catch (AihcInterruptedException e) {
      throw e;
    } catch (RuntimeException e) {
      if (!isPassing(e)) throw e;
      failed(e);
      return null;
    }
    reached();
    return result;
  }

  /** A poll failed with {@code e}, which {@link #isPassing} accepts. */
  private void failed(RuntimeException e) {
    if (since >= 0) return;
    since = System.nanoTime();
    sink.progress(label + ": cannot reach the service (" + e.getMessage() + "); trying again, and going on from the"
        + " last line shown");
  }

  /** A poll got through. */
  private void reached() {
    if (since < 0) return;
    Duration lost = Duration.ofNanos(System.nanoTime() - since);
    since = -1;
    sink.progress(label + ": reached again after " + dev.aihc.internal.time.Elapsed.text(lost));
  }
}
