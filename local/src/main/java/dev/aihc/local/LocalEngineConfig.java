package dev.aihc.local;

import dev.aihc.client.Credentials;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link LocalEngine} runs: its home directory (database, job directories, logs, the optional
 * {@code config.json} of pools and queues), its port, the credentials it accepts, the per-replica log
 * cap, the stop grace period, how long finished jobs are kept, its clock, how long a "minute" of
 * {@code faultToleranceArgs} lasts, and whether launching is paused.
 *
 * <pre>{@code
 * LocalEngine engine = LocalEngine.start(LocalEngineConfig.of(Path.of("/tmp/aihc")).port(8080));
 * }</pre>
 *
 * Each step returns a copy: this instance is immutable and unaffected, and a step that changes
 * nothing returns {@code this}.
 *
 * @implSpec This class is immutable and thread-safe.
 */
public final class LocalEngineConfig {
  /** The default cap of one replica's log file: 100 MiB. */
  public static final long DEFAULT_LOG_CAP_BYTES = 100L * 1024 * 1024;
  /** The default time between SIGTERM and SIGKILL when a job is stopped: 10 seconds. */
  public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(10);
  /** The default time a finished job is kept before the engine deletes it with its logs: 30 days. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
  /** The default length of one minute of {@code faultToleranceArgs}: a minute. */
  public static final Duration DEFAULT_MINUTE = Duration.ofMinutes(1);

  private final Path home;
  private final int port;
  private final Credentials credentials; // null: read or create <home>/credentials
  private final long logCapBytes;
  private final Duration gracePeriod;
  private final Duration retention;
  private final Clock clock;
  private final Duration minute;
  private final boolean launchingPaused;

  private LocalEngineConfig(Path home, int port, Credentials credentials, long logCapBytes,
      Duration gracePeriod, Duration retention, Clock clock, Duration minute, boolean launchingPaused) {
    this.home = home;
    this.port = port;
    this.credentials = credentials;
    this.logCapBytes = logCapBytes;
    this.gracePeriod = gracePeriod;
    this.retention = retention;
    this.clock = clock;
    this.minute = minute;
    this.launchingPaused = launchingPaused;
  }

  /**
   * The defaults for an engine whose state lives under {@code home} (created when missing): the port
   * it had last time when free, else any free port; credentials from {@code <home>/credentials};
   * 100 MiB log cap; 10 s grace; finished jobs kept 30 days; the UTC system clock; minutes of a
   * minute; launching on.
   */
  public static LocalEngineConfig of(Path home) {
    Objects.requireNonNull(home, "home");
    return new LocalEngineConfig(home.toAbsolutePath().normalize(), 0, null, DEFAULT_LOG_CAP_BYTES,
        DEFAULT_GRACE_PERIOD, DEFAULT_RETENTION, Clock.systemUTC(), DEFAULT_MINUTE, false);
  }

