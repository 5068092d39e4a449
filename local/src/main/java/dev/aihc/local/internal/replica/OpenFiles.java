package dev.aihc.local.internal.replica;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The engine's own file descriptors against its limit ({@code ulimit -n}): every replica started, every log read,
 * every client connection and every database connection takes some. The engine keeps a reserve so that it goes on
 * answering and recording: below it, no replica starts and CreateJob is refused, naming the limit, until jobs end.
 * Counted from {@code /proc/self/fd}, at most every 200 ms (a count lists the directory). Thread-safe.
 */
public final class OpenFiles {
  private static final long RECOUNT_NANOS = 200_000_000L;
  private static final Path FDS = Path.of("/proc/self/fd");

  private final long limit;
  private final long reserve;
  private volatile long countedAt = System.nanoTime() - 2 * RECOUNT_NANOS;
  private volatile long inUse;

  OpenFiles(long limit) {
    this.limit = limit;
    this.reserve = Math.max(16, limit / 8);
  }

  /** This process's descriptors, its soft limit read from {@code /proc/self/limits} (none known: no limit). */
  public static OpenFiles ofThisProcess() {
    return new OpenFiles(softLimit().orElse(Long.MAX_VALUE));
  }

  /**
   * Why nothing more should be started now, when the descriptors in use leave less than the reserve: how many are
   * in use, the limit, and what to do. Empty while there are enough.
   */
  public Optional<String> shortage() {
    if (limit == Long.MAX_VALUE) return Optional.empty();
    long used = inUse();
    if (limit - used >= reserve) return Optional.empty();
    return Optional.of("the local engine has " + used + " of its " + limit + " file descriptors in use (ulimit -n "
        + limit + ") and keeps " + reserve + " to go on answering and recording; it starts nothing more until jobs"
        + " end. Raise the limit (ulimit -n 65536 in the shell that runs ./aihc local start), or wait for jobs to"
        + " end");
  }

  /** The descriptors open now (recounted at most every 200 ms); the limit when they cannot even be listed. */
  private long inUse() {
    long now = System.nanoTime();
    if (now - countedAt < RECOUNT_NANOS) return inUse;
    long n = 0;
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS)) {
      for (Path ignored : fds) n++;
    } catch (IOException e) {
      n = limit; // listing needs a descriptor too: none left
    }
    inUse = n;
    countedAt = now;
    return n;
  }

  /** The limit as a message can say it. */
  public String describeLimit() {
    return limit == Long.MAX_VALUE ? "unlimited" : "ulimit -n " + limit;
  }

  private static Optional<Long> softLimit() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"), StandardCharsets.US_ASCII)) {
        if (line.startsWith("Max open files")) {
          String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
          return soft.equals("unlimited") ? Optional.empty() : Optional.of(Long.parseLong(soft));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux's /proc: no limit known
    }
    return Optional.empty();
  }
}
