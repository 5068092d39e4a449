package dev.aihc.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class ControlCharsTest {
  private static final String HOSTILE = "\u001b]0;pwned\u0007\u001b[2Jcleared\u009b1m\r\u007f";

  @Test
  void givenTerminalEscapes_whenEscaped_thenShownAsTextAndNewlinesTabsAndUnicodeKept() {
    assertThat(ControlChars.escape(HOSTILE)).isEqualTo("\\e]0;pwned^G\\e[2Jcleared\\x9B1m^M^?");
    assertThat(ControlChars.escape("epoch 1\tloss 0.5 — 训练 é\n")).isEqualTo("epoch 1\tloss 0.5 — 训练 é\n");
    assertThat(ControlChars.escape(null)).isNull();
  }

  @Test
  void givenAStreamOfUtf8Text_whenPrintedThroughEscaping_thenTheSameAsEscapeAndNoControlByteLeft() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = ControlChars.escaping(new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
      out.println(HOSTILE + " \u00a0nbsp \u00c2 — 训练");
    }
    String shown = bytes.toString(StandardCharsets.UTF_8);
    assertThat(shown).isEqualTo(ControlChars.escape(HOSTILE + " \u00a0nbsp \u00c2 — 训练") + "\n");
    assertThat(shown.chars().filter(c -> c < 0x20 && c != '\n' || c >= 0x7f && c <= 0x9f)).isEmpty();
  }
}
