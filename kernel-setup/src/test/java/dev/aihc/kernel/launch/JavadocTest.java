package dev.aihc.kernel.launch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class JavadocTest {
  private static final String FOLLOW = """
      Shows every replica's log lines as they come, prefixed {@code [worker-0]}, picking up pods that
      appear or restart; see {@link Series#of(String, Map) the series}.

      <p>Second paragraph with {@code Map<String, List<String>>} and &lt;tags&gt;:
      <pre>{@code
      run.follow();
      }</pre>

      @param tail how many lines to show first
      @throws AihcInterruptedException when the calling thread is interrupted (the job keeps running)
      """;

  @ParameterizedTest(name = "caret {1} in {0}")
  @CsvSource(delimiter = '|', value = {
      "Job.named(       | 10 | 10",  // after the paren: inside the call
      "Job.named(       | 9  | 10",  // right after the name: the call that follows
      "Job.named(       | 5  | 10",  // inside the name
      "Gpu.A800         | 8  | 8",   // at the end of a constant
      "Gpu.A800         | 5  | 8",
      "job.rdma ()      | 8  | 10",
      "x                | 99 | 1"})
  void givenCaret_whenDocumentationCursor_thenPastTheNameAndItsParen(String code, int caret, int expected) {
    assertThat(Javadoc.documentationCursor(code, caret)).isEqualTo(expected);
  }

  @Test
  void givenJavadoc_whenText_thenParagraphsWithInlineTagsAsTextAndBlockTagsAsLines() {
    // when
    String text = Javadoc.text(FOLLOW);

    // then
    assertThat(text).startsWith("Shows every replica's log lines as they come, prefixed [worker-0], picking up pods "
        + "that appear or restart; see the series.\n\nSecond paragraph with Map<String, List<String>> and <tags>:")
        .contains("\n    run.follow();\n")
        .endsWith("Parameter: tail how many lines to show first\n"
            + "Throws: AihcInterruptedException when the calling thread is interrupted (the job keeps running)")
        .doesNotContain("{@", "<p>", "&lt;");
  }

  @Test
  void givenJavadoc_whenHtml_thenCodeElementsEscapedAndTagsListed() {
    // when
    String html = Javadoc.html(FOLLOW);

    // then
    assertThat(html).contains("prefixed <code>[worker-0]</code>", "<code>Map&lt;String, List&lt;String&gt;&gt;</code>",
        "<code>the series</code>", "<dt>Throws</dt><dd>AihcInterruptedException when").doesNotContain("{@");
  }
}
