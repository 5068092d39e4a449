package dev.aihc.client;

import dev.aihc.insight.Progress;
import dev.aihc.insight.Series;
import dev.aihc.internal.text.ControlChars;
import dev.aihc.wire.JobItem;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * The default sink: this product's one place that prints to the console. On a terminal a progress bar
 * is one status line, redrawn in place (a carriage return) at most once a second and cleared before the next
 * log line, so lines and the bar never mix and no line is printed per update. Elsewhere (output piped
 * to a file or a CI log, where carriage returns would run every redraw together) it is a plain line now and
 * then: each tenth of the way, at least every half minute, and the last one. {@link Run#watch}'s pictures
 * take the same line: the progress, then each series' sparkline and newest value. What jobs wrote is shown
 * with its control characters escaped ({@link ControlChars}): a log line cannot retitle or clear the terminal.
 */
enum ConsoleSink implements OutputSink {
  /** Redraws the progress bar in place. */
  TERMINAL(true),
  /** Prints the progress as a line of its own now and then. */
  PLAIN(false);

  private static final long REDRAW_NANOS = Duration.ofSeconds(1).toNanos();
  private static final long PLAIN_LINE_NANOS = Duration.ofSeconds(30).toNanos();
  /** Most characters of a watch's status line: fewer than a terminal's 80 columns. */
  private static final int WATCH_WIDTH = 79;
  private final boolean redraw;
  /** The width of the bar line on screen; 0 when none is shown. */
  private int shownWidth;
  private long drawnAt;
  private Progress pending;
  /** The series of {@link Run#watch}'s last picture; null when not watching. */
  private List<Series> watched;
  /** PLAIN: the tenth of the way of the last line printed (-1 before the first), and that line. */
  private int printedTenth = -1;
  private String printed;

  ConsoleSink(boolean redraw) {
    this.redraw = redraw;
  }

  /** TERMINAL when this JVM's output is a terminal, else PLAIN. */
  static ConsoleSink forThisConsole() {
    return System.console() != null ? TERMINAL : PLAIN;
  }

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
    watched = null;
    shownWidth = 0;
    drawnAt = 0;
    printedTenth = -1;
    printed = null;
  }

  @Override
  public synchronized void progressBar(Progress progress) {
    pending = progress;
    update(System.nanoTime());
  }

  /** One line: the progress, shorter than a bar of its own, then each series' sparkline and newest value. */
  @Override
  public synchronized void watched(Progress progress, List<Series> series) {
    pending = progress;
    watched = List.copyOf(series);
    update(System.nanoTime());
  }

  private void update(long now) {
    if (pending == null && watched == null) return;
    if (!redraw) {
      int tenth = tenth();
      if (printed == null || tenth > printedTenth || now - drawnAt >= PLAIN_LINE_NANOS) printLine(now);
      return;
    }
    if (drawnAt != 0 && now - drawnAt < REDRAW_NANOS) return;
    draw(now);
  }

  @Override
  public synchronized void polled(JobItem job, Duration elapsed) {
    if (!job.status().isTerminal() || pending == null && watched == null) return;
    if (!redraw) {
      if (!text().equals(printed)) printLine(System.nanoTime());
    } else {
      // The job ended: its last progress stays on the screen as a line of its own.
      draw(System.nanoTime());
      out().println();
      shownWidth = 0;
    }
    pending = null;
    watched = null;
  }

  /** What the progress line shows now. */
  private String text() {
    if (watched == null) return pending.toString();
    StringBuilder s = new StringBuilder();
    if (pending != null) s.append(pending.bar(10)).append(' ').append(pending.percent().strip()).append(' ')
        .append(pending.count());
    for (Series series : watched) s.append(s.length() == 0 ? "" : " · ").append(series.brief());
    return s.toString();
  }

  /** The tenth of the way the progress is at; -1 when no progress is known. */
  private int tenth() {
    return pending == null ? -1 : (int) Math.floor(pending.fraction() * 10);
  }

  private void draw(long now) {
    String text = ControlChars.escape(text());
    // A line as wide as the terminal wraps, and then a carriage return redraws only its last row.
    if (watched != null && text.codePointCount(0, text.length()) > WATCH_WIDTH) {
      text = text.substring(0, text.offsetByCodePoints(0, WATCH_WIDTH - 1)) + "…";
    }
    PrintStream out = out();
    out.print("\r" + text + " ".repeat(Math.max(0, shownWidth - text.length())));
    out.flush();
    shownWidth = text.length();
    drawnAt = now;
  }

  private void printLine(long now) {
    printed = text();
    out().println(ControlChars.escape(printed));
    printedTenth = tenth();
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
