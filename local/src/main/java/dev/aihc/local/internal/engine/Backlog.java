package dev.aihc.local.internal.engine;

import dev.aihc.local.internal.core.EngineLoop;
import dev.aihc.local.internal.storage.HomeSpace;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * The state changes the engine could not write for want of room (a replica's end and what it means for its
 * job), kept in order and written as soon as they can be: retried after 1 s, then at most every 10 s, and at
 * once when the file system has room again ({@link #retryNow}). A change that comes while older ones wait goes
 * behind them, so a job's changes are written in the order they happened. None is dropped for want of room;
 * if the engine stops before there is room, the next engine's {@link Recovery} reads the replicas' ends from
 * their exit and pid files. Confined to the engine loop thread.
 */
public final class Backlog {
  private static final System.Logger LOG = System.getLogger(Backlog.class.getName());
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration MAX_RETRY = Duration.ofSeconds(10);

  private final EngineLoop loop;
  private final ArrayDeque<Change> waiting = new ArrayDeque<>();
  private Duration delay = FIRST_RETRY;
  private boolean retryPosted;

  /** A change to write: a transaction and what follows it. */
  @FunctionalInterface
  interface Write {
    void run() throws SQLException;
  }

  private record Change(String what, Write write) {}

  public Backlog(EngineLoop loop) {
    this.loop = loop;
  }

  /**
   * Runs {@code write} now, or keeps it when it fails for want of room (or older changes still wait). Any
   * other failure is thrown as before.
   *
   * @param what the change, for the log ("the end of replica x of job y")
   */
  void write(String what, Write write) throws SQLException {
    if (!waiting.isEmpty()) {
      waiting.add(new Change(what, write));
      return;
    }
    try {
      write.run();
    } catch (SQLException | RuntimeException e) {
      if (!HomeSpace.isOutOfSpace(e)) throw e;
      LOG.log(System.Logger.Level.WARNING, "cannot write " + what + " now: the engine home's file system is full."
          + " It is kept and written once there is room");
      waiting.add(new Change(what, write));
      retryLater();
    }
  }

  /** How many changes wait to be written. */
  int size() {
    return waiting.size();
  }

  /** Writes what waits now (the file system has room again). */
  public void retryNow() {
    delay = FIRST_RETRY;
    retry();
  }

  private void retryLater() {
    if (retryPosted) return;
    retryPosted = true;
    loop.postLater(delay, () -> {
      retryPosted = false;
      retry();
      return null;
    });
    delay = delay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay.multipliedBy(2);
  }

  private void retry() {
    int written = 0;
    while (!waiting.isEmpty()) {
      Change c = waiting.peek();
      try {
        c.write().run();
      } catch (SQLException | RuntimeException e) {
        if (HomeSpace.isOutOfSpace(e)) {
          retryLater();
          return;
        }
        LOG.log(System.Logger.Level.ERROR, "cannot write " + c.what(), e); // as any failed loop task is
      }
      waiting.poll();
      written++;
    }
    delay = FIRST_RETRY;
    if (written > 0) {
      LOG.log(System.Logger.Level.INFO, "wrote the " + written + (written == 1 ? " state change" : " state changes")
          + " kept while the engine home's file system was full");
    }
  }
}
