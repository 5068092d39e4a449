package dev.aihc.internal.local;

import dev.aihc.dsl.AihcException;
import dev.aihc.dsl.DurationText;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Starts a home's engine as a background process and stops it. The engine runs detached from whoever
 * started it ({@code setsid}, stdin from /dev/null, output appended to {@code engine.log}), so its jobs
 * outlive a JShell, a notebook kernel or a terminal. Starting is serialised by {@code start.lock} in
 * the home: of two clients starting at once, the second finds the first one's engine.
 */
public final class EngineDaemon {
  /** How long a start waits for the engine to answer. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  /** How long a stop waits: the engine first stops its jobs (SIGTERM, SIGKILL after their grace period). */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(50);
  /** engine.log is rotated (one old copy kept) when a start finds it larger than this, and by the engine while it runs. */
  public static final long MAX_LOG_BYTES = 10L * 1024 * 1024;
  private static final int TAIL_LINES = 20;
  /** start.lock is a per-process lock; threads of one JVM queue here first. */
  private static final ReentrantLock IN_THIS_JVM = new ReentrantLock();

  private EngineDaemon() {}

  /**
   * How to start an engine.
   *
   * @param port its port; 0 for the home's last one when free, else any
   * @param retention how long it keeps finished jobs; null for its default (30 days)
   * @param timeout how long to wait for it to answer
   */
  public record Options(int port, Duration retention, Duration timeout) {
    /** The defaults: the home's port, the engine's retention, {@link #START_TIMEOUT}. */
    public static final Options DEFAULT = new Options(0, null, START_TIMEOUT);

    /** Checks the values. */
    public Options {
      if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535 but was " + port);
      Objects.requireNonNull(timeout, "timeout");
    }
  }

  /**
   * The outcome of {@link #ensureRunning}.
   *
   * @param endpoint the running engine
   * @param started whether this call started it (else it was running)
   */
  public record Start(Endpoint endpoint, boolean started) {}

  /**
   * The engine of {@code home}, started in the background when none answers; {@code progress} hears
   * what happens ("starting the local engine in ~/.aihc/local…").
   *
   * @param classPath the engine's class path, asked only when an engine must be started
   * @throws AihcException when it does not come up in time, with the end of engine.log
   */
  public static Start ensureRunning(LocalHome home, Options options, Supplier<List<Path>> classPath,
      Consumer<String> progress) {
    Optional<String> unsafe = HomeOwnership.problem(home.root());
    if (unsafe.isPresent()) throw new AihcException(unsafe.get());
    Optional<Endpoint> running = home.running();
    if (running.isPresent()) return new Start(running.get(), false);
    long deadline = System.nanoTime() + options.timeout().toNanos();
    try {
      PrivateFiles.directories(home.root());
    } catch (IOException e) {
      throw new AihcException("cannot create the local engine's home " + home.root() + ": " + e.getMessage(), e);
    }
    try (StartLock lock = StartLock.acquire(home, deadline)) {
      running = home.running(); // started by whoever held the lock before us
      if (running.isPresent()) return new Start(running.get(), false);
      progress.accept("starting the local engine in " + home.display() + "…");
      long begin = System.nanoTime();
      Process engine = spawn(home, options, classPath.get());
      Endpoint up = awaitAnswer(home, engine, deadline, options.timeout());
      progress.accept(String.format("local engine ready at %s (pid %d, %.1f s)", up.url(), up.pid(),
          (System.nanoTime() - begin) / 1e9));
      return new Start(up, true);
    }
  }

