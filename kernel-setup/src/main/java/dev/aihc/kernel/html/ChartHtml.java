package dev.aihc.kernel.html;

import static dev.aihc.kernel.html.Html.escape;

import dev.aihc.view.Chart;
import dev.aihc.insight.Series;

/**
 * A {@link Chart} or {@link Series} as its SVG, inline in the HTML output so that it shows in the notebook,
 * in nbconvert's HTML and on any notebook viewer, and so that a page can find each line in it (see
 * {@link Chart}). Showing one never throws: without the chart renderer the output says what to add.
 */
public final class ChartHtml {
  private ChartHtml() {}

  /** The chart's SVG in a {@code div.aihc-chart}. */
  public static String render(Chart chart) {
    try {
      return "<div class=\"aihc-chart\">" + element(chart.toSvg()) + "</div>";
    } catch (RuntimeException e) {
      return "<div class=\"aihc-chart aihc-chart-error\" style=\"" + Html.CARD + ";" + Html.ERROR_ROW + "\">"
          + escape("Cannot draw " + chart + ": " + e.getMessage()) + "</div>";
    }
  }

  /** The series' chart, or a line saying no log line names it. */
  public static String render(Series series) {
    if (series.isEmpty()) return "<div class=\"aihc-chart aihc-chart-empty\">" + escape(series.toString()) + "</div>";
    try {
      return render(series.chart());
    } catch (RuntimeException e) {
      return "<div class=\"aihc-chart aihc-chart-error\" style=\"" + Html.CARD + ";" + Html.ERROR_ROW + "\">"
          + escape(series + ": " + e.getMessage()) + "</div>";
    }
  }

  /** The {@code <svg>} element of a standalone document: HTML has no place for its XML prolog. */
  static String element(String svgDocument) {
    int start = svgDocument.indexOf("<svg");
    return start < 0 ? svgDocument : svgDocument.substring(start);
  }
}
