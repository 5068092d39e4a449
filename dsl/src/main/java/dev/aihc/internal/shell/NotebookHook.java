package dev.aihc.internal.shell;

import dev.aihc.client.OutputSink;
import java.lang.reflect.InvocationTargetException;

/**
 * The one line of {@code aihc.jsh} that switches on the notebook views (and our Javadoc in JShell's
 * documentation, wherever the script runs): calls
 * {@code dev.aihc.kernel.Notebook.installIfIJava()} when the aihc-kernel jar is on the class path, by
 * name, so that this jar never depends on it. Here rather than inline in the script because every
 * startup statement is compiled before a notebook's first cell runs, and one call compiles faster than
 * a try with its catches.
 */
public final class NotebookHook {
  static final String NOTEBOOK = "dev.aihc.kernel.Notebook";

  private NotebookHook() {}

  /**
   * The notebook sink inside an IJava kernel with aihc-kernel present (which also registers its HTML
   * views there); the console sink anywhere else. In either, JShell's documentation then shows our
   * Javadoc ({@link JavadocSources}).
   *
   * @throws IllegalStateException when aihc-kernel is present but cannot install itself
   */
  public static OutputSink install() {
    JavadocSources.install();
    Class<?> notebook;
    try {
      notebook = Class.forName(NOTEBOOK, true, NotebookHook.class.getClassLoader());
    } catch (ClassNotFoundException noKernelJar) {
      return OutputSink.console();
    }
    try {
      return (OutputSink) notebook.getMethod("installIfIJava").invoke(null);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw new IllegalStateException(NOTEBOOK + ".installIfIJava() failed", e.getCause());
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(NOTEBOOK + " does not match this aihc-dsl; rebuild and reinstall the kernel "
          + "(./aihc kernel install)", e);
    }
  }
}
