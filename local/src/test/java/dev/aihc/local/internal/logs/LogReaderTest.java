package dev.aihc.local.internal.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The marker contract of DescribeJobLogs pages, on files written by hand. */
final class LogReaderTest {
  @TempDir Path dir;

  @Test
  void givenRunningReplicaWithUnfinishedLine_whenRead_thenOnlyWholeLinesAndAMarkerAfterThem() throws IOException {
    Path log = write("a\nbb\nunfinished");

    LogReader.Page page = LogReader.read(log, 0, -1, 100, List.of(), false);

    assertThat(page.lines()).containsExactly("a", "bb");
    assertThat(page.nextMarker()).isEqualTo("5");
    assertThat(LogReader.read(log, 5, -1, 100, List.of(), false)).isEqualTo(new LogReader.Page(List.of(), "5", 15));
  }

  @Test
  void givenEndedReplica_whenReadToTheEnd_thenTheLastUnfinishedLineComesAndTheMarkerIsEmpty() throws IOException {
    Path log = write("a\nlast");

    LogReader.Page page = LogReader.read(log, 2, -1, 100, List.of(), true);

    assertThat(page).isEqualTo(new LogReader.Page(List.of("last"), "", 6));
  }

  @Test
  void givenEndedReplica_whenAPageStopsAtMaxLines_thenTheMarkerStaysNonEmpty() throws IOException {
    Path log = write("1\n2\n3\n");

    LogReader.Page first = LogReader.read(log, 0, -1, 2, List.of(), true);
    LogReader.Page rest = LogReader.read(log, Long.parseLong(first.nextMarker()), -1, 2, List.of(), true);

    assertThat(first).isEqualTo(new LogReader.Page(List.of("1", "2"), "4", 6));
    assertThat(rest).isEqualTo(new LogReader.Page(List.of("3"), "", 6));
  }

  @Test
  void givenKeywords_whenRead_thenTheMarkerMovesPastLinesThatDoNotMatch() throws IOException {
    Path log = write("x ERROR\nfine\nfine\ny ERROR\n");

    LogReader.Page page = LogReader.read(log, 0, -1, 1, List.of("ERROR"), false);
    LogReader.Page next = LogReader.read(log, Long.parseLong(page.nextMarker()), -1, 5, List.of("ERROR", "WARN"), false);

    assertThat(page).isEqualTo(new LogReader.Page(List.of("x ERROR"), "8", 26));
    assertThat(next).isEqualTo(new LogReader.Page(List.of("y ERROR"), "26", 26));
  }

  @Test
  void givenEndBound_whenRead_thenLinesStartingBeforeItComeAndTheWindowEndsTheMarker() throws IOException {
    Path log = write("one\ntwo\nthree\n");

    LogReader.Page page = LogReader.read(log, 0, 5, 100, List.of(), false); // the bound falls inside "two"

    assertThat(page).isEqualTo(new LogReader.Page(List.of("one", "two"), "", 14));
  }

  @Test
  void givenMarkerBeyondTheEnd_whenRead_thenItIsTreatedAsTheEnd() throws IOException {
    Path log = write("capped\n");

    assertThat(LogReader.read(log, 999, -1, 10, List.of(), false)).isEqualTo(new LogReader.Page(List.of(), "7", 7));
    assertThat(LogReader.read(log, 999, -1, 10, List.of(), true)).isEqualTo(new LogReader.Page(List.of(), "", 7));
  }

  @Test
  void givenNoLogYet_whenRead_thenEmptyWithTheStartMarkerUntilTheReplicaEnded() throws IOException {
    Path log = dir.resolve("missing.log");

    assertThat(LogReader.read(log, 0, -1, 10, List.of(), false)).isEqualTo(new LogReader.Page(List.of(), "0", 0));
    assertThat(LogReader.read(log, 0, -1, 10, List.of(), true)).isEqualTo(new LogReader.Page(List.of(), "", 0));
  }

  @Test
  void givenCrlfAndUtf8_whenRead_thenLinesAreDecodedWithoutTheirLineEnds() throws IOException {
    Path log = write("héllo\r\n世界\n");

    assertThat(LogReader.read(log, 0, -1, 10, List.of(), true).lines()).containsExactly("héllo", "世界");
  }

  @Test
  void givenOneLineLongerThanAPage_whenRead_thenItComesInPiecesSoReadingAlwaysMovesOn() throws IOException {
    Path log = write("x".repeat(LogReader.MAX_SCAN_BYTES + 10) + "\nnext\n");

    LogReader.Page first = LogReader.read(log, 0, -1, 10, List.of(), false);
    LogReader.Page second = LogReader.read(log, Long.parseLong(first.nextMarker()), -1, 10, List.of(), false);

    assertThat(first.lines()).singleElement().satisfies(l -> assertThat(l).hasSize(LogReader.MAX_SCAN_BYTES));
    assertThat(second.lines()).containsExactly("x".repeat(10), "next");
  }

  @Test
  void givenLinesThatNeedEscaping_whenPageWrittenAsJson_thenSameBytesAsJacksonWritesTheStrings() throws IOException {
    // lines copied as bytes and lines Jackson escapes, side by side, through the tree the engine's answer becomes
    Path log = write(" iteration 1/10 | lm loss: 7.8E+00 |\nsay \"hi\" to C:\\tmp\n\ttab\u0001\n"
        + "37%|\u2588\u2588\u258b | 370/1000\ncafé\r\n\u007f\n\n");
    LogReader.Page page = LogReader.read(log, 0, -1, 100, List.of(), true);
    List<String> strings = List.copyOf(page.lines());
    assertThat(strings).hasSize(7).contains("say \"hi\" to C:\\tmp", "café", "");
    var mapper = dev.aihc.internal.json.Json.mapper();
    record Answer(String jobId, List<String> logs) {}
    byte[] expected = mapper.writeValueAsBytes(mapper.valueToTree(new Answer("j", strings)));
    assertThat(new String(mapper.writeValueAsBytes(mapper.valueToTree(new Answer("j", page.lines()))), StandardCharsets.UTF_8))
        .isEqualTo(new String(expected, StandardCharsets.UTF_8));
    assertThat(mapper.writeValueAsString(page.lines())).isEqualTo(mapper.writeValueAsString(strings));
  }

  private Path write(String text) throws IOException {
    Path log = dir.resolve("pod.log");
    Files.write(log, text.getBytes(StandardCharsets.UTF_8));
    return log;
  }
}
