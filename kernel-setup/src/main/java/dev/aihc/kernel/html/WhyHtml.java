package dev.aihc.kernel.html;

import static dev.aihc.kernel.html.Html.escape;

import dev.aihc.insight.Explanation;
import dev.aihc.insight.Preflight;
import java.util.List;
import java.util.Objects;

/** Why a job waits ({@link Explanation}) and whether one would start ({@link Preflight}), as boxes of reasons. */
public final class WhyHtml {
  private WhyHtml() {}

  /** A yellow-edged box for a waiting job (plain for any other): the verdict, then one reason a line. */
  public static String render(Explanation e) {
    Objects.requireNonNull(e, "explanation");
    String head = e.isWaiting() ? "Waiting: why" : e.name() + " is " + e.status();
    return box("aihc-why", e.isWaiting() ? Html.WARNING_ROW : "", head, e.reasons());
  }

  /** Green when it fits now, yellow when it would wait, red when it never can. */
  public static String render(Preflight p) {
    Objects.requireNonNull(p, "preflight");
    String head = p.fitsNow() ? p.jobName() + " fits queue " + p.queue() + " now"
        : p.canEverFit() ? p.jobName() + " would wait in queue " + p.queue()
        : p.jobName() + " can never fit queue " + p.queue();
    String style = p.fitsNow() ? "background:#dafbe1;box-shadow:inset 3px 0 0 #1a7f37"
        : p.canEverFit() ? Html.WARNING_ROW : Html.ERROR_ROW;
    return box("aihc-preflight", style, head, p.reasons());
  }

  private static String box(String cls, String style, String head, List<String> reasons) {
    StringBuilder s = new StringBuilder("<div class=\"" + cls + "\" style=\"" + Html.CARD + ";" + style
        + ";padding:6px 10px;margin:6px 0;border-radius:4px\"><div style=\"font-weight:600\">" + escape(head)
        + "</div><ul style=\"margin:2px 0 0 0;padding-left:18px\">");
    for (String r : reasons) s.append("<li>").append(escape(r)).append("</li>");
    return s.append("</ul></div>").toString();
  }
}
