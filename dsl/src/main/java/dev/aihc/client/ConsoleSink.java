package dev.aihc.client;

import dev.aihc.insight.Progress;
import dev.aihc.wire.JobItem;
import dev.aihc.internal.text.ControlChars;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The default sink: this product's one place that prints to the console. A progress bar is one status
 * line, redrawn in place ({@code \r}) at most once a second and cleared before the next log line, so
 * lines and the bar never mix and no line is printed per update. What jobs wrote is shown with its
 * control characters escaped ({@link ControlChars}): a log line cannot retitle or clear the terminal.
 */
enum ConsoleSink implements OutputSink {
  INSTANCE;

  private static final long REDRAW_NANOS = Duration.ofSeconds(1).toNanos();
  /** The width of the bar line on screen; 0 when none is shown. */
  private int shownWidth;
  private long drawnAt;
  private Progress pending;

  @Override
  public synchronized void log(String source, String line) {
    clearBar();
    out().println(ControlChars.escape("[" + source + "] " + line));
  }

  @Override
  public synchronized void progress(String message) {
    clearBar();
    out().println(ControlChars.escape(message));
  }

  @Override
  public synchronized void start(String jobName, String jobId) {
    pending = null;
    shownWidth = 0;
    drawnAt = 0;
  }

  @Override
  public synchronized void progressBar(Progress progress) {
    pending = progress;
    long now = System.nanoTime();
    if (shownWidth == 0 && drawnAt != 0 && now - drawnAt < REDRAW_NANOS) return;
    if (shownWidth > 0 && now - drawnAt < REDRAW_NANOS) return;
    draw(now);
  }

  @Override
  public synchronized void polled(JobItem job, Duration elapsed) {
    if (!job.status().isTerminal() || pending == null) return;
    // The job ended: its last progress stays on the screen as a line of its own.
    draw(System.nanoTime());
    out().println();
    shownWidth = 0;
    pending = null;
  }

  private void draw(long now) {
    String text = ControlChars.escape(pending.toString());
    PrintStream out = out();
    out.print("\r" + text + " ".repeat(Math.max(0, shownWidth - text.length())));
    out.flush();
    shownWidth = text.length();
    drawnAt = now;
  }

  private void clearBar() {
    if (shownWidth == 0) return;
    out().print("\r" + " ".repeat(shownWidth) + "\r");
    shownWidth = 0;
  }

  // Looked up on each call: JShell and IJava swap System.out per evaluation.
  private static PrintStream out() {
    return System.out;
  }
}
