package dev.aihc.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a blocking client call on its own thread, so a test can interrupt it and then see what it
 * threw, what it returned, and whether the thread's interrupt flag was still set afterwards.
 */
public final class CallOnThread {
  private final Thread thread;
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile Object result;
  private volatile Throwable failure;
  private volatile boolean interruptedAfter;

  private CallOnThread(Callable<?> call) {
    this.thread = new Thread(() -> {
      try {
        result = call.call();
      } catch (Throwable t) {
        failure = t;
      } finally {
        interruptedAfter = Thread.currentThread().isInterrupted();
        done.countDown();
      }
    }, "client-call");
    thread.setDaemon(true);
  }

  public static CallOnThread start(Callable<?> call) {
    CallOnThread c = new CallOnThread(call);
    c.thread.start();
    return c;
  }

  /**
   * Starts {@code call} and returns once {@code fake} has received its first {@code action} and {@code settle} has
   * passed after that, so that the call is inside that request (or the wait after it) when the test acts.
   */
  static CallOnThread startedInto(FakeAihc fake, String action, Duration settle, Callable<?> call)
      throws InterruptedException {
    CallOnThread c = start(call);
    while (fake.received(action).isEmpty()) Thread.sleep(5);
    Thread.sleep(settle.toMillis());
    return c;
  }

  /**
   * Interrupts the call and checks what someone interrupting a cell relies on: it ends within a second, with
   * AihcInterruptedException, and leaves the thread's interrupt flag set. Returns that exception.
   */
  AihcInterruptedException interruptExpectingPromptEnd() throws InterruptedException {
    long start = System.nanoTime();
    thread.interrupt();
    join(Duration.ofSeconds(3));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    assertThat(failure).isInstanceOf(AihcInterruptedException.class);
    assertThat(interruptedAfter).as("the interrupt flag after the call").isTrue();
    return (AihcInterruptedException) failure;
  }

  public Thread thread() {
    return thread;
  }

  /** Waits for the call to end; fails the test if it does not within {@code limit}. */
  public void join(Duration limit) throws InterruptedException {
    assertThat(done.await(limit.toMillis(), TimeUnit.MILLISECONDS))
        .as("the call ended within %s", limit).isTrue();
  }

  Object result() {
    return result;
  }

  public Throwable failure() {
    return failure;
  }

  /** Whether the interrupt flag was set when the call returned or threw. */
  public boolean interruptedAfter() {
    return interruptedAfter;
  }
}
