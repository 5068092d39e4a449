package dev.aihc.insight;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one task per replica on a few threads, the caller's among them: reading one replica's pages
 * overlaps scanning another's, on the service and in the client. Each task must touch only what is its
 * own. The first failure stops the tasks not yet started and is thrown once all have stopped; an
 * interrupt of the caller is passed to the other threads (their calls are cancelled) and stays set.
 */
final class InParallel {
  /** Threads at most, the caller's included: more would only queue on the service and the cores. */
  static final int THREADS = 4;

  private InParallel() {}

  static void run(List<Runnable> tasks) {
    if (tasks.size() <= 1) {
      tasks.forEach(Runnable::run);
      return;
    }
    AtomicInteger next = new AtomicInteger();
    Throwable[] failure = new Throwable[1];
    Runnable worker = () -> {
      for (int i; (i = next.getAndIncrement()) < tasks.size(); ) {
        try {
          tasks.get(i).run();
        } catch (RuntimeException | Error e) {
          next.set(tasks.size());
          synchronized (failure) {
            if (failure[0] == null) failure[0] = e;
          }
        }
      }
    };
    List<Thread> threads = new ArrayList<>();
    for (int t = 1; t < Math.min(THREADS, tasks.size()); t++) {
      Thread thread = new Thread(worker, "aihc-log-reader-" + t);
      thread.setDaemon(true);
      thread.start();
      threads.add(thread);
    }
    boolean interrupted = false;
    try {
      worker.run();
    } finally {
      for (Thread thread : threads) {
        while (thread.isAlive()) {
          if (Thread.currentThread().isInterrupted() || interrupted) {
            interrupted = true;
            Thread.interrupted();
            threads.forEach(Thread::interrupt);
          }
          try {
            thread.join();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      }
      if (interrupted) Thread.currentThread().interrupt();
    }
    synchronized (failure) {
      if (failure[0] instanceof RuntimeException e) throw e;
      if (failure[0] instanceof Error e) throw e;
    }
  }
}
