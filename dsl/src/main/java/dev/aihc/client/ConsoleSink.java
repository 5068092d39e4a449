package dev.aihc.client;

import java.io.PrintStream;

/** The default sink: this product's one place that prints to the console. */
enum ConsoleSink implements OutputSink {
  INSTANCE;

  @Override
  public void log(String source, String line) {
    out().println("[" + source + "] " + line);
  }

  @Override
  public void progress(String message) {
    out().println(message);
  }

  // Looked up on each call: JShell and IJava swap System.out per evaluation.
  private static PrintStream out() {
    return System.out;
  }
}
