package dev.aihc.insight;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads progress out of one replica's log lines, in order, through a {@link LogScanner} (which says what
 * forms it reads and how it picks the outermost training loop). Not thread-safe: one per replica per reading.
 */
final class ProgressScanner {
  private final String pod;
  private final LogScanner scanner;
  private LogScanner.Found seen;
  private Progress last;

  /** @param custom a pattern with named groups {@code step} and {@code total}, or null for the known forms */
  ProgressScanner(String pod, Pattern custom) {
    this.pod = pod;
    this.scanner = new LogScanner(custom, n -> false);
  }

  /** The newest progress read so far; null before any. */
  Progress last() {
    LogScanner.Found f = scanner.last();
    if (f != seen) {
      seen = f;
      last = f == null ? null : progress(f);
    }
    return last;
  }

  /** Reads one log line; returns the progress it states, also kept as {@link #last()}. */
  Optional<Progress> accept(String line) {
    return scanner.accept(line) == null ? Optional.empty() : Optional.of(last());
  }

  private Progress progress(LogScanner.Found f) {
    return progress(pod, f);
  }

  /** What {@code pod}'s scanner found, as a {@link Progress}. */
  static Progress progress(String pod, LogScanner.Found f) {
    Optional<Duration> eta = f.etaSeconds() >= 0 ? Optional.of(Duration.ofSeconds(f.etaSeconds())) : Optional.empty();
    return new Progress(f.step(), f.total(), f.unit(), eta, pod, f.line().strip());
  }
}
