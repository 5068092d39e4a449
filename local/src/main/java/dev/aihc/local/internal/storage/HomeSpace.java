package dev.aihc.local.internal.storage;

import dev.aihc.local.internal.core.EngineException;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The room on the file system of the engine home, against the floor the engine keeps free ({@link MinFree}).
 * Below the floor the engine takes no new work that writes (CreateJob and the like are refused with an
 * {@link EngineException} of kind INSUFFICIENT_STORAGE, waiting jobs are not started) but goes on reading, and it writes one warning
 * when the file system crosses the floor and one when it is back above it. Thread-safe.
 */
public final class HomeSpace {
  private static final System.Logger LOG = System.getLogger(HomeSpace.class.getName());
  /** SQLite's primary result code for a write that found no room (https://www.sqlite.org/rescode.html#full). */
  private static final int SQLITE_FULL = 13;
  /** What to do about it. */
  private static final String FREE_SPACE = "Free space there (./aihc local prune --older-than 1d deletes the jobs"
      + " that ended over a day ago, with their logs)";

  private final Path root;
  private final MinFree minFree;
  private boolean low; // guarded by this
  private volatile FileStore store;

  /** The room of the file system {@code root} is on, with the floor {@code minFree}. */
  public HomeSpace(Path root, MinFree minFree) {
    this.root = root;
    this.minFree = minFree;
  }

  /**
   * The file system's room when it was read.
   *
   * @param free bytes an unprivileged writer may still use
   * @param total the file system's size
   * @param floor the free bytes the engine keeps
   */
  public record Reading(long free, long total, long floor) {
    /** Whether the file system is below the floor. */
    public boolean low() {
      return free < floor;
    }
  }

  /** Reads the file system's room now (two statvfs calls); one with nothing known reads as not low. */
  public Reading read() {
    try {
      FileStore store = this.store;
      if (store == null) {
        store = Files.getFileStore(root); // finds the mount in /proc/mounts: once, not per request
        this.store = store;
      }
      long total = store.getTotalSpace();
      return new Reading(store.getUsableSpace(), total, minFree.of(total));
    } catch (IOException e) {
      return new Reading(Long.MAX_VALUE, Long.MAX_VALUE, 0);
    }
  }

  /**
   * Reads the room and, when the file system just crossed the floor either way, writes the one warning
   * (or the one notice of recovery) about it.
   *
   * @return the reading
   */
  public Reading check() {
    Reading r = read();
    boolean crossed;
    synchronized (this) {
      crossed = r.low() != low;
      low = r.low();
    }
    if (crossed && r.low()) {
      LOG.log(System.Logger.Level.WARNING, "the file system of the engine home " + root + " has " + size(r.free())
          + " free, below the " + size(r.floor()) + " the engine keeps free (storage.minFree in config.json is "
          + minFree + "): new jobs and other writes are refused and waiting jobs wait until there is room."
          + " " + FREE_SPACE);
    } else if (crossed) {
      LOG.log(System.Logger.Level.INFO, "the file system of the engine home " + root + " has " + size(r.free())
          + " free again (the floor is " + size(r.floor()) + "): the engine takes new work again");
    }
    return r;
  }

  /** Whether the file system was below the floor at the last {@link #check}. */
  public synchronized boolean wasLow() {
    return low;
  }

  /**
   * What the engine answers to {@code what} (e.g. "CreateJob") while the file system is below the floor:
   * where, what is free, what is needed and what to do.
   */
  public EngineException refusal(String what, Reading r) {
    return new EngineException(EngineException.Kind.INSUFFICIENT_STORAGE, shortage(what, r));
  }

  /** Why {@code what} cannot be done now: see {@link #refusal}. */
  public String shortage(String what, Reading r) {
    return what + " needs room on the engine home's file system: " + root + " has " + size(r.free()) + " free of "
        + size(r.total()) + ", and the engine keeps at least " + size(r.floor()) + " free (storage.minFree in "
        + "config.json: " + minFree + "). " + FREE_SPACE + ", then try again";
  }

  /** What the engine answers when {@code what} failed writing for want of room (see {@link #isOutOfSpace}). */
  public EngineException failedWrite(String what) {
    Reading r = check();
    return new EngineException(EngineException.Kind.INSUFFICIENT_STORAGE, what + " could not be written: the engine home's file system is full (" + root + " has " + size(r.free())
        + " free of " + size(r.total()) + "; the engine keeps at least " + size(r.floor()) + " free). Nothing of it"
        + " was kept. " + FREE_SPACE + ", then try again");
  }

  /**
   * Whether {@code e} (or what caused it) is a write that failed for want of room: SQLite's {@code SQLITE_FULL}
   * (by its result code, which sqlite-jdbc keeps as the error code, the primary code in the low byte), or a file
   * write that failed with "No space left on device" ({@code ENOSPC}) or "Disk quota exceeded".
   */
  public static boolean isOutOfSpace(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && (s.getErrorCode() & 0xff) == SQLITE_FULL) return true;
      if (t instanceof IOException io) {
        String m = t instanceof FileSystemException fs ? fs.getReason() : io.getMessage();
        if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) return true;
      }
    }
    return false;
  }

  /** {@code bytes} for people: {@code 1.5 MB}. */
  public static String size(long bytes) {
    if (bytes < 1024) return bytes + " B";
    if (bytes < 1024L * 1024) return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    if (bytes < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    return String.format(Locale.ROOT, "%.1f GB", bytes / (1024.0 * 1024 * 1024));
  }
}
