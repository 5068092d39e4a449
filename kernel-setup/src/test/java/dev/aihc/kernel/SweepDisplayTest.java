package dev.aihc.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.view.Table;
import org.junit.jupiter.api.Test;

/** NotebookSink.show: one output per key, redrawn in place; the value drawn as a cell's value. */
final class SweepDisplayTest {

  @Test
  void aValueShownAgainUnderItsKeyRedrawsItsOutputInPlace() {
    RecordingDisplays displays = new RecordingDisplays();
    NotebookSink sink = new NotebookSink(displays);
    Table waiting = new Table(java.util.List.of("LR", "status"), java.util.List.of(java.util.List.of("0.1", "waiting")));
    Table done = new Table(java.util.List.of("LR", "status"), java.util.List.of(java.util.List.of("0.1", "Succeeded")));

    sink.show("sweep-1", waiting, "sweep: sweeping 1 variants");
    sink.show("sweep-1", done, "sweep-lr-0-1 job-1: Succeeded");
    sink.show("sweep-2", waiting, null);

    assertThat(displays.calls).containsExactly("show d0", "update d0", "show d1");
    assertThat(displays.html.get("d0")).contains("aihc-table", ">Succeeded<").doesNotContain("waiting");
    assertThat(displays.text.get("d0")).isEqualTo(done.toString());
  }
}
