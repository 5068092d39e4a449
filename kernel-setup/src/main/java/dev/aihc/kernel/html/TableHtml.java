package dev.aihc.kernel.html;

import static dev.aihc.kernel.html.Html.cell;
import static dev.aihc.kernel.html.Html.escape;

import dev.aihc.experiment.Comparison;
import dev.aihc.wire.JobStatus;
import dev.aihc.experiment.SweepResult;
import dev.aihc.view.Table;
import java.util.List;

/**
 * Tables of runs: a {@link Comparison}, and a {@link SweepResult} with, once it is done, the chart of its
 * metric. A {@code status} column shows badges; {@code run} and {@code job} columns show as code.
 */
public final class TableHtml {
  private TableHtml() {}

  /** The comparison's table under the number of runs. */
  public static String render(Comparison comparison) {
    return "<div class=\"aihc-comparison\" style=\"" + Html.CARD + "\">"
        + "<div style=\"font-weight:600;margin-bottom:2px\">" + comparison.runs().size() + " runs compared</div>"
        + table(comparison.table(), "aihc-comparison-table") + "</div>";
  }

  /** The sweep's table under how far it is; then, once done and with a metric, its chart. */
  public static String render(SweepResult result) {
    long ended = result.variants().stream().filter(v -> v.status() != null && v.status().isTerminal()).count();
    StringBuilder s = new StringBuilder("<div class=\"aihc-sweep\" style=\"" + Html.CARD + "\">")
        .append("<div style=\"font-weight:600;margin-bottom:2px\">")
        .append(escape("sweep of " + String.join(" × ", result.parameters()) + ": " + ended + " of "
            + result.variants().size() + " variants ended" + (result.isDone() ? "" : ", running")))
        .append("</div>").append(table(result.table(), "aihc-sweep-table"));
    boolean anyMetric = result.variants().stream().anyMatch(v -> v.metric().isPresent());
    if (result.isDone() && anyMetric) {
      try {
        s.append(ChartHtml.render(result.chart()));
      } catch (RuntimeException e) {
        s.append("<div style=\"").append(Html.ERROR_ROW).append("\">").append(escape(e.getMessage())).append("</div>");
      }
    }
    return s.append("</div>").toString();
  }

  /** Any table: a header row and a row per row. */
  public static String render(Table table) {
    return "<div class=\"aihc-table\" style=\"" + Html.CARD + "\">" + table(table, "aihc-table") + "</div>";
  }

  /** Plain text kept as it is, for a value that has no HTML view. */
  public static String preformatted(String text) {
    return "<pre>" + escape(text) + "</pre>";
  }

  private static String table(Table table, String cssClass) {
    StringBuilder s = new StringBuilder("<table class=\"").append(cssClass).append("\" style=\"").append(Html.TABLE)
        .append("\">").append(Html.headerRow(table.columns().toArray(String[]::new)));
    for (List<String> row : table.rows()) {
      s.append("<tr>");
      for (int c = 0; c < row.size(); c++) s.append(cell(value(table.columns().get(c), row.get(c))));
      s.append("</tr>");
    }
    return s.append("</table>").toString();
  }

  private static String value(String column, String text) {
    if (column.equals("status")) {
      JobStatus status = JobStatus.fromWire(text);
      return status == JobStatus.UNKNOWN && !text.equals("Unknown") ? Html.muted(text) : Html.statusBadge(status);
    }
    if (column.equals("run")) return text.startsWith("job-") ? Html.code(text) : Html.muted(text);
    return text.equals("—") ? Html.muted(text) : escape(text);
  }
}
