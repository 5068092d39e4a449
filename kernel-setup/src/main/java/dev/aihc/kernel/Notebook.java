package dev.aihc.kernel;

import dev.aihc.client.OutputSink;

/**
 * The notebook side of aihc-dsl, switched on by the startup script {@code aihc.jsh}:
 *
 * <pre>{@code
 * OutputSink notebookSink = Notebook.installIfIJava();   // aihc.jsh does this reflectively
 * var aihc = AihcClient.builder()...sink(notebookSink).build();
 * }</pre>
 *
 * Inside an IJava kernel it registers HTML views of jobs, runs, problems, job lists, diffs and request
 * previews with the kernel's renderer (once per kernel, however often it is called) and returns a sink
 * that shows {@code follow()} and {@code await()} as blocks redrawn in place. Anywhere else (plain
 * JShell, {@code ./aihc run}, tests) it does nothing and returns the console sink.
 *
 * <p>This class names no IJava type, so it loads where IJava is absent.
 */
public final class Notebook {
  static final String IJAVA = "io.github.spencerpark.ijava.IJava";

  private Notebook() {}

  /**
   * In a running IJava kernel: registers the renderers unless already registered and returns the
   * notebook sink; otherwise returns {@link OutputSink#console()}.
   *
   * @throws IllegalStateException when IJava is present but not a version this module was built for
   */
  public static OutputSink installIfIJava() {
    Object kernel = runningKernel();
    return kernel == null ? OutputSink.console() : IJavaSupport.install(kernel);
  }

  /** Whether this code runs inside an IJava kernel. */
  public static boolean isIJava() {
    return runningKernel() != null;
  }

  /** IJava's kernel instance, or null outside IJava (no IJava class, or no kernel started). */
  private static Object runningKernel() {
    Class<?> ijava;
    try {
      ijava = Class.forName(IJAVA, true, Notebook.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      return null; // plain JShell or a test: nothing to install
    }
    try {
      return ijava.getMethod("getKernelInstance").invoke(null);
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException("IJava is on the class path but IJava.getKernelInstance() failed; "
          + "aihc-kernel is built for IJava 1.3.x. Reinstall the kernel with ./aihc kernel install", e);
    }
  }
}
