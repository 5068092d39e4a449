package dev.aihc.kernel.html;

import dev.aihc.wire.JobStatus;
import dev.aihc.dsl.Problem;
import dev.aihc.dsl.Severity;
import java.util.Collection;

/**
 * Small HTML building blocks shared by the views: escaping, tables, badges. Styles are inline, because
 * notebook viewers (GitHub, nbviewer, sanitised JupyterLab outputs) drop {@code <style>} elements.
 */
final class Html {
  static final String CARD = "font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;font-size:13px;"
      + "border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;margin:4px 0;max-width:960px;"
      + "color:#1f2328;background:#ffffff";
  static final String TABLE = "border-collapse:collapse;margin:4px 0;font-size:13px";
  // Cells start 6px in, clear of the 3px bar that marks a row with a problem.
  static final String TH = "text-align:left;vertical-align:top;padding:2px 12px 2px 6px;color:#57606a;"
      + "font-weight:600;white-space:nowrap";
  static final String TD = "text-align:left;vertical-align:top;padding:2px 12px 2px 6px";
  static final String HEAD_TH = "text-align:left;padding:3px 12px 3px 6px;border-bottom:1px solid #d0d7de;"
      + "color:#57606a;font-weight:600";
  static final String CODE = "font-family:SFMono-Regular,Consolas,'Liberation Mono',Menlo,monospace;font-size:12px";
  static final String MUTED = "color:#8c959f";
  static final String ERROR_ROW = "background:#ffebe9;box-shadow:inset 3px 0 0 #cf222e";
  static final String WARNING_ROW = "background:#fff8c5;box-shadow:inset 3px 0 0 #bf8700";

  private Html() {}

  /** {@code text} safe inside an element or a double-quoted attribute; null becomes empty. */
  static String escape(String text) {
    if (text == null) return "";
    StringBuilder s = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> s.append("&lt;");
        case '>' -> s.append("&gt;");
        case '&' -> s.append("&amp;");
        case '"' -> s.append("&quot;");
        case '\'' -> s.append("&#39;");
        default -> s.append(c);
      }
    }
    return s.toString();
  }

  /** Escaped {@code text} in a monospace span. */
  static String code(String text) {
    return "<span style=\"" + CODE + "\">" + escape(text) + "</span>";
  }

  /** An escaped greyed-out note such as {@code (unset)}. */
  static String muted(String text) {
    return "<span style=\"" + MUTED + "\">" + escape(text) + "</span>";
  }

  /** A rounded label with escaped {@code text}. */
  static String badge(String text, String background, String color) {
    return "<span style=\"display:inline-block;padding:0 8px;border-radius:10px;font-size:12px;font-weight:600;"
        + "line-height:18px;background:" + background + ";color:" + color + "\">" + escape(text) + "</span>";
  }

  /** The badge of a job status, coloured by what it means (green done, red failed, amber trouble ...). */
  static String statusBadge(JobStatus status) {
    return switch (status) {
      case SUCCEEDED -> badge(status.wireName(), "#dafbe1", "#116329");
      case FAILED -> badge(status.wireName(), "#ffebe9", "#a40e26");
      case RUNNING -> badge(status.wireName(), "#ddf4ff", "#0550ae");
      case RESTARTING, ABNORMAL -> badge(status.wireName(), "#fff8c5", "#7d4e00");
      case STOPPING, STOPPED -> badge(status.wireName(), "#eaeef2", "#424a53");
      case CREATED, SCHEDULED, STARTING -> badge(status.wireName(), "#f6f8fa", "#0969da");
      case UNKNOWN -> badge(status.wireName(), "#eaeef2", "#57606a");
    };
  }

  /** The badge of a problem's severity. */
  static String severityBadge(Severity severity) {
    return severity == Severity.ERROR ? badge("ERROR", "#ffebe9", "#a40e26") : badge("WARNING", "#fff8c5", "#7d4e00");
  }

  /** The row style for the worst of {@code problems}: red for an error, amber for a warning, none otherwise. */
  static String rowStyle(Collection<Problem> problems) {
    if (problems.stream().anyMatch(Problem::isError)) return ERROR_ROW;
    if (!problems.isEmpty()) return WARNING_ROW;
    return "";
  }

  /** A {@code <th>} header row from escaped {@code names}. */
  static String headerRow(String... names) {
    StringBuilder s = new StringBuilder("<tr>");
    for (String n : names) s.append("<th style=\"").append(HEAD_TH).append("\">").append(escape(n)).append("</th>");
    return s.append("</tr>").toString();
  }

  /** A {@code <td>} cell holding {@code html} (already escaped). */
  static String cell(String html) {
    return "<td style=\"" + TD + "\">" + html + "</td>";
  }
}