  /**
   * This config on TCP port {@code port} of 127.0.0.1. 0 (the default) takes the port the last engine
   * of this home had when it is free, else any free port; clients find it in {@code endpoint.json}.
   */
  public LocalEngineConfig port(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535 but was " + port + ". Use 0 for any free port");
    }
    if (port == this.port) return this;
    return new LocalEngineConfig(home, port, credentials, logCapBytes, gracePeriod, retention, clock, minute, launchingPaused);
  }

  /**
   * This config accepting requests signed with {@code credentials} only. Without this step the
   * engine reads them from profile {@code local} of {@code <home>/credentials}, creating that file
   * (mode 600, random keys) on first start.
   */
  public LocalEngineConfig credentials(Credentials credentials) {
    Objects.requireNonNull(credentials, "credentials");
    if (credentials.equals(this.credentials)) return this;
    return new LocalEngineConfig(home, port, credentials, logCapBytes, gracePeriod, retention, clock, minute, launchingPaused);
  }

  /**
   * This config with each replica's log capped at {@code bytes} (&gt;= 1024): output beyond it is
   * dropped and one line says so.
   */
  public LocalEngineConfig logCapBytes(long bytes) {
    if (bytes < 1024) {
      throw new IllegalArgumentException("logCapBytes must be >= 1024 but was " + bytes);
    }
    if (bytes == logCapBytes) return this;
    return new LocalEngineConfig(home, port, credentials, bytes, gracePeriod, retention, clock, minute, launchingPaused);
  }

  /** This config waiting {@code grace} (&gt;= 0) between SIGTERM and SIGKILL when stopping replicas. */
  public LocalEngineConfig gracePeriod(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("gracePeriod must be >= 0 but was " + grace);
    }
    if (grace.equals(gracePeriod)) return this;
    return new LocalEngineConfig(home, port, credentials, logCapBytes, grace, retention, clock, minute, launchingPaused);
  }

  /**
   * This config keeping a finished job (Succeeded, Failed, Stopped) for {@code retention} after it
   * ended; then the engine deletes it with its logs, checking at start and periodically. Zero keeps
   * every job.
   */
  public LocalEngineConfig retention(Duration retention) {
    Objects.requireNonNull(retention, "retention");
    if (retention.isNegative()) {
      throw new IllegalArgumentException("retention must be >= 0 but was " + retention + ". Use Duration.ZERO to keep "
          + "every job");
    }
    if (retention.equals(this.retention)) return this;
    return new LocalEngineConfig(home, port, credentials, logCapBytes, gracePeriod, retention, clock, minute,
        launchingPaused);
  }

  /** This config telling time with {@code clock}: signature checks, job times, log time windows. */
  public LocalEngineConfig clock(Clock clock) {
    Objects.requireNonNull(clock, "clock");
    if (clock.equals(this.clock)) return this;
    return new LocalEngineConfig(home, port, credentials, logCapBytes, gracePeriod, retention, clock, minute, launchingPaused);
  }

  /**
   * This config with one minute of {@code faultToleranceArgs} lasting {@code minute} (&gt; 0): with
   * {@code Duration.ofSeconds(1)}, {@code --hang-detection-log-timeout-minutes=2} means two seconds.
   * For tests and demos of fault tolerance; everything else keeps real time.
   */
  public LocalEngineConfig minute(Duration minute) {
    Objects.requireNonNull(minute, "minute");
    if (minute.isNegative() || minute.isZero()) {
      throw new IllegalArgumentException("minute must be > 0 but was " + minute + ". Use Duration.ofSeconds(1) to "
          + "make the minutes of faultToleranceArgs seconds");
    }
    if (minute.equals(this.minute)) return this;
    return new LocalEngineConfig(home, port, credentials, logCapBytes, gracePeriod, retention, clock, minute, launchingPaused);
  }

  /**
   * This config with launching paused ({@code true}) in every queue: jobs are created and wait, and
   * none starts, so the API can be measured alone. A queue can also be paused in {@code config.json}.
   */
  public LocalEngineConfig launchingPaused(boolean paused) {
    if (paused == launchingPaused) return this;
    return new LocalEngineConfig(home, port, credentials, logCapBytes, gracePeriod, retention, clock, minute, paused);
  }

  /** The home directory, absolute. */
  public Path home() {
    return home;
  }

  /** The port; 0 means any free port. */
  public int port() {
    return port;
  }

  /** The accepted credentials, when given; empty means the home's credentials file. */
  public Optional<Credentials> credentials() {
    return Optional.ofNullable(credentials);
  }

  /** The per-replica log cap in bytes. */
  public long logCapBytes() {
    return logCapBytes;
  }

  /** The time between SIGTERM and SIGKILL. */
  public Duration gracePeriod() {
    return gracePeriod;
  }

  /** The clock. */
  public Clock clock() {
    return clock;
  }

  /** How long a finished job is kept; zero keeps every job. */
  public Duration retention() {
    return retention;
  }

  /** How long one minute of {@code faultToleranceArgs} lasts. */
  public Duration minute() {
    return minute;
  }

  /** Whether every queue holds its launching back. */
  public boolean isLaunchingPaused() {
    return launchingPaused;
  }

  /** {@code LocalEngineConfig{home=/tmp/aihc, port=0, logCapBytes=104857600, gracePeriod=PT10S}}; no secrets. */
  @Override
  public String toString() {
    return "LocalEngineConfig{home=" + home + ", port=" + port
        + (credentials == null ? "" : ", accessKeyId=" + credentials.accessKeyId())
        + ", logCapBytes=" + logCapBytes + ", gracePeriod=" + gracePeriod + ", retention=" + retention
        + (minute.equals(DEFAULT_MINUTE) ? "" : ", minute=" + minute) + (launchingPaused ? ", launchingPaused" : "")
        + "}";
  }
}
