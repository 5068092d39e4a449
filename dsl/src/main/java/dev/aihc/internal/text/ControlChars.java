package dev.aihc.internal.text;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Control characters in text a job controls (its log lines, name, reason, events) shown escaped, so that
 * printing it cannot drive the terminal: {@code ESC ]0;title BEL} sets a window title, {@code ESC [2J}
 * clears the screen, others move the cursor over what was printed before. ESC shows as {@code \e}, the
 * other C0 controls but newline and tab in caret notation ({@code ^G}, {@code ^M}), DEL as {@code ^?}
 * and the C1 controls (U+0080 to U+009F, which some terminals obey like ESC sequences) as {@code \x9B}.
 */
public final class ControlChars {
  private ControlChars() {}

  /** {@code text} with every control character but newline and tab escaped; null stays null. */
  public static String escape(String text) {
    if (text == null) return null;
    int i = 0;
    while (i < text.length() && !escaped(text.charAt(i))) i++;
    if (i == text.length()) return text;
    StringBuilder b = new StringBuilder(text.length() + 8).append(text, 0, i);
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (escaped(c)) b.append(shown(c));
      else b.append(c);
    }
    return b.toString();
  }

  /** Whether {@code c} is a control character other than newline and tab. */
  public static boolean escaped(char c) {
    return c != '\n' && c != '\t' && (c < 0x20 || (c >= 0x7F && c <= 0x9F));
  }

  /** How {@code c}, a control character, is shown. */
  public static String shown(char c) {
    if (c == 0x1B) return "\\e";
    if (c < 0x20) return "^" + (char) (c + 64);
    if (c == 0x7F) return "^?";
    return String.format("\\x%02X", (int) c);
  }

  /**
   * A stream that prints what it is given to {@code out} in UTF-8 with control characters escaped as
   * {@link #escape} does (newline and tab pass): for a command line whose every view may show job text.
   */
  public static PrintStream escaping(PrintStream out) {
    return new PrintStream(new EscapingStream(out), true, StandardCharsets.UTF_8);
  }

  /** A command that prints to an output and an error stream, with its exit status. */
  public interface Command {
    int run(PrintStream out, PrintStream err);
  }

  /** Runs {@code command} printing through {@link #escaping} streams over {@code out} and {@code err}. */
  public static int escaped(PrintStream out, PrintStream err, Command command) {
    PrintStream escapedOut = escaping(out);
    PrintStream escapedErr = escaping(err);
    try {
      return command.run(escapedOut, escapedErr);
    } finally {
      escapedOut.flush();
      escapedErr.flush();
    }
  }

  /** Escapes control bytes of UTF-8 text: C0 and DEL are single bytes, C1 is {@code C2 80} to {@code C2 9F}. */
  private static final class EscapingStream extends FilterOutputStream {
    private boolean afterC2;

    EscapingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      b &= 0xFF;
      if (afterC2) {
        afterC2 = false;
        if (b >= 0x80 && b <= 0x9F) {
          out.write(shown((char) b).getBytes(StandardCharsets.US_ASCII));
          return;
        }
        out.write(0xC2);
      }
      if (b == 0xC2) {
        afterC2 = true;
      } else if (b < 0x80 && escaped((char) b)) {
        out.write(shown((char) b).getBytes(StandardCharsets.US_ASCII));
      } else {
        out.write(b);
      }
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
      for (int i = off; i < off + len; i++) write(bytes[i]);
    }

    @Override
    public void close() throws IOException {
      if (afterC2) out.write(0xC2);
      afterC2 = false;
      flush(); // the underlying stream (System.out) is not ours to close
    }
  }
}
