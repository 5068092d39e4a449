package dev.aihc.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.aihc.internal.shell.SnippetSplitter.Snippet;
import java.util.List;
import jdk.jshell.JShell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

final class SnippetSplitterTest {

  private static JShell jshell;

  @BeforeAll
  static void startJShell() {
    // "local" keeps it in this JVM; only the source analysis is used, nothing is executed.
    jshell = JShell.builder().executionEngine("local").build();
  }

  @AfterAll
  static void closeJShell() {
    jshell.close();
  }

  private static List<Snippet> split(String script) {
    return SnippetSplitter.split(script, jshell.sourceCodeAnalysis());
  }

  @Test
  void givenChainContinuedWithLeadingDots_whenSplit_thenOneSnippetStartingOnItsFirstLine() {
    // given
    String script = "var s = \"abc\"\n    .toUpperCase()\n    .repeat(2);\nSystem.out.println(s);\n";

    // when
    List<Snippet> snippets = split(script);

    // then
    assertThat(snippets).extracting(Snippet::source, Snippet::line).containsExactly(
        tuple("var s = \"abc\"\n    .toUpperCase()\n    .repeat(2);", 1),
        tuple("System.out.println(s);", 4));
  }

  @Test
  void givenThreeStatementsOnOneLine_whenSplit_thenThreeSnippetsOnThatLineWithTheirColumns() {
    // given
    String script = "\nint a = 1; int b = 2;  System.out.println(a + b);\n";

    // when
    List<Snippet> snippets = split(script);

    // then
    assertThat(snippets).extracting(Snippet::line).containsExactly(2, 2, 2);
    assertThat(snippets).extracting(Snippet::column).containsExactly(1, 12, 24);
    assertThat(snippets).extracting(Snippet::source)
        .containsExactly("int a = 1;", "int b = 2;", "System.out.println(a + b);");
  }

  @Test
  void givenCommentsAndBlankLines_whenSplit_thenSnippetsStartAtTheirCodeLine() {
    // given
    String script = "// header\n\n/* block\n   comment */\n  int x = 1; // trailing\n\n/** doc */ int y = 2;\n";

    // when
    List<Snippet> snippets = split(script);

    // then
    assertThat(snippets).extracting(Snippet::source).containsExactly("int x = 1;", "int y = 2;");
    assertThat(snippets).extracting(Snippet::line).containsExactly(5, 7);
    assertThat(snippets).extracting(Snippet::column).containsExactly(3, 12);
  }

  @Test
  void givenOnlyCommentsAndBlankLines_whenSplit_thenNoSnippet() {
    assertThat(split("\n// nothing\n/* here */\n\n")).isEmpty();
  }

  @Test
  void givenLastExpressionWithoutSemicolon_whenSplit_thenItIsACompleteSnippet() {
    // when
    List<Snippet> snippets = split("int x = 1;\nSystem.out.println(x)\n");

    // then
    assertThat(snippets).last().satisfies(s -> {
      assertThat(s.source()).isEqualTo("System.out.println(x)");
      assertThat(s.complete()).isTrue();
      assertThat(s.line()).isEqualTo(2);
    });
  }

  @Test
  void givenMissingSemicolonBeforeMoreCode_whenSplit_thenTheRestIsOneSnippetForTheCompilerToReject() {
    // when
    List<Snippet> snippets = split("int a = 1;\nint y = 2\nSystem.out.println(y);\n");

    // then
    assertThat(snippets).hasSize(2);
    assertThat(snippets.get(1).line()).isEqualTo(2);
    assertThat(snippets.get(1).source()).isEqualTo("int y = 2\nSystem.out.println(y);");
  }

  @Test
  void givenUnclosedBracket_whenSplit_thenTheRestIsOneIncompleteSnippet() {
    // when
    List<Snippet> snippets = split("int a = 1;\nfoo(\n  1,\n");

    // then
    assertThat(snippets).hasSize(2);
    assertThat(snippets.get(1).complete()).isFalse();
    assertThat(snippets.get(1).line()).isEqualTo(2);
  }

  @Test
  void givenExitCommandOnItsOwnLine_whenSplit_thenItIsACommandSnippet() {
    // when
    List<Snippet> snippets = split("int a = 1;\n/exit 3\nint b = 2;\n");

    // then
    assertThat(snippets).extracting(Snippet::source).containsExactly("int a = 1;", "/exit 3", "int b = 2;");
    assertThat(snippets).extracting(Snippet::isCommand).containsExactly(false, true, false);
    assertThat(snippets.get(1).line()).isEqualTo(2);
  }
}
