package dev.aihc.local.internal.store;

import dev.aihc.internal.local.PrivateFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import org.sqlite.SQLiteConfig;

/**
 * The jobs, pods and events in one SQLite file, in WAL mode with synchronous NORMAL: a committed
 * transaction is in the WAL file (in the OS's cache) when commit returns, so it survives a SIGKILL of
 * the engine, which is the promise. A power cut may lose the last transactions; FULL would prevent that
 * at one fsync (about 3 ms here) per commit, which caps the engine at a few hundred CreateJobs a second.
 *
 * <p>Writes go through {@link #write} on one connection that only the engine loop thread uses, as
 * {@code BEGIN IMMEDIATE} transactions, so there is never a second writer to wait for. Reads go
 * through {@link #read} on pooled connections of their own, each a consistent snapshot that WAL lets
 * run beside the writer. The schema version lives in {@code PRAGMA user_version}.
 */
public final class JobStore implements AutoCloseable {
  private static final int BUSY_TIMEOUT_MS = 5_000;
  private static final int MAX_IDLE_READERS = 4;
  private static final System.Logger LOG = System.getLogger(JobStore.class.getName());

  /** A unit of work over the store's SQL. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Db db) throws SQLException;
  }

  private final String url;
  private final Connection writer;
  /** The writer's prepared statements, kept across transactions (preparing costs about as much as running one). */
  private final Map<String, PreparedStatement> writerStatements = new HashMap<>();
  private final BlockingQueue<Reader> idleReaders = new ArrayBlockingQueue<>(MAX_IDLE_READERS);
  private volatile boolean closed;
  /** Told about the events of each committed write; set once at start. */
  private volatile Consumer<List<EventRow>> onCommit = events -> {};

  private JobStore(String url, Connection writer) {
    this.url = url;
    this.writer = writer;
  }

  /**
   * Opens (creating when needed) the database at {@code file}.
   *
   * @throws IllegalStateException when the file holds a newer schema or cannot be opened
   */
  public static JobStore open(Path file) {
    String url = "jdbc:sqlite:" + file.toAbsolutePath();
    try {
      // SQLite gives its -wal and -shm files the database file's mode: made 0600 here, all three are private
      PrivateFiles.file(file);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot create the local engine's database " + file + ": " + e.getMessage(), e);
    }
    try {
      Connection writer = connect(url, SQLiteConfig.TransactionMode.IMMEDIATE);
      JobStore store = new JobStore(url, writer);
      store.migrate(file);
      return store;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the local engine's database " + file + ": " + e.getMessage(), e);
    }
  }

