package dev.aihc.local;

import dev.aihc.client.Credentials;
import dev.aihc.local.internal.config.EngineOptions;
import dev.aihc.local.internal.storage.MinFree;
import dev.aihc.local.internal.config.EngineOptionsFile;
import dev.aihc.local.internal.engine.EngineSettings;
import dev.aihc.local.internal.replica.DatasourceMounts;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link LocalEngine} runs: its home directory (database, job directories, logs, the optional
 * {@code config.json}), its port, the credentials it accepts, the per-replica log cap, the stop grace
 * period, how long finished jobs are kept, its clock, how long a "minute" of job-stated time lasts
 * ({@code faultToleranceArgs}, {@code retentionPeriod}, {@code alertConfig.for}), whether launching is
 * paused, and where data sources come from, where alerts go and TensorBoard. The minute and the last
 * group can also come from {@code <home>/config.json} (see {@link EngineOptionsFile}); a value set here
 * wins over the file.
 *
 * <pre>{@code
 * LocalEngine engine = LocalEngine.start(LocalEngineConfig.of(Aihc.localHome()).port(8080));
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
  /** The default length of one minute of job-stated time ({@code faultToleranceArgs}, {@code retentionPeriod}, {@code alertConfig.for}): a minute. */
  public static final Duration DEFAULT_MINUTE = Duration.ofMinutes(1);

  private final Path home;
  private final int port;
  private final Credentials credentials; // null: read or create <home>/credentials
  private final long logCapBytes;
  private final Duration gracePeriod;
  private final Duration retention;
  private final Clock clock;
  private final boolean launchingPaused;
  private final EngineOptions options; // minute, data sources, alerts, TensorBoard
  private final List<Queue> queues; // empty: config.json's pools, else the machine's default queue

  private LocalEngineConfig(Path home, int port, Credentials credentials, long logCapBytes,
      Duration gracePeriod, Duration retention, Clock clock, boolean launchingPaused, EngineOptions options,
      List<Queue> queues) {
    this.queues = queues;
    this.home = home;
    this.port = port;
    this.credentials = credentials;
    this.logCapBytes = logCapBytes;
    this.gracePeriod = gracePeriod;
    this.retention = retention;
    this.clock = clock;
    this.launchingPaused = launchingPaused;
    this.options = options;
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
        DEFAULT_GRACE_PERIOD, DEFAULT_RETENTION, Clock.systemUTC(), false, EngineOptions.NONE, List.of());
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
    return new LocalEngineConfig(home, port, credentials, logCapBytes, gracePeriod, retention, clock, launchingPaused,
        options, queues);
  }

  /**
   * This config accepting requests signed with {@code credentials} only. Without this step the
   * engine reads them from profile {@code local} of {@code <home>/credentials}, creating that file
   * (mode 600, random keys) on first start.
   */
  public LocalEngineConfig credentials(Credentials credentials) {
    Objects.requireNonNull(credentials, "credentials");
    if (credentials.equals(this.credentials)) return this;
    return new LocalEngineConfig(home, port, credentials, logCapBytes, gracePeriod, retention, clock, launchingPaused,
        options, queues);
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
    return new LocalEngineConfig(home, port, credentials, bytes, gracePeriod, retention, clock, launchingPaused,
        options, queues);
  }

  /** This config waiting {@code grace} (&gt;= 0) between SIGTERM and SIGKILL when stopping replicas. */
  public LocalEngineConfig gracePeriod(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("gracePeriod must be >= 0 but was " + grace);
    }
    if (grace.equals(gracePeriod)) return this;
    return new LocalEngineConfig(home, port, credentials, logCapBytes, grace, retention, clock, launchingPaused, options, queues);
  }

  /**
   * This config keeping a finished job (Succeeded, Failed, Stopped) for {@code retention} after it
   * ended; then the engine deletes it with its logs, checking at start and periodically. Zero keeps
   * every job. A job that states its own {@code retentionPeriod} follows that instead (in
   * {@link #minute() minutes} of job-stated time), whether it is shorter or longer.
   */
  public LocalEngineConfig retention(Duration retention) {
    Objects.requireNonNull(retention, "retention");
    if (retention.isNegative()) {
      throw new IllegalArgumentException("retention must be >= 0 but was " + retention + ". Use Duration.ZERO to keep "
          + "every job");
    }
    if (retention.equals(this.retention)) return this;
    return new LocalEngineConfig(home, port, credentials, logCapBytes, gracePeriod, retention, clock, launchingPaused,
        options, queues);
  }

  /** This config telling time with {@code clock}: signature checks, job times, log time windows. */
  public LocalEngineConfig clock(Clock clock) {
    Objects.requireNonNull(clock, "clock");
    if (clock.equals(this.clock)) return this;
    return new LocalEngineConfig(home, port, credentials, logCapBytes, gracePeriod, retention, clock, launchingPaused,
        options, queues);
  }

  /**
   * This config keeping PFS instances under {@code root}: data source {@code pfs} named {@code pfs-1}
   * is the directory {@code root/pfs-1} (created on first use). Default {@code <home>/pfs}.
   */
  public LocalEngineConfig pfsRoot(Path root) {
    Objects.requireNonNull(root, "root");
    return withOptions(options.withPfsRoot(root.toAbsolutePath().normalize()));
  }

  /**
   * This config letting hostpath data sources mount only directories under {@code roots} (none: no
   * hostpath at all). Default {@code <home>/data} and {@code /tmp}: nothing a job mounts from this host
   * lies outside a place meant for scratch or job data unless the config says so.
   */
  public LocalEngineConfig hostPathRoots(List<Path> roots) {
    Objects.requireNonNull(roots, "roots");
    List<Path> absolute = new ArrayList<>();
    for (Path r : roots) absolute.add(Objects.requireNonNull(r, "root").toAbsolutePath().normalize());
    return withOptions(options.withHostPathRoots(absolute));
  }

  /**
   * This config serving data sources of {@code type} ({@code bos}, {@code cfs}, {@code rapidfs} or
   * {@code dataset}) from {@code dir}: {@code bos} sourcePath {@code bucket/prefix} is
   * {@code dir/bucket/prefix}, {@code cfs} and {@code rapidfs} are {@code dir/<name>/<sourcePath>}, a
   * dataset is {@code dir/<id>/<datasetVersion>}. Types without a directory are refused at CreateJob.
   */
  public LocalEngineConfig datasourceDirectory(String type, Path dir) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(dir, "dir");
    return withOptions(options.withDirectory(EngineOptions.checkMappedType(type), dir.toAbsolutePath().normalize()));
  }

  /**
   * This config POSTing every alert (alertConfig items as they happen) as JSON to {@code url}, which
   * must be on a loopback address; delivery is retried in the background until it succeeds or the engine
   * stops.
   */
  public LocalEngineConfig alertWebhook(URI url) {
    Objects.requireNonNull(url, "url");
    return withOptions(options.withAlertWebhook(EngineOptions.checkWebhook(url)));
  }

  /**
   * This config with one minute of the durations a job states lasting {@code minute} (&gt; 0): the
   * minutes of {@code faultToleranceArgs} ({@code --hang-detection-log-timeout-minutes=2} means two
   * seconds with {@code Duration.ofSeconds(1)}), {@code retentionPeriod} ({@code 1m}: removed a second
   * after the job ended) and {@code alertConfig.for}. For tests and demos; everything else, including
   * {@link #retention}, keeps real time. Setting the minute it already has changes nothing, so the
   * {@code minute} of {@code config.json} applies unless a different one is set here.
   */
  public LocalEngineConfig minute(Duration minute) {
    Objects.requireNonNull(minute, "minute");
    EngineOptions.checkMinute(minute);
    if (minute.equals(minute())) return this;
    return withOptions(options.withMinute(minute));
  }

  /**
   * This config with launching paused ({@code true}) in every queue: jobs are created and wait, and
   * none starts, so the API can be measured alone. A queue can also be paused in {@code config.json}.
   */
  public LocalEngineConfig launchingPaused(boolean paused) {
    if (paused == launchingPaused) return this;
    return new LocalEngineConfig(home, port, credentials, logCapBytes, gracePeriod, retention, clock, paused, options, queues);
  }

  /**
   * This config with a queue {@code name} of {@code cpu} cores and {@code memoryGb} GB (and this
   * machine's GPUs, or virtual ones for a rehearsal when it has none) in the engine's one pool, in place
   * of the pools of {@code config.json}; call again for more queues. The first queue also takes jobs
   * that name a queue the engine does not know, as the default queue does.
   *
   * <pre>{@code
   * LocalEngine.start(LocalEngineConfig.of(home).queue("default", 4, 8));   // 4 cores, 8 GB
   * }</pre>
   *
   * @throws IllegalArgumentException when a size is not positive or the name is blank or taken
   */
  public LocalEngineConfig queue(String name, double cpu, double memoryGb) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) throw new IllegalArgumentException("queue name must not be blank");
    if (!(cpu > 0)) throw new IllegalArgumentException("queue " + name + ": cpu must be > 0 but was " + cpu);
    if (!(memoryGb > 0)) {
      throw new IllegalArgumentException("queue " + name + ": memoryGb must be > 0 but was " + memoryGb);
    }
    if (queues.stream().anyMatch(q -> q.name().equals(name))) {
      throw new IllegalArgumentException("queue " + name + " is already set; give each queue its own name");
    }
    List<Queue> more = new ArrayList<>(queues);
    more.add(new Queue(name, cpu, memoryGb));
    return new LocalEngineConfig(home, port, credentials, logCapBytes, gracePeriod, retention, clock, launchingPaused,
        options, List.copyOf(more));
  }

  /** The queues set by {@link #queue(String, double, double)}, in order; empty when config.json decides. */
  public List<Queue> queues() {
    return queues;
  }

  /**
   * A queue of the engine's pool set in Java.
   *
   * @param name the queue name, the {@code queueID} of job actions
   * @param cpu CPU cores
   * @param memoryGb memory in GB
   */
  public record Queue(String name, double cpu, double memoryGb) {}

  /** This config starting TensorBoard with {@code command} (a name on PATH or a path). Default {@code tensorboard}. */
  public LocalEngineConfig tensorboardCommand(String command) {
    Objects.requireNonNull(command, "command");
    if (command.isBlank()) throw new IllegalArgumentException("tensorboardCommand must not be blank");
    return withOptions(options.withTensorboardCommand(command));
  }

  /** This config with {@code more} filling in what this one leaves unset (the config file's values). */
  LocalEngineConfig withDefaults(EngineOptions more) {
    return withOptions(options.over(more));
  }

  private LocalEngineConfig withOptions(EngineOptions next) {
    if (next.equals(options)) return this;
    return new LocalEngineConfig(home, port, credentials, logCapBytes, gracePeriod, retention, clock, launchingPaused,
        next, queues);
  }

  /** Where PFS instances live: {@link #pfsRoot(Path)}, else {@code <home>/pfs}. */
  public Path pfsRoot() {
    return options.pfsRoot() != null ? options.pfsRoot() : home.resolve("pfs");
  }

  /** The roots hostpath data sources may mount from: {@link #hostPathRoots(List)}, else {@code <home>/data} and {@code /tmp}. */
  public List<Path> hostPathRoots() {
    return options.hostPathRoots() != null ? options.hostPathRoots() : List.of(home.resolve("data"), Path.of("/tmp"));
  }

  /** The directory data sources of {@code type} are served from, when configured. */
  public Optional<Path> datasourceDirectory(String type) {
    return Optional.ofNullable(options.directories().get(type));
  }

  /** The alert webhook, when configured. */
  public Optional<URI> alertWebhook() {
    return Optional.ofNullable(options.alertWebhook());
  }

  /** How long one minute of job-stated time lasts; a minute unless set. */
  public Duration minute() {
    return options.minute() != null ? options.minute() : DEFAULT_MINUTE;
  }

  /** The TensorBoard command; {@code tensorboard} unless set. */
  public String tensorboardCommand() {
    return options.tensorboardCommand() != null ? options.tensorboardCommand() : "tensorboard";
  }

  /** The free space the engine keeps on its home's file system (config.json's storage.minFree). */
  MinFree minFree() {
    return options.minFree() != null ? options.minFree() : MinFree.DEFAULT;
  }

  /** What the engine needs to run jobs, defaults resolved. */
  EngineSettings settings() {
    return new EngineSettings(logCapBytes, clock, gracePeriod, retention, minute(), alertWebhook(), tensorboardCommand());
  }

  /** Where data sources come from, defaults resolved. */
  DatasourceMounts.Roots datasourceRoots() {
    return new DatasourceMounts.Roots(home, pfsRoot(), hostPathRoots(), options.directories());
  }

  EngineOptions options() {
    return options;
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

  /** Whether every queue holds its launching back. */
  public boolean isLaunchingPaused() {
    return launchingPaused;
  }

  /** {@code LocalEngineConfig{home=/home/ana/.aihc/local, port=0, logCapBytes=104857600, gracePeriod=PT10S}}; no secrets. */
  @Override
  public String toString() {
    return "LocalEngineConfig{home=" + home + ", port=" + port
        + (credentials == null ? "" : ", accessKeyId=" + credentials.accessKeyId())
        + ", logCapBytes=" + logCapBytes + ", gracePeriod=" + gracePeriod + ", retention=" + retention
        + (minute().equals(DEFAULT_MINUTE) ? "" : ", minute=" + minute()) + (launchingPaused ? ", launchingPaused" : "")
        + (queues.isEmpty() ? "" : ", queues=" + queues) + "}";
  }
}
