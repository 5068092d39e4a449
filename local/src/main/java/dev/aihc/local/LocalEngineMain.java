package dev.aihc.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link LocalEngine} as its own process:
 *
 * <pre>
 * java -cp ... dev.aihc.local.LocalEngineMain --home DIR [--port N] [--log-cap BYTES] [--grace SECONDS]
 * </pre>
 *
 * Prints the engine's URL as the first line of standard output, then where its credentials are, and
 * serves until it gets SIGINT or SIGTERM (which stop every job, as {@link LocalEngine#close()} does).
 * A SIGKILL leaves the replicas running for the next engine on the same home to follow.
 */
public final class LocalEngineMain {
  private LocalEngineMain() {}

  /** Parses the arguments, starts the engine and blocks; exits with 2 on bad arguments, 1 when it cannot start. */
  public static void main(String[] args) throws InterruptedException {
    LocalEngineConfig config;
    try {
      config = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("aihc-local: " + e.getMessage());
      System.err.println("usage: LocalEngineMain --home DIR [--port N] [--log-cap BYTES] [--grace SECONDS]");
      System.exit(2);
      return;
    }
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
      engine.close();
      stopped.countDown();
    }, "aihc-local-shutdown"));
    System.out.println(engine.url());
    System.out.println("credentials: " + (config.credentials().isPresent() ? "as configured"
        : "profile [" + LocalCredentials.PROFILE + "] of " + new Home(config.home()).credentials()));
    System.out.flush();
    stopped.await();
  }

  static LocalEngineConfig parse(String[] args) {
    Path home = null;
    Integer port = null;
    Long cap = null;
    Duration grace = null;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) throw new IllegalArgumentException(flag + " needs a value");
      String value = args[++i];
      try {
        switch (flag) {
          case "--home" -> home = Path.of(value);
          case "--port" -> port = Integer.parseInt(value);
          case "--log-cap" -> cap = Long.parseLong(value);
          case "--grace" -> grace = Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
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
    return config;
  }
}
