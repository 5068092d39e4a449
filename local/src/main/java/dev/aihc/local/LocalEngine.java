package dev.aihc.local;

import dev.aihc.client.Credentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * AIHC on this machine: serves the v2 job actions on {@code http://127.0.0.1:<port>/} and runs each
 * replica of a job as a process group on this Linux host, with jobs kept in SQLite under the home
 * directory. Any AIHC client works against {@link #url()} with {@link #credentials()}.
 *
 * <pre>{@code
 * try (LocalEngine engine = LocalEngine.start(LocalEngineConfig.of(Path.of("/tmp/aihc")))) {
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
  private final LocalEngineConfig config;
  private final Credentials credentials;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final JobStore store;
  private final Supervisor supervisor;
  private final ApiServer server;
  private final URI url;
  private boolean closed;

  private LocalEngine(LocalEngineConfig config, Credentials credentials, FileChannel lockChannel, FileLock lock,
      JobStore store, Supervisor supervisor, ApiServer server) {
    this.config = config;
    this.credentials = credentials;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.store = store;
    this.supervisor = supervisor;
    this.server = server;
    this.url = URI.create("http://127.0.0.1:" + server.port() + "/");
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
    try {
      config = config.withDefaults(EngineOptionsFile.read(config.home())); // set in code wins over the file
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("cannot start the local engine: " + e.getMessage(), e);
    }
    Home home = new Home(config.home());
    FileChannel lockChannel = null;
    FileLock lock = null;
    JobStore store = null;
    Supervisor supervisor = null;
    ApiServer server = null;
    try {
      Files.createDirectories(home.jobs());
      lockChannel = FileChannel.open(home.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      lock = tryLock(lockChannel, home);
      Credentials credentials = config.credentials().isPresent() ? config.credentials().get()
          : LocalCredentials.loadOrCreate(home.credentials());
      store = JobStore.open(home.database());
      supervisor = new Supervisor(store, home, config.logCapBytes(), config.clock(), config.gracePeriod(), config);
      // Bind first: a taken port must fail before the jobs of an earlier engine are touched.
      server = ApiServer.bind(config.port(), credentials, config.clock(),
          new JobActions(supervisor, Platform.nodeName()).routes());
      supervisor.start(); // settles what an earlier engine left, before the first request is answered
      server.start();
      LocalEngine engine = new LocalEngine(config, credentials, lockChannel, lock, store, supervisor, server);
      writeEndpoint(home, engine);
      return engine;
    } catch (IOException | RuntimeException e) {
      // A failed start leaves running replicas alone: the next engine on this home follows them.
      if (server != null) server.close();
      if (supervisor != null) supervisor.abandon();
      if (store != null) store.close();
      release(lock, lockChannel);
      if (e instanceof java.net.BindException) {
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
   * Writes {@code <home>/endpoint.json} ({@code url}, {@code pid}, {@code accessKeyId}; no secret)
   * atomically, so that a client of this home ({@code Aihc.local(home)}) finds the engine and finds it
   * again after a restart on another port.
   */
  private static void writeEndpoint(Home home, LocalEngine engine) throws IOException {
    byte[] json = dev.aihc.client.Wire.mapper().writeValueAsBytes(dev.aihc.client.Wire.mapper().createObjectNode()
        .put("url", engine.url().toString())
        .put("pid", ProcessHandle.current().pid())
        .put("accessKeyId", engine.credentials().accessKeyId()));
    Path tmp = home.endpoint().resolveSibling("endpoint.json.tmp");
    Files.write(tmp, json);
    Files.move(tmp, home.endpoint(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static FileLock tryLock(FileChannel channel, Home home) throws IOException {
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // this JVM holds it already
    }
    if (lock == null) {
      throw new IllegalStateException("another local engine is using " + home.root()
          + ". Close it first, or start this one with another home directory");
    }
    return lock;
  }

  /** The base URL, {@code http://127.0.0.1:<port>/}. */
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
   * they read Stopped), and releases the home. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    server.close();
    supervisor.close();
    store.close();
    release(lock, lockChannel);
  }

  private static void release(FileLock lock, FileChannel channel) {
    try {
      if (lock != null) lock.release();
      if (channel != null) channel.close();
    } catch (IOException e) {
      // the lock goes with the process anyway
    }
  }

  /** {@code LocalEngine{url=http://127.0.0.1:PORT/, home=/tmp/aihc}}. */
  @Override
  public String toString() {
    return "LocalEngine{url=" + url + ", home=" + config.home() + "}";
  }
}