  private static Connection connect(String url, SQLiteConfig.TransactionMode mode) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    config.enforceForeignKeys(true);
    config.setTransactionMode(mode);
    config.setGetGeneratedKeys(false); // no insert reads its row id back; each would cost a query
    return DriverManager.getConnection(url, config.toProperties());
  }

  /**
   * Brings the database to {@link Db#SCHEMA_VERSION}: a new file gets every step, an older home the
   * steps it has not seen, all in one transaction (SQLite's DDL is transactional, so a failed upgrade
   * leaves the old schema as it was). A newer database is refused: this engine would misread it.
   */
  private void migrate(Path file) throws SQLException {
    write(db -> {
      int version;
      try (Statement s = writer.createStatement(); ResultSet r = s.executeQuery("PRAGMA user_version")) {
        version = r.next() ? r.getInt(1) : 0;
      }
      if (version > Schema.VERSION) {
        throw new IllegalStateException("the database " + file + " has schema version " + version
            + " but this engine knows versions up to " + Schema.VERSION
            + ": a newer aihc-local wrote it. Use that newer aihc-local, or another home directory");
      }
      if (version == Schema.VERSION) return null;
      try (Statement s = writer.createStatement()) {
        for (int step = version; step < Schema.VERSION; step++) {
          for (String sql : Schema.MIGRATIONS.get(step).split(";")) {
            if (!sql.isBlank()) s.execute(sql);
          }
        }
        s.execute("PRAGMA user_version = " + Schema.VERSION);
      }
      if (version > 0) {
        LOG.log(System.Logger.Level.INFO, "upgraded " + file + " from schema version " + version + " to "
            + Schema.VERSION);
      }
      return null;
    });
  }

  /**
   * Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction on the writer connection and commits
   * it; rolls back when it throws. Call it from the engine loop thread only.
   *
   * <p>The transaction is begun, committed and rolled back by statements of its own, not through JDBC's
   * auto-commit switch: SQLite rolls a transaction back by itself on some errors (a full disk,
   * {@code SQLITE_FULL}, out of memory), and sqlite-jdbc's commit and rollback, which then find none, threw
   * "cannot commit - no transaction is active" over the error that said what happened. Here the first
   * error is the one thrown, and a rollback that finds no transaction is not an error.
   *
   * @throws SQLException what went wrong first (a full disk: SQLITE_FULL)
   */
  public <T> T write(Work<T> work) throws SQLException {
    checkOpen();
    Db db = new Db(writer, writerStatements, true);
    T result;
    execute("BEGIN IMMEDIATE");
    try {
      result = work.run(db);
      execute("COMMIT");
    } catch (SQLException | RuntimeException e) {
      rollbackAfter(e);
      throw e;
    }
    if (!db.inserted().isEmpty()) onCommit.accept(List.copyOf(db.inserted()));
    return result;
  }

  /** Runs {@code sql} on the writer, prepared anew: sqlite-jdbc closes a kept statement whose run failed. */
  private void execute(String sql) throws SQLException {
    try (Statement s = writer.createStatement()) {
      s.execute(sql);
    }
  }

  /** Ends the failed transaction, unless SQLite already rolled it back itself; {@code cause} stays the error. */
  private void rollbackAfter(Exception cause) {
    try {
      execute("ROLLBACK");
    } catch (SQLException e) {
      if (!String.valueOf(e.getMessage()).contains("no transaction is active")) cause.addSuppressed(e);
    }
  }


  /**
   * Has {@code listener} told, on the writing thread right after each commit, which events that
   * write inserted. It must not throw, and should hand real work elsewhere.
   */
  public void onCommit(Consumer<List<EventRow>> listener) {
    this.onCommit = listener;
  }

  /** Runs {@code work} in one read transaction (a consistent snapshot); any thread. */
  public <T> T read(Work<T> work) throws SQLException {
    checkOpen();
    Reader reader = idleReaders.poll();
    if (reader == null) reader = new Reader(connect(url, SQLiteConfig.TransactionMode.DEFERRED), new HashMap<>());
    Connection c = reader.connection();
    boolean reusable = false;
    try {
      c.setAutoCommit(false);
      T result = work.run(new Db(c, reader.statements(), false));
      c.commit();
      c.setAutoCommit(true);
      reusable = true;
      return result;
    } finally {
      if (!reusable || closed || !idleReaders.offer(reader)) {
        closeQuietly(c); // with its statements
      }
    }
  }

  /**
   * Closes the reading connections kept idle for reuse (each holds two descriptors, the file and its WAL): the
   * engine runs short of descriptors. The next reads open what they need again.
   */
  public void closeIdleReaders() {
    Reader r;
    while ((r = idleReaders.poll()) != null) closeQuietly(r.connection());
  }

  /** A pooled reading connection and the statements prepared on it, which live as long as it does. */
  private record Reader(Connection connection, Map<String, PreparedStatement> statements) {}

  private void checkOpen() {
    if (closed) throw new IllegalStateException("the job store is closed");
  }

  @Override
  public void close() {
    closed = true;
    closeIdleReaders();
    for (PreparedStatement st : writerStatements.values()) {
      try {
        st.close();
      } catch (SQLException e) {
        // closing is best effort, as for the connection
      }
    }
    closeQuietly(writer);
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // closing is best effort: the data is already committed
    }
  }
}
