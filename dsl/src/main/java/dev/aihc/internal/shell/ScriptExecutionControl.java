package dev.aihc.internal.shell;

import java.util.Map;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs each snippet on the thread that called {@code eval}, in this JVM.
 *
 * <p>Why not JShell's own "local" engine: on Java 17 it replaces the JVM-wide default uncaught-exception
 * handler on every snippet, so a worker thread that dies of an exception does so silently; its stop
 * kills the snippet's threads with {@code ThreadGroup.stop}; and the stopped snippet then reports
 * VALID with no exception. Here interruption is cooperative ({@link Thread#interrupt}, as in IJava)
 * and remembered, so the runner can tell an interrupted snippet from a finished one.
 */
final class ScriptExecutionControl extends DirectExecutionControl {

  private final Object lock = new Object();
  private Thread userThread;
  private boolean interruptRequested;

  /** Provider to hand to {@code JShell.builder().executionEngine(provider, Map.of())}. */
  ExecutionControlProvider provider() {
    return new ExecutionControlProvider() {
      @Override
      public String name() {
        return "aihc-script";
      }

      @Override
      public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        return ScriptExecutionControl.this;
      }
    };
  }

  /**
   * Asks the running snippet to stop by interrupting it; if none is running, the next one is
   * interrupted as soon as it starts. Safe to call from any thread.
   */
  void interrupt() {
    synchronized (lock) {
      interruptRequested = true;
      if (userThread != null) {
        userThread.interrupt();
      }
    }
  }

  /** Whether {@link #interrupt()} was called. */
  boolean interruptRequested() {
    synchronized (lock) {
      return interruptRequested;
    }
  }

  @Override
  public void stop() {
    interrupt();
  }

  @Override
  protected void clientCodeEnter() {
    synchronized (lock) {
      userThread = Thread.currentThread();
      if (interruptRequested) {
        userThread.interrupt();
      }
    }
  }

  @Override
  protected void clientCodeLeave() {
    synchronized (lock) {
      userThread = null;
    }
    // The compiler runs on this thread next; an interrupt left pending would close its file channels.
    Thread.interrupted();
  }
}
