package dev.aihc.local.internal.core;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The engine's one state thread, plus a timer that only hands work to it. Every job state change and
 * every SQLite write runs on the loop thread, in order, so there is one writer and no locking; HTTP
 * threads {@link #call} into it and wait (bounded), process-exit callbacks and timers {@link #post}.
 */
public final class EngineLoop implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EngineLoop.class.getName());
  /** How long a caller (an HTTP request) waits for the loop before it is told the engine is busy. */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final ExecutorService loop = Executors.newSingleThreadExecutor(daemon("aihc-local-engine"));
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(daemon("aihc-local-timer"));

  /** A task for the loop; it may throw (SQL, I/O). */
  @FunctionalInterface
  public interface Task<T> {
    T run() throws Exception;
  }

  /**
   * Runs {@code task} on the loop and returns its result. An {@link EngineException} passes through; a
   * loop that is busy for too long or shut down throws one of kind BUSY or CLOSING.
   */
  public <T> T call(Task<T> task) {
    Future<T> f;
    try {
      f = loop.submit((Callable<T>) task::run);
    } catch (RejectedExecutionException e) {
      throw EngineException.closing();
    }
    return await(f);
  }

  /**
   * Waits (bounded) for work handed to the loop and returns its result, as {@link #call} does: an
   * {@link EngineException} passes through, a loop that is busy for too long throws one of kind BUSY.
   */
  public <T> T await(Future<T> f) {
    try {
      return f.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) throw r;
      if (cause instanceof Error err) throw err;
      throw new IllegalStateException("the engine failed: " + cause, cause);
    } catch (TimeoutException e) {
      throw new EngineException(EngineException.Kind.BUSY,
          "the local engine was busy for " + CALL_TIMEOUT.toSeconds() + " s; try again");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException(EngineException.Kind.BUSY, "interrupted while waiting for the local engine");
    }
  }

  /**
   * Queues {@code task} on the loop; a failure is logged, never lost silently, and never kills the loop.
   * False when the loop is shutting down and will not run it.
   */
  public boolean post(Task<?> task) {
    try {
      loop.execute(() -> {
        try {
          task.run();
        } catch (Exception | StackOverflowError e) {
          LOG.log(System.Logger.Level.ERROR, "local engine task failed", e);
        }
      });
      return true;
    } catch (RejectedExecutionException e) {
      return false; // shutting down: close() settles the remaining state itself
    }
  }

  /** Posts {@code task} to the loop after {@code delay}. */
  public void postLater(Duration delay, Task<?> task) {
    try {
      timer.schedule(() -> post(task), delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // shutting down
    }
  }

  /** Posts {@code task} to the loop every {@code period}. */
  public void postEvery(Duration period, Task<?> task) {
    timer.scheduleWithFixedDelay(() -> post(task), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops the timer, lets the loop finish what is queued (bounded), then stops it. */
  @Override
  public void close() {
    timer.shutdownNow();
    loop.shutdown();
    try {
      if (!loop.awaitTermination(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) loop.shutdownNow();
    } catch (InterruptedException e) {
      loop.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  public static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
