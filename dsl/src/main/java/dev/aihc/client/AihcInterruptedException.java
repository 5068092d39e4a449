package dev.aihc.client;

import dev.aihc.dsl.AihcException;

/**
 * The calling thread was interrupted (the notebook Stop button, Ctrl-C in JShell) while waiting; the
 * in-flight call was cancelled and the thread's interrupt flag is set again.
 */
public final class AihcInterruptedException extends AihcException {
  private static final long serialVersionUID = 1L;

  /** {@code what} was interrupted, such as {@code "DescribeJob"} or {@code "await"}. */
  public AihcInterruptedException(String what) {
    super(what + " was interrupted; nothing more was sent. The job itself keeps running: use run.stop() to stop it");
  }
}