  /**
   * The engine JVM's options. A small, mostly idle server: the serial collector and a capped heap keep
   * its footprint down (without a cap the JVM lets the heap grow toward a quarter of the machine's
   * memory). Only the client compiler (C1): the engine's time goes to SQLite, sockets and the kernel,
   * and C2 kept recompiling its request path long after start, which cost more CPU than the code it
   * made saved. Measured with {@code ./aihc bench --only create}: CPU per CreateJob 0.61-0.65 ms with C1
   * alone against 0.98-1.01 ms with both, at a higher rate (BENCHMARKS.md). A common fork-join pool of
   * two threads at least: {@code Process.onExit()} completes through it, and where it would have one thread
   * (two cores or fewer) the JDK starts a new thread for every replica that ends instead.
   */
  public static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1",
      "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2");

  private static Process spawn(LocalHome home, Options options, List<Path> classPath) {
    String setsid = onPath("setsid").orElseThrow(() -> new AihcException("cannot start the local engine: setsid is "
        + "not on PATH. The local engine runs on Linux only; install util-linux"));
    List<String> command = new ArrayList<>(List.of(setsid,
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(JVM_OPTIONS);
    command.addAll(List.of("-cp", classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
        EngineClassPath.MAIN_CLASS, "--home", home.root().toString()));
    if (options.port() != 0) command.addAll(List.of("--port", Integer.toString(options.port())));
    if (options.retention() != null) command.addAll(List.of("--retention", DurationText.format(options.retention())));
    rotateLog(home);
    try {
      PrivateFiles.file(home.log()); // the redirect below would create it with the umask's mode
    } catch (IOException e) {
      throw new AihcException("cannot create " + home.log() + ": " + e.getMessage(), e);
    }
    ProcessBuilder pb = new ProcessBuilder(command)
        .directory(home.root().toFile()) // not the caller's directory, which may go away
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(home.log().toFile()));
    // Not the caller's whole environment (its cloud keys, JAVA_TOOL_OPTIONS, LD_PRELOAD): the basics, and
    // the engine's own settings (AIHC_LOCAL_RETENTION).
    pb.environment().keySet().removeIf(name -> !CleanEnvironment.kept(name) && !name.startsWith("AIHC_LOCAL_"));
    try {
      return pb.start();
    } catch (IOException e) {
      throw new AihcException("cannot start the local engine (" + String.join(" ", command.subList(0, 2)) + "): "
          + e.getMessage(), e);
    }
  }

  private static Endpoint awaitAnswer(LocalHome home, Process engine, long deadline, Duration timeout) {
    while (true) {
      Optional<Endpoint> up = home.running();
      if (up.isPresent()) return up.get();
      // An engine started outside start.lock (by hand) may hold the home and still be starting: ours
      // then exits saying so, and the wait goes on for that one.
      if (!engine.isAlive() && !home.logTail(3).contains("another local engine")) {
        throw new AihcException("the local engine stopped right after starting (exit code " + engine.exitValue()
            + "). The end of " + home.log() + ":\n" + home.logTail(TAIL_LINES));
      }
      if (System.nanoTime() - deadline > 0) {
        engine.destroyForcibly();
        throw new AihcException("the local engine did not answer within " + timeout.toSeconds() + " s, so it was "
            + "stopped. The end of " + home.log() + ":\n" + home.logTail(TAIL_LINES));
      }
      sleep(POLL, "waiting for the local engine to start (it goes on starting in the background)");
    }
  }

  /**
   * Stops the engine of {@code home} (SIGTERM: it stops its jobs, then exits) and waits for it.
   *
   * @return false when no engine was running
   * @throws AihcException when it is still there after {@code timeout}
   */
  public static boolean stop(LocalHome home, Duration timeout) {
    Optional<Endpoint> endpoint = home.endpoint();
    Optional<ProcessHandle> process = endpoint.flatMap(e -> ProcessHandle.of(e.pid())).filter(ProcessHandle::isAlive);
    if (process.isEmpty() || !(endpoint.get().answers() || isEngine(process.get()))) return false;
    if (process.get().pid() == ProcessHandle.current().pid()) {
      throw new IllegalStateException("the local engine of " + home.root() + " runs in this JVM; close its "
          + "LocalEngine instead");
    }
    process.get().destroy();
    try {
      process.get().onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      throw new AihcException("the local engine (pid " + process.get().pid() + ") is still stopping after "
          + timeout.toSeconds() + " s. See " + home.log() + "; kill -9 " + process.get().pid() + " ends it (its jobs "
          + "then keep running until an engine starts again)", e);
    } catch (ExecutionException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AihcException("interrupted while waiting for the local engine to stop; it goes on stopping", e);
    }
  }

  private static boolean isEngine(ProcessHandle process) {
    return process.info().commandLine().map(c -> c.contains(EngineClassPath.MAIN_CLASS)).orElse(false);
  }

  private static void rotateLog(LocalHome home) {
    try {
      if (Files.size(home.log()) > MAX_LOG_BYTES) {
        Files.move(home.log(), home.log().resolveSibling("engine.log.1"), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      // no log yet, or it cannot move: appending to it is fine
    }
  }

  static Optional<String> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) return Optional.empty();
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate.toString());
    }
    return Optional.empty();
  }

  private static void sleep(Duration d, String what) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AihcException("interrupted while " + what, e);
    }
  }

  /** {@code start.lock}, held across processes and threads while one of them starts the engine. */
  private static final class StartLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private StartLock(FileChannel channel, FileLock lock) {
      this.channel = channel;
      this.lock = lock;
    }

    static StartLock acquire(LocalHome home, long deadline) {
      String what = "waiting for another client that is starting the local engine in " + home.display();
      try {
        if (!IN_THIS_JVM.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          throw new AihcException("timed out " + what);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AihcException("interrupted while " + what, e);
      }
      FileChannel channel = null;
      try {
        channel = FileChannel.open(home.startLock(), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
            PrivateFiles.FILE);
        while (true) {
          FileLock lock = channel.tryLock();
          if (lock != null) return new StartLock(channel, lock);
          if (System.nanoTime() - deadline > 0) throw new AihcException("timed out " + what);
          sleep(POLL, what);
        }
      } catch (IOException | RuntimeException e) {
        closeQuietly(channel);
        IN_THIS_JVM.unlock();
        if (e instanceof RuntimeException r) throw r;
        throw new AihcException("cannot lock " + home.startLock() + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      try {
        lock.release();
      } catch (IOException e) {
        // closing the channel releases it too
      }
      closeQuietly(channel);
      IN_THIS_JVM.unlock();
    }

    private static void closeQuietly(FileChannel channel) {
      try {
        if (channel != null) channel.close();
      } catch (IOException e) {
        // nothing held any more
      }
    }
  }
}
