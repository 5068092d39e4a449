package dev.aihc.kernel.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.SourceCodeAnalysis.Documentation;

/**
 * JShell's documentation (a signature and the raw Javadoc comment) as an inspect reply shows it: plain
 * text for the Notebook's tooltip, which shows only text, and HTML for front ends that take it (Lab's
 * contextual help). Inline tags become their text ({@code {@code x}} is {@code x}, a link its label),
 * block tags a "Throws:"-style line each.
 */
final class Javadoc {
  private static final Pattern BLOCK_TAG = Pattern.compile("(?m)^\\s*@(\\w+)\\s*");
  private static final Pattern PARAGRAPH = Pattern.compile("(?i)\\s*</?p>\\s*|\\n\\s*\\n\\s*");
  private static final Pattern HTML_TAG = Pattern.compile("<[^>]+>");
  private static final Pattern PRE = Pattern.compile("(?is)<pre>(.*?)</pre>");
  private static final Map<String, String> TAG_TITLES = Map.of("param", "Parameter", "return", "Returns",
      "throws", "Throws", "exception", "Throws", "see", "See", "since", "Since", "implSpec", "Implementation");

  private Javadoc() {}

  /**
   * Where to ask JShell for documentation when the caret is at {@code caret}: past the end of a name
   * the caret is inside, and past the {@code (} that follows a method's name, so that the method is
   * documented, not what its name is.
   */
  static int documentationCursor(String code, int caret) {
    int at = Math.max(0, Math.min(caret, code.length()));
    while (at < code.length() && Character.isJavaIdentifierPart(code.charAt(at))) at++;
    int paren = at;
    while (paren < code.length() && Character.isWhitespace(code.charAt(paren))) paren++;
    return paren < code.length() && code.charAt(paren) == '(' ? paren + 1 : at;
  }

  /** Each documentation's signature, then its Javadoc as text; overloads one after the other. */
  static String text(List<Documentation> docs) {
    return docs.stream().map(d -> d.javadoc() == null || d.javadoc().isBlank() ? d.signature()
        : d.signature() + "\n\n" + text(d.javadoc())).collect(Collectors.joining("\n\n"));
  }

  /** The same as HTML, kept from MathJax (a {@code $} in a command is text). */
  static String html(List<Documentation> docs) {
    StringBuilder s = new StringBuilder("<div class=\"aihc-doc tex2jax_ignore mathjax_ignore\">");
    for (Documentation d : docs) {
      s.append("<pre>").append(escape(d.signature())).append("</pre>");
      if (d.javadoc() != null && !d.javadoc().isBlank()) s.append(html(d.javadoc()));
    }
    return s.append("</div>").toString();
  }

  /** A raw Javadoc comment as text: paragraphs separated by blank lines, then one line per block tag. */
  static String text(String javadoc) {
    Parts parts = Parts.of(javadoc);
    List<String> out = new ArrayList<>();
    for (String paragraph : paragraphs(parts.description)) out.add(paragraph);
    List<String> tags = new ArrayList<>();
    for (String[] tag : parts.tags) tags.add(title(tag[0]) + ": " + flat(inline(tag[1], false)));
    if (!tags.isEmpty()) out.add(String.join("\n", tags));
    return String.join("\n\n", out);
  }

  /** A raw Javadoc comment as HTML: its own markup kept, inline tags as code, block tags as a list. */
  static String html(String javadoc) {
    Parts parts = Parts.of(javadoc);
    StringBuilder s = new StringBuilder("<div>").append(inline(parts.description, true)).append("</div>");
    if (!parts.tags.isEmpty()) {
      s.append("<dl>");
      for (String[] tag : parts.tags) {
        s.append("<dt>").append(title(tag[0])).append("</dt><dd>").append(inline(tag[1], true)).append("</dd>");
      }
      s.append("</dl>");
    }
    return s.toString();
  }

  private static List<String> paragraphs(String description) {
    List<String> out = new ArrayList<>();
    Matcher pre = PRE.matcher(description);
    int from = 0;
    while (pre.find()) {
      addParagraphs(out, description.substring(from, pre.start()));
      String block = unescape(HTML_TAG.matcher(inline(pre.group(1), false)).replaceAll(""));
      out.add(block.replaceAll("(?m)^ ", "").strip().indent(4).stripTrailing());
      from = pre.end();
    }
    addParagraphs(out, description.substring(from));
    return out;
  }

  private static void addParagraphs(List<String> out, String html) {
    for (String p : PARAGRAPH.split(inline(html, false))) {
      String text = flat(p.replaceAll("(?i)<li>", " - "));
      if (!text.isEmpty()) out.add(text);
    }
  }

  private static String flat(String html) {
    return unescape(HTML_TAG.matcher(html).replaceAll("")).replaceAll("\\s+", " ").strip();
  }

  private static String title(String tag) {
    return TAG_TITLES.getOrDefault(tag, "@" + tag);
  }

  /** Replaces inline tags ({@code {@code ...}}, {@code {@link ...}}) by their text, or code elements in HTML. */
  static String inline(String s, boolean html) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      int open = s.indexOf("{@", i);
      if (open < 0) break;
      int end = closingBrace(s, open);
      if (end < 0) break;
      out.append(s, i, open);
      String body = s.substring(open + 2, end);
      String[] nameRest = body.split("\\s+", 2);
      String name = nameRest[0];
      String rest = nameRest.length > 1 ? nameRest[1].strip() : "";
      String shown = switch (name) {
        case "link", "linkplain" -> linkLabel(rest);
        default -> rest;
      };
      boolean code = !name.equals("linkplain") && !name.equals("literal");
      if (html) {
        out.append(code ? "<code>" + escape(shown) + "</code>" : escape(shown));
      } else {
        // text: the shown text is taken literally, so &lt; written inside {@code} must survive unescape
        out.append(shown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
      }
      i = end + 1;
    }
    return out.append(s.substring(i)).toString();
  }

  private static int closingBrace(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '{') depth++;
      else if (c == '}' && --depth == 0) return i;
    }
    return -1;
  }

  /** {@code Job#gpus(Gpu, int) label} is "label"; without a label "Job.gpus(Gpu, int)", {@code #x} "x". */
  private static String linkLabel(String ref) {
    int paren = ref.indexOf('(');
    int space = paren < 0 ? ref.indexOf(' ') : ref.indexOf(' ', ref.indexOf(')', paren) + 1);
    if (space > 0 && !ref.substring(space).isBlank()) return ref.substring(space + 1).strip();
    String target = space > 0 ? ref.substring(0, space) : ref;
    return target.startsWith("#") ? target.substring(1) : target.replace('#', '.');
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String unescape(String s) {
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
        .replace("&nbsp;", " ").replace("&amp;", "&");
  }

  /** A comment's main description and its block tags (name, text), in order. */
  private record Parts(String description, List<String[]> tags) {
    static Parts of(String javadoc) {
      Matcher m = BLOCK_TAG.matcher(javadoc);
      List<String[]> tags = new ArrayList<>();
      int descriptionEnd = javadoc.length();
      String tag = null;
      int from = 0;
      while (m.find()) {
        if (tag == null) descriptionEnd = m.start();
        else tags.add(new String[] {tag, javadoc.substring(from, m.start()).strip()});
        tag = m.group(1);
        from = m.end();
      }
      if (tag != null) tags.add(new String[] {tag, javadoc.substring(from).strip()});
      return new Parts(javadoc.substring(0, descriptionEnd).strip(), tags);
    }
  }
}
