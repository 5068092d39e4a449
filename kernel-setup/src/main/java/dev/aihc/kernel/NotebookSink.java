package dev.aihc.kernel;

import dev.aihc.wire.JobCondition;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.JobStatus;
import dev.aihc.client.OutputSink;
import dev.aihc.insight.Progress;
import dev.aihc.insight.Series;
import dev.aihc.kernel.html.ChartHtml;
import dev.aihc.kernel.html.LiveHtml;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Shows {@code follow()} and {@code await()} in a notebook as a few outputs redrawn in place instead of
 * one output line per log line: a status line (status, time watched, restarts, latest message, and the
 * job's progress bar once its logs state one) and one block per replica holding its newest lines. A
 * {@code watch(...)} shows its charts in the status line's output, redrawn with each picture.
 *
 * <p>Each {@code follow}/{@code await} call starts new outputs in the cell that runs it. A replica block
 * is redrawn at most every {@link #REDRAW_EVERY} while lines pour in, and after every poll, so the last
 * lines always show. Like every {@link OutputSink} it is called only on the cell's thread: that is
 * where IJava routes displays to the right cell, so it is neither thread-safe nor meant to be.
 */
final class NotebookSink implements OutputSink {
  /** Lines kept per replica block. */
  static final int KEEP_LINES = 20;
  /** Shortest time between two redraws of a replica block while its lines stream in. */
  static final Duration REDRAW_EVERY = Duration.ofMillis(250);

  private final Displays displays;
  private final int keepLines;
  private final LongSupplier nanoTime;
  private Watch watch;
  /** The output of each key {@link #show} was given, by key (a sweep's live table). */
  private final Map<String, String> shown = new HashMap<>();

  NotebookSink(Displays displays) {
    this(displays, KEEP_LINES, System::nanoTime);
  }

  NotebookSink(Displays displays, int keepLines, LongSupplier nanoTime) {
    if (keepLines < 1) throw new IllegalArgumentException("keepLines must be >= 1 but was " + keepLines);
    this.displays = displays;
    this.keepLines = keepLines;
    this.nanoTime = nanoTime;
  }

  @Override
  public void start(String jobName, String jobId) {
    watch = new Watch(jobName, jobId);
    watch.drawProgress();
  }

  @Override
  public void log(String source, String line) {
    Replica r = watch().replica(source);
    r.add(line);
    if (r.displayId == null || nanoTime.getAsLong() - r.drawnAt >= REDRAW_EVERY.toNanos()) r.draw();
  }

  @Override
  public void progress(String message) {
    Watch w = watch();
    String restartedPrefix = "] restarted";
    int close = message.indexOf(restartedPrefix);
    if (message.startsWith("[") && close > 0) {
      Replica r = w.replica(message.substring(1, close));
      r.note(message.substring(close + 2));
      r.draw();
    }
    w.message = message;
    w.drawProgress();
  }

  @Override
  public void polled(JobItem job, Duration elapsed) {
    Watch w = watch();
    if (job.status() == JobStatus.RESTARTING && w.status != JobStatus.RESTARTING) w.restartsSeen++;
    w.status = job.status();
    w.elapsed = elapsed;
    w.restarts = Math.max(w.restartsSeen, Math.max(w.restarts, restarts(job)));
    // A watch's view holds its charts: redrawn with each new picture and at the end, not on every poll.
    if (w.charts == null || w.chartsChanged || job.status().isTerminal()) w.drawProgress();
    for (Replica r : w.replicas.values()) {
      if (r.dirty) r.draw();
    }
  }

  /** Draws {@code value} as a cell's value; a later call with the same key redraws that output in place. */
  @Override
  public void show(String key, Object value, String change) {
    String html = displays.html(value);
    String text = String.valueOf(value);
    String id = shown.get(key);
    if (id == null) {
      shown.put(key, displays.show(html, text));
    } else {
      displays.update(id, html, text);
    }
  }

  @Override
  public void progressBar(Progress progress) {
    Watch w = watch();
    w.progress = progress;
    w.drawProgress();
  }

  /**
   * A picture of {@code run.watch(...)}: a chart per series under the status line and progress bar, in the
   * same output; drawn by the {@link #polled} that follows it in the same poll, which has the job's status.
   */
  @Override
  public void watched(Progress progress, List<Series> series) {
    Watch w = watch();
    w.progress = progress;
    w.charts = series.stream().map(ChartHtml::render).collect(Collectors.joining());
    w.chartsText = series.stream().map(Series::toString).collect(Collectors.joining("\n"));
    w.chartsChanged = true;
  }

  /** {@code NotebookSink[live blocks, last 20 lines per replica]}. */
  @Override
  public String toString() {
    return "NotebookSink[live blocks, last " + keepLines + " lines per replica]";
  }

  /** The restarts the API reports: pod restart counts, or Restarting entries in the timeline. */
  static int restarts(JobItem job) {
    int pods = job.pods().stream().mapToInt(p -> p.restarts()).sum();
    int timeline = (int) job.jobTimeLine().stream().map(JobCondition::conditionType)
        .filter(t -> JobStatus.fromWire(t) == JobStatus.RESTARTING).count();
    return Math.max(pods, timeline);
  }

  private Watch watch() {
    if (watch == null) watch = new Watch("job", ""); // a caller that never said start: still draw something
    return watch;
  }

  /** The outputs of one follow or await call. */
  private final class Watch {
    final String jobName;
    final String jobId;
    final Map<String, Replica> replicas = new LinkedHashMap<>();
    String progressId;
    JobStatus status;
    Duration elapsed = Duration.ZERO;
    int restarts;
    int restartsSeen;
    String message = "";
    Progress progress;
    /** A watch's charts as HTML and as text; null when not watching. */
    String charts;
    String chartsText;
    /** Whether the charts changed since the output was last drawn. */
    boolean chartsChanged;

    Watch(String jobName, String jobId) {
      this.jobName = jobName;
      this.jobId = jobId;
    }

    Replica replica(String name) {
      return replicas.computeIfAbsent(name, Replica::new);
    }

    void drawProgress() {
      String html = LiveHtml.progress(jobName, jobId, status, elapsed, restarts, message, progress);
      String text = LiveHtml.progressText(jobName, jobId, status, elapsed, restarts, progress);
      if (charts != null) {
        html = "<div class=\"aihc-watch\">" + html + charts + "</div>";
        text = text + "\n" + chartsText;
        chartsChanged = false;
      }
      if (progressId == null) {
        progressId = displays.show(html, text);
      } else {
        displays.update(progressId, html, text);
      }
    }
  }

  /** One replica's block: its newest lines and how many it has written. */
  private final class Replica {
    final String name;
    final Deque<String> last = new ArrayDeque<>();
    final List<String> notes = new ArrayList<>();
    long total;
    String displayId;
    long drawnAt;
    boolean dirty;

    Replica(String name) {
      this.name = name;
    }

    void add(String line) {
      if (last.size() == keepLines) last.removeFirst();
      last.addLast(line);
      total++;
      dirty = true;
    }

    void note(String note) {
      notes.add(note);
      dirty = true;
    }

    void draw() {
      List<String> lines = List.copyOf(last);
      String html = LiveHtml.replica(name, total, lines, notes);
      String text = LiveHtml.replicaText(name, total, lines);
      if (displayId == null) {
        displayId = displays.show(html, text);
      } else {
        displays.update(displayId, html, text);
      }
      drawnAt = nanoTime.getAsLong();
      dirty = false;
    }
  }
}
