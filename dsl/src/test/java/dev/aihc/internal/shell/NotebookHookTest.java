package dev.aihc.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aihc.client.OutputSink;
import org.junit.jupiter.api.Test;

final class NotebookHookTest {
  @Test
  void givenNoKernelJar_whenInstall_thenConsoleSink() {
    // given: this module's test class path has no aihc-kernel jar
    assertThatThrownBy(() -> Class.forName(NotebookHook.NOTEBOOK)).isInstanceOf(ClassNotFoundException.class);

    // when
    OutputSink sink = NotebookHook.install();

    // then
    assertThat(sink).isSameAs(OutputSink.console());
  }
}
