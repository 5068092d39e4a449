package dev.aihc.kernel.html;

import static dev.aihc.kernel.html.Html.escape;

import dev.aihc.wire.JobStatus;
import dev.aihc.insight.Progress;
import java.time.Duration;
import java.util.List;

/** The blocks {@code follow()} and {@code await()} redraw in place in a notebook. */
public final class LiveHtml {
  private static final String PRE = Html.CODE + ";white-space:pre-wrap;word-break:break-all;margin:2px 0 0 0;"
      + "padding:6px 8px;background:#f6f8fa;border-radius:6px;max-height:28em;overflow-y:auto;line-height:1.4";

  private LiveHtml() {}

  /**
   * The status line: badge, job, time watched, restarts and the latest message.
   *
   * @param status the last status seen, or null before the first poll
   */
  public static String progress(String jobName, String jobId, JobStatus status, Duration elapsed, int restarts,
      String message) {
    return progress(jobName, jobId, status, elapsed, restarts, message, null);
  }

  /**
   * The status line with the job's progress bar under it ({@code progress} null: no bar).
   *
   * @param status the last status seen, or null before the first poll
   */
  public static String progress(String jobName, String jobId, JobStatus status, Duration elapsed, int restarts,
      String message, Progress progress) {
    StringBuilder s = new StringBuilder("<div class=\"aihc-progress\" style=\"" + Html.CARD + "\">");
    s.append(status == null ? Html.badge("waiting", "#f6f8fa", "#57606a") : Html.statusBadge(status)).append(" <b>")
        .append(escape(jobName)).append("</b> ").append(Html.muted(jobId)).append(" · ")
        .append(escape(elapsed(elapsed)));
    if (restarts > 0) s.append(" · ").append(escape(restarts + (restarts == 1 ? " restart" : " restarts")));
    if (progress != null) s.append(bar(progress));
    if (message != null && !message.isEmpty()) {
      s.append("<div style=\"").append(Html.MUTED).append("\">").append(escape(message)).append("</div>");
    }
    return s.append("</div>").toString();
  }

  /** A progress bar: the filled share, the percentage, the count and the time left. */
  public static String bar(Progress p) {
    String pct = String.format(java.util.Locale.ROOT, "%.1f", p.fraction() * 100);
    return "<div class=\"aihc-progress-bar\" style=\"display:flex;align-items:center;gap:8px;margin:4px 0\">"
        + "<div style=\"flex:0 0 240px;height:10px;background:#eaeef2;border-radius:5px;overflow:hidden\">"
        + "<div style=\"width:" + pct + "%;height:100%;background:#2da44e\"></div></div>"
        + "<span style=\"font-variant-numeric:tabular-nums\">" + escape(p.percent().strip() + " · " + p.count())
        + p.eta().map(d -> " · " + escape(elapsed(d)) + " left").orElse("") + "</span> "
        + Html.muted(p.pod().isEmpty() ? "" : "(" + p.pod() + ")") + "</div>";
  }

  /** The same as plain text, for front ends that show no HTML. */
  public static String progressText(String jobName, String jobId, JobStatus status, Duration elapsed, int restarts) {
    return (status == null ? "waiting" : status.wireName()) + " " + jobName + " " + jobId + " · " + elapsed(elapsed)
        + (restarts > 0 ? " · " + restarts + (restarts == 1 ? " restart" : " restarts") : "");
  }

  /** The same with the progress bar as text on a second line ({@code progress} null: none). */
  public static String progressText(String jobName, String jobId, JobStatus status, Duration elapsed, int restarts,
      Progress progress) {
    return progressText(jobName, jobId, status, elapsed, restarts) + (progress == null ? "" : "\n" + progress);
  }

  /**
   * One replica's block: its name, how many lines it has written, and the last of them.
   *
   * @param total lines written so far, of which {@code lastLines} are the newest
   * @param notes remarks such as restarts, shown in the header
   */
  public static String replica(String replica, long total, List<String> lastLines, List<String> notes) {
    StringBuilder s = new StringBuilder("<div class=\"aihc-replica\" style=\"" + Html.CARD + "\">");
    s.append("<b>").append(escape(replica)).append("</b> ")
        .append(Html.muted(total == lastLines.size() ? plural(total, "line")
            : "last " + lastLines.size() + " of " + plural(total, "line")));
    for (String n : notes) s.append(" ").append(Html.badge(n, "#fff8c5", "#7d4e00"));
    s.append("<pre style=\"").append(PRE).append("\">");
    for (String line : lastLines) s.append(escape(line)).append('\n');
    return s.append("</pre></div>").toString();
  }

  /** The same as plain text. */
  public static String replicaText(String replica, long total, List<String> lastLines) {
    return "[" + replica + "] " + plural(total, "line") + "\n" + String.join("\n", lastLines);
  }

  /** {@code 42s}, {@code 3m 05s}, {@code 1h 02m}. */
  public static String elapsed(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) return s + "s";
    if (s < 3600) return String.format("%dm %02ds", s / 60, s % 60);
    return String.format("%dh %02dm", s / 3600, (s % 3600) / 60);
  }

  private static String plural(long n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }
}
