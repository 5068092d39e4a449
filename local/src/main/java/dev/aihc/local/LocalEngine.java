package dev.aihc.local;

import dev.aihc.internal.local.HomeOwnership;
import dev.aihc.internal.local.PrivateFiles;
import dev.aihc.Aihc;
import dev.aihc.client.AihcClient;
import dev.aihc.client.Credentials;
import dev.aihc.local.internal.api.ApiServer;
import dev.aihc.local.internal.api.JobActions;
import dev.aihc.local.internal.replica.OpenFiles;
import dev.aihc.local.internal.storage.HomeSpace;
import dev.aihc.local.internal.config.EndpointFile;
import dev.aihc.local.internal.config.ConfigFile;
import dev.aihc.local.internal.config.EngineOptionsFile;
import dev.aihc.local.internal.config.Home;
import dev.aihc.local.internal.config.LocalCredentials;
import dev.aihc.local.internal.replica.DatasourceMounts;
import dev.aihc.local.internal.replica.Platform;
import dev.aihc.local.internal.sched.HostResources;
import dev.aihc.local.internal.sched.SchedulingConfig;
import dev.aihc.local.internal.store.JobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * AIHC on this machine: serves the v2 job actions (and DescribeQueues/DescribeQueue) on
 * {@code http://127.0.0.1:<port>/}, schedules jobs into the pools and queues of
 * {@code <home>/config.json} (default: this machine's cores, memory and GPUs) by priority, gang-wise,
 * restarts them as their fault tolerance says, and runs each replica of a job as a process group on
 * this Linux host, with jobs kept in SQLite under the home directory. Any AIHC client works against {@link #url()} with {@link #credentials()}.
 *
 * <pre>{@code
 * try (LocalEngine engine = LocalEngine.start(LocalEngineConfig.of(Aihc.localHome()))) {
 *   // point the client at engine.url(), signing with engine.credentials()
 * }
 * }</pre>
 *
 * Every job the engine acknowledged is committed before the answer leaves. Replicas outlive a killed
 * engine; the next engine on the same home follows them again. {@link #close()} stops every job.
 *
 * <p>This class is thread-safe.
 */
public final class LocalEngine implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(LocalEngine.class.getName());
  /**
   * Homes an engine of this JVM holds. Checked before the lock file is opened at all: on Linux, closing
   * any descriptor of a file drops every lock this process holds on it.
   */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final LocalEngineConfig config;
  private final Credentials credentials;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final JobStore store;
  private final EngineParts parts;
  private final ApiServer server;
  private final URI url;
  private boolean closed;

  private LocalEngine(LocalEngineConfig config, Credentials credentials, FileChannel lockChannel, FileLock lock,
      JobStore store, EngineParts parts, ApiServer server) {
    this.config = config;
    this.credentials = credentials;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.store = store;
    this.parts = parts;
    this.server = server;
    this.url = URI.create("http://127.0.0.1:" + server.port());
  }

  /**
   * Starts an engine: takes the home directory (one engine per home), opens its database, settles
   * the jobs an earlier engine left, and starts serving.
   *
   * @throws UnsupportedOperationException when not on Linux
   * @throws IllegalStateException when another engine uses the home, the port is taken, or
   *     {@code <home>/config.json} is wrong
   * @throws UncheckedIOException when the home cannot be created or read
   */
  public static LocalEngine start(LocalEngineConfig config) {
    Objects.requireNonNull(config, "config");
    Platform.requireLinux();
    Optional<String> unsafe = HomeOwnership.problem(config.home());
    if (unsafe.isPresent()) throw new IllegalStateException("cannot start the local engine: " + unsafe.get());
    Home home = new Home(config.home());
    ConfigFile file;
    try {
      file = home.config();
      config = config.withDefaults(EngineOptionsFile.read(file)); // set in code wins over the file
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("cannot start the local engine: " + e.getMessage(), e);
    }
    FileChannel lockChannel = null;
    FileLock lock = null;
    JobStore store = null;
    EngineParts parts = null;
    ApiServer server = null;
    boolean held = false;
    try {
      boolean adopted = Files.isDirectory(home.root());
      PrivateFiles.directories(home.jobs());
      if (adopted) tighten(home.root());
      if (!HELD.add(home.root())) {
        throw new IllegalStateException("another local engine in this JVM is using " + home.root()
            + ". Close it first, or start this one with another home directory");
      }
      held = true;
      lockChannel = FileChannel.open(home.lock(), java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
          PrivateFiles.FILE);
      lock = tryLock(lockChannel, home);
      // The pid, for the message of the next engine that finds the home taken.
      lockChannel.truncate(0).write(ByteBuffer.wrap(
          (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
      Credentials credentials = config.credentials().isPresent() ? config.credentials().get()
          : LocalCredentials.loadOrCreate(home.credentials());
      SchedulingConfig scheduling;
      try {
        scheduling = config.queues().isEmpty()
            ? SchedulingConfig.load(file, HostResources.detect(), config.isLaunchingPaused())
            : SchedulingConfig.ofQueues(HostResources.detect(), config.queues().stream()
                .map(q -> new SchedulingConfig.QueueSize(q.name(), q.cpu(), q.memoryGb())).toList(),
                config.isLaunchingPaused());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("cannot start the local engine: " + e.getMessage(), e);
      }
      store = JobStore.open(home.database());
      OpenFiles openFiles = OpenFiles.ofThisProcess(store::closeIdleReaders);
      parts = new EngineParts(store, home, config.settings(),
          new DatasourceMounts(config.datasourceRoots(), Platform.onPath("bwrap")), scheduling,
          new HomeSpace(home.root(), config.minFree()), openFiles);
      // Bind first: a taken port must fail before the jobs of an earlier engine are touched.
      server = bind(config, home, credentials, parts.routes(), openFiles);
      parts.start(); // settles what an earlier engine left, before the first request is answered
      server.start();
      LocalEngine engine = new LocalEngine(config, credentials, lockChannel, lock, store, parts, server);
      EndpointFile.write(home, engine.url(), server.port());
      return engine;
    } catch (IOException | RuntimeException e) {
      // A failed start leaves running replicas alone: the next engine on this home follows them.
      if (server != null) server.close();
      if (parts != null) parts.abandon();
      if (store != null) store.close();
      release(lock, lockChannel);
      if (held) HELD.remove(home.root());
      if (e instanceof BindException) {
        throw new IllegalStateException("cannot listen on 127.0.0.1:" + config.port() + " (" + e.getMessage()
            + "). Choose another port, or 0 for any free port", e);
      }
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot start the local engine in " + config.home() + ": " + e.getMessage(), io);
      }
      throw (RuntimeException) e;
    }
  }

  /**
   * The configured port; for port 0 the one this home's last engine had, when it is free, so that URLs
   * people noted (and clients that do not re-read endpoint.json) keep working; else any free port.
   */
  private static ApiServer bind(LocalEngineConfig config, Home home, Credentials credentials,
      Map<String, JobActions.Action> routes, OpenFiles openFiles) throws IOException {
    ApiServer.Connections connections = new ApiServer.Connections(openFiles.connections(), openFiles::scarce);
    if (config.port() == 0) {
      Optional<Integer> last = EndpointFile.lastPort(home);
      if (last.isPresent()) {
        try {
          return ApiServer.bind(last.get(), credentials, config.clock(), routes, connections);
        } catch (BindException e) {
          // taken meanwhile: any free port will do, endpoint.json tells clients which
        }
      }
    }
    return ApiServer.bind(config.port(), credentials, config.clock(), routes, connections);
  }

  private static FileLock tryLock(FileChannel channel, Home home) throws IOException {
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // not expected past HELD; refused all the same
    }
    if (lock == null) {
      throw new IllegalStateException("another local engine" + holder(home) + " is using " + home.root()
          + ". Close it first, or start this one with another home directory");
    }
    return lock;
  }

  /** " (pid N)" as the lock file of another process names it, else "". */
  private static String holder(Home home) {
    // Read only when another process holds the lock: closing a descriptor of the lock file would drop
    // this process's own lock on it.
    try {
      String pid = Files.readString(home.lock(), StandardCharsets.US_ASCII).trim();
      return pid.matches("[0-9]{1,18}") ? " (pid " + pid + ")" : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** The base URL, {@code http://127.0.0.1:<port>} (no trailing slash). */
  public URI url() {
    return url;
  }

  /** The port it listens on. */
  public int port() {
    return url.getPort();
  }

  /** The credentials requests must be signed with. */
  public Credentials credentials() {
    return credentials;
  }

  /**
   * A client of this engine: its URL and credentials, the local pool and the first queue (the one set
   * first by {@link LocalEngineConfig#queue}, else {@code default}).
   */
  public AihcClient client() {
    String queue = config.queues().isEmpty() ? Aihc.LOCAL_QUEUE : config.queues().get(0).name();
    return AihcClient.builder().endpoint(url.toString()).credentials(credentials).pool(Aihc.LOCAL_POOL).queue(queue)
        .description("local engine in " + config.home()).build();
  }

  /** The home directory. */
  public Path home() {
    return config.home();
  }

  /** The config it was started with. */
  public LocalEngineConfig config() {
    return config;
  }

  /**
   * Stops serving, stops every job that has not ended (SIGTERM, SIGKILL after the grace period;
   * they read Stopped), removes {@code endpoint.json} and releases the home. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    EndpointFile.removeIfOurs(new Home(config.home()), url);
    server.close();
    parts.close();
    store.close();
    release(lock, lockChannel);
    HELD.remove(config.home());
  }

  private static void release(FileLock lock, FileChannel channel) {
    try {
      if (lock != null) lock.release();
      if (channel != null) channel.close();
    } catch (IOException e) {
      // the lock goes with the process anyway
    }
  }

  /** {@code LocalEngine{url=http://127.0.0.1:PORT, home=/home/ana/.aihc/local}}. */
  @Override
  public String toString() {
    return "LocalEngine{url=" + url + ", home=" + config.home() + "}";
  }

  /** A home made before homes were private, or by hand: owner-only from now on, said once (the next start finds nothing). */
  private static void tighten(Path root) throws IOException {
    int changed = PrivateFiles.tighten(root);
    if (changed > 0) {
      LOG.log(System.Logger.Level.WARNING, "made " + changed + (changed == 1 ? " file or directory" : " files and directories")
          + " in " + root + " readable by their owner only (directories 0700, files 0600): a home holds job logs, "
          + "the database and the keys");
    }
  }
}
