package dev.aihc.local;

import dev.aihc.internal.local.EngineDaemon;
import dev.aihc.internal.local.LocalHome;
import dev.aihc.dsl.DurationText;
import dev.aihc.local.internal.config.EngineOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link LocalEngine} as its own process:
 *
 * <pre>
 * java -cp ... dev.aihc.local.LocalEngineMain --home DIR [--port N] [--log-cap BYTES] [--grace SECONDS]
 *     [--retention 30d] [--minute DURATION] [--pause-launching]
 * </pre>
 *
 * Prints the engine's URL as the first line of standard output, then where its credentials are and
 * when it started, and serves until it gets SIGINT or SIGTERM (which stop every job, as
 * {@link LocalEngine#close()} does). A SIGKILL leaves the replicas running for the next engine on the
 * same home to follow. {@code --retention} (default {@code AIHC_LOCAL_RETENTION}, else 30 days; 0
 * keeps every job) is how long finished jobs are kept (a job's own {@code retentionPeriod} replaces it).
 * {@code --minute 1s} makes every minute a job states ({@code faultToleranceArgs}, {@code retentionPeriod},
 * {@code alertConfig.for}; also {@code "minute"} in {@code <home>/config.json}) last a second (tests, demos; the
 * durations all options and config.json read, {@code 500ms}, {@code 1s}, {@code 2m}); {@code --pause-launching} holds every queue's launching back, so jobs
 * are created and wait (to measure the API alone).
 */
public final class LocalEngineMain {
  private static final String USAGE = "usage: LocalEngineMain --home DIR [--port N] [--log-cap BYTES] [--grace SECONDS]"
      + " [--retention 30d] [--minute DURATION] [--pause-launching]";

  private static final String LOG_FORMAT = "java.util.logging.SimpleFormatter.format";

  private LocalEngineMain() {}

  /** Parses the arguments, starts the engine and blocks; exits with 2 on bad arguments, 1 when it cannot start. */
  public static void main(String[] args) throws InterruptedException {
    // One line a record (the JDK's default takes two), unless whoever started the JVM chose a format.
    if (System.getProperty(LOG_FORMAT) == null) System.setProperty(LOG_FORMAT, "%1$tF %1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
    LocalEngineConfig config;
    try {
      config = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("aihc-local: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    rotateOutputWhenLogging(new LocalHome(config.home()).log());
    LocalEngine engine;
    try {
      engine = LocalEngine.start(config);
    } catch (RuntimeException e) {
      System.err.println("aihc-local: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println(Instant.now() + " stopping: every job that has not ended is stopped");
      engine.close();
      System.out.println(Instant.now() + " stopped");
      System.out.flush();
      stopped.countDown();
    }, "aihc-local-shutdown"));
    System.out.println(engine.url());
    System.out.println("credentials: " + (config.credentials().isPresent() ? "as configured"
        : "profile [" + LocalHome.PROFILE + "] of " + new LocalHome(config.home()).credentials()));
    System.out.println(Instant.now() + " started: pid " + ProcessHandle.current().pid() + ", home " + config.home()
        + ", finished jobs kept " + (config.retention().isZero() ? "for ever" : DurationText.format(config.retention())));
    System.out.flush();
    stopped.await();
  }

  /**
   * When this process's standard output is {@code log} (a background start's redirect), its output and
   * errors from now on go to {@code log} rotated at {@link EngineDaemon#MAX_LOG_BYTES}; otherwise nothing
   * changes.
   */
  private static void rotateOutputWhenLogging(Path log) {
    try {
      Path stdout = Files.readSymbolicLink(Path.of("/proc/self/fd/1"));
      if (!Files.exists(log) || !stdout.equals(log.toRealPath())) return;
      PrintStream rotated = new PrintStream(new EngineLogFile(log, EngineDaemon.MAX_LOG_BYTES), true,
          StandardCharsets.UTF_8);
      System.setOut(rotated);
      System.setErr(rotated);
    } catch (IOException | UnsupportedOperationException e) {
      // not Linux, or no such descriptor: the output stays where it was sent
    }
  }

  static LocalEngineConfig parse(String[] args) {
    Path home = null;
    Integer port = null;
    Long cap = null;
    Duration grace = null;
    String retention = System.getenv("AIHC_LOCAL_RETENTION");
    Duration minute = null;
    boolean paused = false;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--pause-launching")) {
        paused = true;
        continue;
      }
      if (i + 1 >= args.length) throw new IllegalArgumentException(flag + " needs a value");
      String value = args[++i];
      try {
        switch (flag) {
          case "--home" -> home = Path.of(value);
          case "--port" -> port = Integer.parseInt(value);
          case "--log-cap" -> cap = Long.parseLong(value);
          case "--grace" -> grace = Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
          case "--retention" -> retention = value;
          case "--minute" -> minute = minute(value);
          default -> throw new IllegalArgumentException("unknown option " + flag);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(flag + " must be a number but was '" + value + "'");
      }
    }
    if (home == null) throw new IllegalArgumentException("--home DIR is required");
    LocalEngineConfig config = LocalEngineConfig.of(home);
    if (port != null) config = config.port(port);
    if (cap != null) config = config.logCapBytes(cap);
    if (grace != null) config = config.gracePeriod(grace);
    if (retention != null && !retention.isBlank()) config = config.retention(DurationText.parse(retention).toDuration());
    if (minute != null) config = config.minute(minute);
    return config.launchingPaused(paused);
  }

  /** The engine's time scale as {@link DurationText} reads it ({@code 500ms}, {@code 1s}), as config.json's. */
  static Duration minute(String text) {
    Duration minute;
    try {
      minute = DurationText.parse(text).toDuration();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--minute: " + e.getMessage(), e);
    }
    return EngineOptions.checkMinute(minute);
  }

}
