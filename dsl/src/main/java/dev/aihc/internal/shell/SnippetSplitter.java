package dev.aihc.internal.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;

/**
 * Splits a script into JShell snippets the way a notebook kernel splits a cell: by asking {@link
 * SourceCodeAnalysis#analyzeCompletion} about the whole remaining text, so a fluent chain whose next
 * line starts with {@code .} stays one snippet (plain {@code jshell FILE} reads line by line and breaks
 * it).
 *
 * <p>Leading blank space and comments are cut off each snippet, so a snippet's line and column are
 * those of its first real character, and a diagnostic position inside it maps back to the file exactly.
 */
final class SnippetSplitter {

  /** A JShell command on a line of its own, e.g. {@code /exit 3}; analyzeCompletion cannot parse it. */
  private static final Pattern COMMAND = Pattern.compile("/[A-Za-z!?-][^\\r\\n]*");

  private SnippetSplitter() {}

  /**
   * One piece of a script.
   *
   * @param source the text to evaluate (a trailing {@code ;} may have been added by JShell)
   * @param line 1-based line of its first character in the script
   * @param column 1-based column of its first character
   * @param complete false for an unfinished tail (unclosed bracket, missing {@code ;} before more
   *     code): evaluating it reports the compile error, and it must never count as success
   */
  record Snippet(String source, int line, int column, boolean complete) {
    Snippet {
      Objects.requireNonNull(source, "source");
    }

    /** True for a JShell command such as {@code /exit}, which is not Java. */
    boolean isCommand() {
      return COMMAND.matcher(source).matches();
    }
  }

  /** Splits {@code script} into snippets in order; blank space and comments alone give none. */
  static List<Snippet> split(String script, SourceCodeAnalysis analysis) {
    Objects.requireNonNull(script, "script");
    Objects.requireNonNull(analysis, "analysis");
    List<Snippet> snippets = new ArrayList<>();
    Position position = new Position(script);
    int pos = 0;
    while (true) {
      int start = skipBlankAndComments(script, pos);
      if (start >= script.length()) {
        return snippets;
      }
      int line = position.line(start);
      int column = position.column(start);
      if (startsCommand(script, start)) {
        int end = endOfLine(script, start);
        snippets.add(new Snippet(script.substring(start, end).strip(), line, column, true));
        pos = end;
        continue;
      }
      String rest = script.substring(start);
      CompletionInfo info = analysis.analyzeCompletion(rest);
      switch (info.completeness()) {
        case COMPLETE, COMPLETE_WITH_SEMI -> {
          int consumed = rest.length() - info.remaining().length();
          if (consumed <= 0) { // cannot happen for non-blank input; never loop forever on it
            snippets.add(new Snippet(rest.stripTrailing(), line, column, false));
            return snippets;
          }
          snippets.add(new Snippet(info.source().stripTrailing(), line, column, true));
          pos = start + consumed;
        }
        case EMPTY -> {
          return snippets;
        }
        default -> {
          // Incomplete or unparsable: everything left is one snippet, whose compile error is the report.
          snippets.add(new Snippet(rest.stripTrailing(), line, column, false));
          return snippets;
        }
      }
    }
  }

  private static boolean startsCommand(String s, int at) {
    boolean aloneOnLine = s.substring(s.lastIndexOf('\n', at - 1) + 1, at).isBlank();
    return aloneOnLine && COMMAND.matcher(s.substring(at, endOfLine(s, at)).strip()).matches();
  }

  private static int endOfLine(String s, int from) {
    int nl = s.indexOf('\n', from);
    return nl < 0 ? s.length() : nl;
  }

  /** Index of the first character at or after {@code from} that is neither blank nor in a comment. */
  static int skipBlankAndComments(String s, int from) {
    int i = from;
    while (i < s.length()) {
      if (Character.isWhitespace(s.charAt(i))) {
        i++;
      } else if (s.startsWith("//", i)) {
        i = endOfLine(s, i);
      } else if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        if (end < 0) {
          return i; // unclosed comment: leave it to the compiler to report
        }
        i = end + 2;
      } else {
        return i;
      }
    }
    return i;
  }

  /** Maps offsets in a text to 1-based line and column. */
  private static final class Position {
    private final String text;

    Position(String text) {
      this.text = text;
    }

    int line(int offset) {
      int line = 1;
      for (int i = 0; i < offset; i++) {
        if (text.charAt(i) == '\n') {
          line++;
        }
      }
      return line;
    }

    int column(int offset) {
      return offset - (text.lastIndexOf('\n', offset - 1) + 1) + 1;
    }
  }
}
