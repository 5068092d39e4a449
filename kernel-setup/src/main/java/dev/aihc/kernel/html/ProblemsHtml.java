package dev.aihc.kernel.html;

import static dev.aihc.kernel.html.Html.cell;
import static dev.aihc.kernel.html.Html.code;
import static dev.aihc.kernel.html.Html.escape;

import dev.aihc.dsl.Problem;
import dev.aihc.dsl.Problems;
import java.util.List;
import java.util.Objects;

/** A job's validation problems as a table: severity, field, what is wrong, how to fix it. */
public final class ProblemsHtml {
  private ProblemsHtml() {}

  /** The problems as a card; a clean job gets a one-line "no problems" card. */
  public static String render(Problems problems) {
    Objects.requireNonNull(problems, "problems");
    return "<div class=\"aihc-problems\" style=\"" + Html.CARD + "\">" + summary(problems.all()) + table(problems.all())
        + "</div>";
  }

  /** A list of problems (such as {@code problems.errors()}) as a card. */
  public static String render(List<Problem> problems) {
    Objects.requireNonNull(problems, "problems");
    return "<div class=\"aihc-problems\" style=\"" + Html.CARD + "\">" + summary(problems) + table(problems)
        + "</div>";
  }

  /** {@code 2 errors, 1 warning}, {@code no problems}. */
  static String count(List<Problem> problems) {
    long errors = problems.stream().filter(Problem::isError).count();
    long warnings = problems.size() - errors;
    if (problems.isEmpty()) return "no problems";
    String e = errors == 0 ? "" : errors + (errors == 1 ? " error" : " errors");
    String w = warnings == 0 ? "" : warnings + (warnings == 1 ? " warning" : " warnings");
    return e.isEmpty() ? w : w.isEmpty() ? e : e + ", " + w;
  }

  /** The problem table alone, for embedding in another card; empty for no problems. */
  static String table(List<Problem> problems) {
    if (problems.isEmpty()) return "";
    StringBuilder s = new StringBuilder("<table class=\"aihc-problem-table\" style=\"" + Html.TABLE + "\">");
    s.append(Html.headerRow("", "field", "problem", "fix"));
    for (Problem p : problems) {
      String style = p.isError() ? Html.ERROR_ROW : Html.WARNING_ROW;
      s.append("<tr class=\"aihc-").append(p.isError() ? "error" : "warning").append("\" style=\"").append(style)
          .append("\">")
          .append(cell(Html.severityBadge(p.severity())))
          .append(cell(code(p.field())))
          .append(cell(escape(p.message())))
          .append(cell(escape(p.fix())))
          .append("</tr>");
    }
    return s.append("</table>").toString();
  }

  private static String summary(List<Problem> problems) {
    boolean errors = problems.stream().anyMatch(Problem::isError);
    String badge = problems.isEmpty() ? Html.badge("valid", "#dafbe1", "#116329")
        : errors ? Html.badge("invalid", "#ffebe9", "#a40e26") : Html.badge("valid with warnings", "#fff8c5", "#7d4e00");
    return "<div style=\"font-weight:600;margin-bottom:2px\">" + badge + " " + escape(count(problems)) + "</div>";
  }
}
