package dev.aihc.internal.shell;

/**
 * Hands a value from a script snippet to the program that runs it. Snippets run in this JVM with this
 * class visible through their class loader's parent, so a static slot is the whole mechanism.
 */
public final class Handoff {
  private static Object value;

  private Handoff() {}

  /** Called by a snippet: hands {@code v} over. */
  public static synchronized void put(Object v) {
    value = v;
  }

  static synchronized Object take() {
    Object v = value;
    value = null;
    return v;
  }

  static synchronized void clear() {
    value = null;
  }
}
