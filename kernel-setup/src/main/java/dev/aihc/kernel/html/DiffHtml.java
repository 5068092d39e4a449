package dev.aihc.kernel.html;

import static dev.aihc.kernel.html.Html.cell;
import static dev.aihc.kernel.html.Html.code;

import dev.aihc.dsl.Difference;
import java.util.List;
import java.util.Objects;

/** What {@code job.diff(other)} found, as a table of field, before and after (secrets already masked). */
public final class DiffHtml {
  private DiffHtml() {}

  /** The differences as a card; an empty list says the jobs are equal. */
  public static String render(List<Difference> differences) {
    Objects.requireNonNull(differences, "differences");
    StringBuilder s = new StringBuilder("<div class=\"aihc-diff\" style=\"" + Html.CARD + "\">");
    int n = differences.size();
    s.append("<div style=\"font-weight:600;margin-bottom:2px\">")
        .append(Html.escape(n == 0 ? "the jobs are equal" : n + (n == 1 ? " field differs" : " fields differ")))
        .append("</div>");
    if (n == 0) return s.append("</div>").toString();
    s.append("<table class=\"aihc-diff-table\" style=\"").append(Html.TABLE).append("\">")
        .append(Html.headerRow("field", "before", "after"));
    for (Difference d : differences) {
      s.append("<tr>").append(cell(code(d.field())))
          .append(cell(side(d.before(), "#ffebe9")))
          .append(cell(side(d.after(), "#dafbe1")))
          .append("</tr>");
    }
    return s.append("</table></div>").toString();
  }

  private static String side(String value, String background) {
    if (value == null) return Html.muted("(unset)");
    return "<span style=\"" + Html.CODE + ";background:" + background + ";padding:0 3px;border-radius:3px\">"
        + Html.escape(value) + "</span>";
  }
}
