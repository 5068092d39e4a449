package dev.aihc.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently failed calls are retried: exponential backoff from {@code baseDelay},
 * doubling, capped at {@code maxDelay}, with ±25% jitter so that many clients do not retry in step.
 * The official SDKs' default is 3 retries from 300 ms.
 *
 * @param maxRetries retries after the first attempt (0 = never retry)
 * @param baseDelay the first delay
 * @param maxDelay the largest delay
 */
public record RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay) {
  /** 3 retries from 300 ms, at most 5 s apart. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(300), Duration.ofSeconds(5));
  /** No retries. */
  public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, Duration.ZERO);

  /** Checks the values. */
  public RetryPolicy {
    if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must be >= 0 but was " + maxRetries);
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (baseDelay.isNegative() || maxDelay.isNegative()) {
      throw new IllegalArgumentException("delays must not be negative");
    }
  }

  /** The delay before retry number {@code retry} (1-based), jittered. */
  public Duration delayBefore(int retry) {
    long base = baseDelay.toMillis();
    long exp = Math.min(maxDelay.toMillis(), base << Math.min(retry - 1, 20));
    if (exp <= 0) return Duration.ZERO;
    long jitter = ThreadLocalRandom.current().nextLong(exp / 2 + 1);
    return Duration.ofMillis(exp / 2 + jitter + exp / 4);
  }
}
