package dev.aihc.kernel.html;

/**
 * Colours already formatted JSON for HTML: keys, strings, numbers and literals get a span each,
 * everything is escaped, and layout is kept as it is. Malformed input is escaped, never rejected.
 */
final class JsonHighlighter {
  private static final String KEY = "color:#0550ae";
  private static final String STRING = "color:#0a3069";
  private static final String NUMBER = "color:#953800";
  private static final String LITERAL = "color:#cf222e";

  private JsonHighlighter() {}

  static String highlight(String json) {
    StringBuilder out = new StringBuilder(json.length() * 2);
    int i = 0;
    while (i < json.length()) {
      char c = json.charAt(i);
      if (c == '"') {
        int end = stringEnd(json, i);
        String token = json.substring(i, end);
        boolean key = nextNonBlank(json, end) == ':';
        String inner = PreviewHtml.masked(token);
        out.append("<span style=\"").append(key ? KEY : STRING).append("\">").append(inner).append("</span>");
        i = end;
      } else if (c == '-' || Character.isDigit(c)) {
        int end = i + 1;
        while (end < json.length() && "0123456789.eE+-".indexOf(json.charAt(end)) >= 0) end++;
        out.append(span(NUMBER, json.substring(i, end)));
        i = end;
      } else if (json.startsWith("true", i) || json.startsWith("null", i)) {
        out.append(span(LITERAL, json.substring(i, i + 4)));
        i += 4;
      } else if (json.startsWith("false", i)) {
        out.append(span(LITERAL, "false"));
        i += 5;
      } else {
        out.append(Html.escape(String.valueOf(c)));
        i++;
      }
    }
    return out.toString();
  }

  /** The index just after the string starting at {@code start}, honouring escapes. */
  private static int stringEnd(String json, int start) {
    int i = start + 1;
    while (i < json.length()) {
      char c = json.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '"') {
        return i + 1;
      } else {
        i++;
      }
    }
    return json.length();
  }

  private static char nextNonBlank(String json, int from) {
    for (int i = from; i < json.length(); i++) {
      if (!Character.isWhitespace(json.charAt(i))) return json.charAt(i);
    }
    return 0;
  }

  private static String span(String style, String text) {
    return "<span style=\"" + style + "\">" + Html.escape(text) + "</span>";
  }
}
