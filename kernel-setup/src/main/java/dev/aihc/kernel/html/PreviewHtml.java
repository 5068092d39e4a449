package dev.aihc.kernel.html;

import static dev.aihc.kernel.html.Html.escape;

import dev.aihc.client.RequestPreview;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link RequestPreview} as highlighted HTTP: request line, headers and JSON body, with the signature,
 * session token and image password shown as {@code ****} (only the masked forms are read).
 */
public final class PreviewHtml {
  static final String MASK = "****";
  private static final String PRE = Html.CODE + ";white-space:pre-wrap;word-break:break-all;margin:0;"
      + "padding:8px;background:#f6f8fa;border-radius:6px;line-height:1.45";
  private static final String METHOD = "color:#8250df;font-weight:600";
  private static final String HEADER = "color:#0550ae";
  private static final String MASKED = "color:#57606a;background:#eaeef2;border-radius:3px;padding:0 2px";

  private PreviewHtml() {}

  /** The request as it would be sent, masked. */
  public static String render(RequestPreview preview) {
    Objects.requireNonNull(preview, "preview");
    StringBuilder s = new StringBuilder("<div class=\"aihc-preview\" style=\"" + Html.CARD + "\">");
    s.append("<div style=\"font-weight:600;margin-bottom:4px\">Request preview ")
        .append(Html.muted("(signed, secrets masked, nothing sent)")).append("</div>");
    s.append("<pre style=\"").append(PRE).append("\">");
    s.append("<span style=\"").append(METHOD).append("\">").append(escape(preview.method())).append("</span> ")
        .append(escape(preview.url())).append('\n');
    for (Map.Entry<String, String> h : preview.headers().entrySet()) {
      s.append("<span style=\"").append(HEADER).append("\">").append(escape(h.getKey())).append("</span>: ")
          .append(masked(h.getValue())).append('\n');
    }
    s.append('\n').append(JsonHighlighter.highlight(preview.body()));
    return s.append("</pre></div>").toString();
  }

  /** Escapes {@code text}, drawing each {@code ****} as a grey chip so the masking is visible. */
  static String masked(String text) {
    StringBuilder s = new StringBuilder();
    int from = 0;
    for (int at = text.indexOf(MASK); at >= 0; at = text.indexOf(MASK, from)) {
      s.append(escape(text.substring(from, at))).append("<span style=\"").append(MASKED).append("\">")
          .append(MASK).append("</span>");
      from = at + MASK.length();
    }
    return s.append(escape(text.substring(from))).toString();
  }
}
