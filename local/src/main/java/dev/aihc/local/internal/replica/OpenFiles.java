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
 *
 * <p>What the engine holds besides its jobs is bounded and given back when descriptors run short: the database's
 * idle reading connections are closed then ({@code release}), the API closes each connection once answered while
 * they are getting short (so clients keep none idle) and holds at most {@link #connections()} at once. A running replica holds one (the
 * JDK's pipe to the child), a launch a few for a moment, a request one for its connection and, while it reads,
 * a database connection (two: the file and its WAL) and a log file.
 */
public final class OpenFiles {
  private static final long RECOUNT_NANOS = 200_000_000L;
  private static final Path FDS = Path.of("/proc/self/fd");

  /** The descriptors a replica's start may take at once. */
  static final int PER_START = 8;
  /** The API's connections at most (the engine's own bound when descriptors are plenty). */
  static final int MAX_CONNECTIONS = 256;

  private final long limit;
  private final long reserve;
  private final Runnable release;
  private volatile long countedAt = System.nanoTime() - 2 * RECOUNT_NANOS;
  private volatile long inUse;

  OpenFiles(long limit, Runnable release) {
    this.limit = limit;
    this.reserve = Math.max(16, limit / 8);
    this.release = release;
  }

  /**
   * This process's descriptors, its soft limit read from {@code /proc/self/limits} (none known: no limit);
   * {@code release} closes what the engine keeps open only to reuse (the database's idle readers), run when
   * descriptors run short.
   */
  public static OpenFiles ofThisProcess(Runnable release) {
    return new OpenFiles(softLimit().orElse(Long.MAX_VALUE), release);
  }

  /**
   * How many client connections the API may hold at once: a quarter of the limit (at least 16), at most
   * {@value #MAX_CONNECTIONS}. More are closed as they are accepted, so that clients cannot take the descriptors
   * replicas and the database need.
   */
  public int connections() {
    return (int) Math.min(MAX_CONNECTIONS, Math.max(16, limit / 4));
  }


  /**
   * Whether descriptors are getting short: fewer than twice the reserve left. Then nothing is kept open only to be
   * reused (a client's idle connection), so that what would be held idle is there for the next start.
   */
  public boolean scarce() {
    return limit != Long.MAX_VALUE && limit - inUse() < 2 * reserve;
  }

  /**
   * Why nothing more should be started now, when the descriptors in use leave less than the reserve: how many are
   * in use, the limit, and what to do. Empty while there are enough.
   */
  public Optional<String> shortage() {
    return shortage(0);
  }

  /**
   * {@link #shortage()} with {@code starting} replicas being started, which are not all in the count yet: each
   * takes up to {@value #PER_START} descriptors while it starts (the JDK's pipes to the child, its log file,
   * {@code /dev/null}) and keeps one while it runs.
   */
  public Optional<String> shortage(int starting) {
    if (limit == Long.MAX_VALUE) return Optional.empty();
    long promised = (long) starting * PER_START;
    long used = inUse() + promised;
    if (limit - used >= reserve) return Optional.empty();
    release.run();
    used = count() + promised;
    if (limit - used >= reserve) return Optional.empty();
    return Optional.of("the local engine has " + used + " of its " + limit + " file descriptors in use (ulimit -n "
        + limit + ") and keeps " + reserve + " to go on answering and recording; it starts nothing more until jobs"
        + " end. Raise the limit (ulimit -n 65536 in the shell that runs ./aihc local start), or wait for jobs to"
        + " end");
  }

  /** The descriptors open now (recounted at most every 200 ms); the limit when they cannot even be listed. */
  private long inUse() {
    if (System.nanoTime() - countedAt < RECOUNT_NANOS) return inUse;
    return count();
  }

  private long count() {
    long now = System.nanoTime();
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
