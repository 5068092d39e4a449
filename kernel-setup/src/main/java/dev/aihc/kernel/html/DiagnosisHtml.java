package dev.aihc.kernel.html;

import static dev.aihc.kernel.html.Html.escape;

import dev.aihc.insight.Diagnosis;
import java.util.Objects;

/** Why a job failed ({@link Diagnosis}): the cause and the culprit replica, the evidence, the hint. */
public final class DiagnosisHtml {
  private static final String PRE = Html.CODE + ";white-space:pre-wrap;word-break:break-all;margin:4px 0;"
      + "padding:4px 8px;background:#f6f8fa;border-radius:6px";

  private DiagnosisHtml() {}

  /** A red-edged box: the summary in bold, the evidence as code, the hint. */
  public static String render(Diagnosis d) {
    Objects.requireNonNull(d, "diagnosis");
    StringBuilder s = new StringBuilder("<div class=\"aihc-diagnosis\" style=\"" + Html.CARD + ";" + Html.ERROR_ROW
        + ";padding:6px 10px;margin:6px 0;border-radius:4px\">");
    s.append("<div style=\"font-weight:600\">").append(escape(d.summary())).append("</div>");
    if (!d.evidence().isEmpty()) {
      s.append("<pre style=\"").append(PRE).append("\">").append(escape(String.join("\n", d.evidence())))
          .append("</pre>");
    }
    if (!d.hint().isEmpty()) s.append("<div><b>hint</b> ").append(escape(d.hint())).append("</div>");
    return s.append("</div>").toString();
  }
}
