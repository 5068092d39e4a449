package dev.aihc.insight;

import dev.aihc.wire.JobLogs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * One replica's log, read through DescribeJobLogs pages and remembered where the last read stopped: the
 * reader the answers share. {@link #readNew} hands on only the lines appended since the last read (so a
 * second {@code series()} on the same run fetches only those); {@link #readRecent} hands on a bounded part, the
 * head (for the totals a header states) and the newest lines, whatever the log's length: on the local engine
 * from its {@code logEnd} (markers are byte offsets there), on AIHC from a recent {@code startTime}. Not
 * thread-safe.
 */
final class LogStream {
  /** Lines a page asks for (the local engine's most). */
  static final int PAGE_LINES = 10_000;
  /** Lines of the head read once for the totals a header states. */
  static final int HEAD_LINES = 2_000;
  /** Bytes of the newest part of a log that {@link #readRecent} reads. */
  static final long RECENT_BYTES = 256 * 1024;
  /** On AIHC, the windows tried for the newest lines, widest first, and the pages each may take. */
  private static final Duration[] WINDOWS = {Duration.ofMinutes(2), Duration.ofSeconds(15), Duration.ofSeconds(2)};
  private static final int WINDOW_PAGES = 4;
  /** Where pages asked for ahead are fetched: daemon threads, kept a minute after their last page. */
  private static final ExecutorService PAGES = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "aihc-log-page");
    t.setDaemon(true);
    return t;
  });

  private final String pod;
  private String marker = "";
  /** Lines of the page at {@link #marker} already handed on (AIHC's last page keeps its marker). */
  private int skip;
  /** Whether the next page starts inside a line (after a jump to a byte offset). */
  private boolean partial;
  private boolean started;
  /** Where a read from marker "" starts, after a read by time (AIHC); null: the log's start. */
  private Instant from;
  private boolean drained;
  /** The page asked for ahead, at {@link #aheadMarker}; null when none. */
  private Future<JobLogs> ahead;
  private String aheadMarker;

  LogStream(String podName) {
    this.pod = podName;
  }

  /** Whether the last read reached the end the service knew of. */
  boolean drained() {
    return drained;
  }

  /** Hands on every line after the last one read, oldest first. */
  void readNew(JobLookup job, Consumer<String> out) {
    started = true;
    drain(job, out, null);
  }

  /**
   * Hands on a bounded part of the log: on the first read its head and its newest lines, later the lines
   * appended since, or again only the newest when much more was appended than that (on the local engine).
   */
  void readRecent(JobLookup job, Instant recentFrom, Consumer<String> out) {
    if (!started) {
      started = true;
      JobLogs head = job.logPage(pod, "", HEAD_LINES, null);
      if (head.nextMarker().isEmpty()) {
        head.logs().forEach(out);
        skip = head.logs().size();
        drained = true;
        return;
      }
      marker = head.nextMarker();
      long end = offset(head.logEnd());
      long at = offset(marker);
      boolean skipsAhead = end >= 0 && at >= 0 ? end - at > RECENT_BYTES : recentFrom != null;
      boolean offsets = end >= 0 && at >= 0;
      if (offsets) {
        if (skipsAhead) jump(end - RECENT_BYTES);
        fetchAhead(job); // the newest lines travel while the head is scanned
      }
      // before lines that are skipped, the head matters only for the totals it states
      for (String line : head.logs()) if (!skipsAhead || mayStateTotal(line)) out.accept(line);
      if (!offsets && recentFrom != null && window(job, recentFrom, out)) return;
      drain(job, out, null);
      return;
    }
    drain(job, out, RECENT_BYTES);
  }

  /**
   * Hands on the newest part of the log alone, without its head: what a diagnosis reads of a replica
   * that has ended. On the local engine the last {@link #RECENT_BYTES} (a one-line page says where the
   * log ends), on AIHC a window of time before {@code until}.
   */
  void readTail(JobLookup job, Instant until, Consumer<String> out) {
    started = true;
    long end = offset(job.logPage(pod, "", 1, null).logEnd());
    if (end > RECENT_BYTES) {
      jump(end - RECENT_BYTES);
    } else if (end < 0 && until != null && window(job, until, out)) {
      return;
    }
    drain(job, out, null);
  }

  /** AIHC: reads from a recent time on, when some window of {@link #WINDOWS} holds few enough pages. */
  private boolean window(JobLookup job, Instant until, Consumer<String> out) {
    for (Duration w : WINDOWS) {
      Instant start = until.minus(w);
      List<String> lines = new ArrayList<>();
      String at = "";
      for (int page = 0; page < WINDOW_PAGES; page++) {
        JobLogs p = job.logPage(pod, at, PAGE_LINES, at.isEmpty() ? start : null);
        lines.addAll(p.logs());
        if (p.nextMarker().isEmpty() || p.logs().isEmpty() || p.nextMarker().equals(at)) {
          lines.forEach(out);
          if (at.isEmpty()) from = start;
          marker = p.nextMarker().isEmpty() ? at : p.nextMarker();
          skip = p.nextMarker().isEmpty() ? p.logs().size() : 0;
          drained = true;
          return true;
        }
        at = p.nextMarker();
      }
    }
    return false;
  }

  /**
   * Whether a head line may state a run's total ({@code Total optimization steps = N}, {@code max_iters}, {@code
   * train_iters ... N}, {@code N epochs}) or be a table's column header ({@code Epoch  GPU_mem  box_loss}): the
   * head lines a read that skips ahead scans. A line that names a step, an iteration or an update with numbers of
   * its own ({@code iteration 100/500000 | lm loss: ...}) states how far the run was then, which the newest lines
   * say again; parsing 2,000 of them was most of a cold {@code progress()} on a long Megatron log.
   */
  static boolean mayStateTotal(String line) {
    // String's own searches: a long log's first call runs them compiled, where a loop of this class's is interpreted
    String s = line.toLowerCase(Locale.ROOT);
    if (s.contains("total") || s.contains("max") || s.contains("epoch") || s.contains("iters") || s.contains("steps")) {
      return true;
    }
    if (!s.contains("step") && !s.contains("iter") && !s.contains("update") && !s.contains("duration")
        && !s.contains("batches")) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9' && (i == 0 || !isNameChar(s.charAt(i - 1)))) return false;
    }
    return true;
  }

  private static boolean isNameChar(char c) {
    return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_';
  }

  private void jump(long offset) {
    marker = Long.toString(offset);
    skip = 0;
    partial = true;
  }

  /**
   * Reads pages from {@link #marker} to the end the service knows of, handing their lines on; while one
   * page's lines are handed on (scanned), the next page is already asked for.
   */
  private void drain(JobLookup job, Consumer<String> out, Long jumpPast) {
    try {
      for (boolean first = true; ; first = false) {
        if (jumpPast != null && first && offset(marker) >= 0) {
          // one line first, for logEnd: when much more was appended than a recent read takes, skip to the end
          JobLogs probe = job.logPage(pod, marker, 1, null);
          long end = offset(probe.logEnd());
          if (end >= 0 && end - offset(marker) > 2 * jumpPast) jump(end - jumpPast);
        }
        JobLogs page = page(job);
        List<String> lines = page.logs();
        int from = Math.min(skip, lines.size());
        if (partial && from < lines.size()) {
          from++; // the first line of a page read from a byte offset is the end of a line
          partial = false;
        }
        if (page.nextMarker().isEmpty()) {
          for (int i = from; i < lines.size(); i++) out.accept(lines.get(i));
          skip = lines.size();
          drained = true;
          return;
        }
        boolean moved = !page.nextMarker().equals(marker);
        marker = page.nextMarker();
        skip = 0;
        // on the local engine a page that ends where the log ended when it was read needs no empty page after it
        drained = lines.isEmpty() || !moved || marker.equals(page.logEnd());
        if (!drained) fetchAhead(job);
        for (int i = from; i < lines.size(); i++) out.accept(lines.get(i));
        if (drained) return;
      }
    } finally {
      if (ahead != null) {
        ahead.cancel(true); // an interrupted or failed read leaves nothing running
        ahead = null;
      }
    }
  }

  /** Asks for the page at {@link #marker} on another thread; {@link #page} takes it. */
  private void fetchAhead(JobLookup job) {
    String at = marker;
    Instant start = at.isEmpty() ? from : null;
    aheadMarker = at;
    ahead = PAGES.submit(() -> job.logPage(pod, at, PAGE_LINES, start));
  }

  /** The page at {@link #marker}: the one asked for ahead, else asked for now. */
  private JobLogs page(JobLookup job) {
    Future<JobLogs> f = ahead;
    ahead = null;
    if (f == null || !marker.equals(aheadMarker)) {
      if (f != null) f.cancel(true);
      return job.logPage(pod, marker, PAGE_LINES, marker.isEmpty() ? from : null);
    }
    try {
      return f.get();
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      // the call on this thread fails as an interrupted call does (AihcInterruptedException), flag kept
      return job.logPage(pod, marker, PAGE_LINES, marker.isEmpty() ? from : null);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error r) throw r;
      throw new IllegalStateException(e.getCause());
    }
  }

  private static long offset(String marker) {
    if (marker == null || marker.isEmpty() || marker.length() > 18) return -1;
    for (int i = 0; i < marker.length(); i++) {
      if (marker.charAt(i) < '0' || marker.charAt(i) > '9') return -1;
    }
    return Long.parseLong(marker);
  }
}
