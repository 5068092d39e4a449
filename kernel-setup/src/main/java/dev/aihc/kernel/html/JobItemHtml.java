package dev.aihc.kernel.html;

import static dev.aihc.kernel.html.Html.cell;
import static dev.aihc.kernel.html.Html.code;
import static dev.aihc.kernel.html.Html.escape;
import static dev.aihc.kernel.html.Html.muted;

import dev.aihc.wire.JobCondition;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.PodItem;
import java.util.List;
import java.util.Objects;

/** Jobs as the API describes them: a table for a list, a card with pods and timeline for one. */
public final class JobItemHtml {
  private JobItemHtml() {}

  /** A table of jobs, one row each: id, name, status, reason, created, finished, queue, priority. */
  public static String table(List<JobItem> jobs) {
    Objects.requireNonNull(jobs, "jobs");
    StringBuilder s = new StringBuilder("<div class=\"aihc-jobs\" style=\"" + Html.CARD + "\">");
    s.append("<div style=\"font-weight:600;margin-bottom:2px\">")
        .append(escape(jobs.size() + (jobs.size() == 1 ? " job" : " jobs"))).append("</div>");
    s.append("<table class=\"aihc-job-table\" style=\"").append(Html.TABLE).append("\">")
        .append(Html.headerRow("id", "name", "status", "reason", "created", "finished", "queue", "priority"));
    for (JobItem j : jobs) {
      s.append("<tr>")
          .append(cell(code(j.jobId())))
          .append(cell(escape(j.name())))
          .append(cell(Html.statusBadge(j.status())))
          .append(cell(escape(j.reason())))
          .append(cell(escape(j.createdAt())))
          .append(cell(escape(j.finishedAt())))
          .append(cell(escape(j.queueId())))
          .append(cell(escape(j.priority())))
          .append("</tr>");
    }
    return s.append("</table></div>").toString();
  }

  /** One job as a card: status badge, reason, times, its pods and its status timeline. */
  public static String render(JobItem job) {
    Objects.requireNonNull(job, "job");
    return "<div class=\"aihc-run\" style=\"" + Html.CARD + "\">" + body(job) + "</div>";
  }

  /** The inside of the card, shared with the run card. */
  static String body(JobItem job) {
    StringBuilder s = new StringBuilder();
    s.append("<div style=\"font-size:14px;font-weight:600;margin-bottom:4px\">")
        .append(Html.statusBadge(job.status())).append(" ").append(escape(job.name())).append(" ")
        .append(muted(job.jobId())).append("</div>");
    if (job.reason() != null && !job.reason().isEmpty()) {
      s.append("<div style=\"margin:2px 0\">").append(escape(job.reason())).append("</div>");
    }
    s.append("<div style=\"").append(Html.MUTED).append("\">created ").append(escape(orDash(job.createdAt())))
        .append(job.finishedAt() == null || job.finishedAt().isEmpty() ? "" : " · finished " + escape(job.finishedAt()))
        .append(job.queueId() == null ? "" : " · queue " + escape(job.queueId()))
        .append("</div>");
    s.append(timeline(job.jobTimeLine()));
    s.append(pods(job.pods()));
    return s.toString();
  }

  private static String timeline(List<JobCondition> conditions) {
    if (conditions.isEmpty()) return "";
    StringBuilder s = new StringBuilder("<div class=\"aihc-timeline\" style=\"margin:6px 0\">");
    for (int i = 0; i < conditions.size(); i++) {
      JobCondition c = conditions.get(i);
      if (i > 0) s.append(" <span style=\"").append(Html.MUTED).append("\">→</span> ");
      s.append("<span style=\"white-space:nowrap\"><b>").append(escape(c.conditionType())).append("</b> ")
          .append(muted(orDash(c.time()))).append("</span>");
    }
    return s.append("</div>").toString();
  }

  private static String pods(List<PodItem> pods) {
    if (pods.isEmpty()) return "";
    StringBuilder s = new StringBuilder("<table class=\"aihc-pods\" style=\"" + Html.TABLE + "\">");
    s.append(Html.headerRow("replica", "type", "status", "restarts", "node", "IP", "exit", "reason"));
    for (PodItem p : pods) {
      boolean failed = "Failed".equalsIgnoreCase(p.status());
      s.append("<tr style=\"").append(failed ? Html.ERROR_ROW : "").append("\">")
          .append(cell(code(p.podName())))
          .append(cell(escape(p.replicaType())))
          .append(cell(escape(p.status())))
          .append(cell(escape(String.valueOf(p.restarts()))))
          .append(cell(escape(p.nodeName())))
          .append(cell(escape(p.podIp())))
          .append(cell(p.exitCode() == null ? "" : escape(String.valueOf(p.exitCode()))))
          .append(cell(escape(p.reason())))
          .append("</tr>");
    }
    return s.append("</table>").toString();
  }

  private static String orDash(String s) {
    return s == null || s.isEmpty() ? "—" : s;
  }
}
