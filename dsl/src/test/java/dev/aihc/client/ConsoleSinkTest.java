package dev.aihc.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.insight.Progress;
import dev.aihc.insight.Series;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.JobStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The console sink's progress bar on a terminal (redrawn in place) and elsewhere (a line now and then). */
final class ConsoleSinkTest {
  private static String capture(Consumer<ConsoleSink> show, ConsoleSink sink) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      sink.start("train", "job-1");
      show.accept(sink);
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  private static Progress step(int i) {
    return new Progress(i, 100, "step", Optional.empty(), "master-0", "step " + i + "/100");
  }

  private static JobItem ended() {
    return new JobItem("job-1", "train", JobStatus.SUCCEEDED, null, null, null, null, null, null, null, null, null,
        List.of(), null, null, List.of(), List.of(), List.of(), null, null, null, null, null, null, null);
  }

  @Test
  void givenOutputNotATerminal_whenProgressAdvancesToTheEnd_thenALineEachTenthAndNoCarriageReturn() {
    // when: 100 updates, a log line halfway, then the job ends
    String out = capture(sink -> {
      for (int i = 1; i <= 100; i++) {
        sink.progressBar(step(i));
        if (i == 50) sink.log("master-0", "halfway");
      }
      sink.polled(ended(), Duration.ofSeconds(10));
    }, ConsoleSink.PLAIN);

    // then
    assertThat(out).doesNotContain("\r");
    List<String> bars = out.lines().filter(l -> l.contains("/100")).toList();
    assertThat(bars).hasSize(11).first().asString().contains("  1% step 1/100");
    assertThat(bars.get(1)).contains(" 10% step 10/100");
    assertThat(bars).last().asString().startsWith("████████████████████ 100% step 100/100");
    assertThat(out).contains("[master-0] halfway\n");
  }

  @Test
  void givenOutputNotATerminal_whenTheJobEndsMidway_thenItsLastProgressIsPrinted() {
    // when
    String out = capture(sink -> {
      for (int i = 1; i <= 55; i++) sink.progressBar(step(i));
      sink.polled(ended(), Duration.ofSeconds(10));
    }, ConsoleSink.PLAIN);

    // then
    assertThat(out.lines().filter(l -> l.contains("/100")).toList()).hasSize(7).last().asString().contains(" 55% step 55/100");
  }

  @Test
  void givenATerminal_whenProgressAdvancesQuickly_thenOneLineRedrawnInPlaceAndKeptAtTheEnd() {
    // when: 100 updates within far less than a second
    String out = capture(sink -> {
      for (int i = 1; i <= 100; i++) sink.progressBar(step(i));
      sink.polled(ended(), Duration.ofSeconds(10));
    }, ConsoleSink.TERMINAL);

    // then: the first update drawn, the last drawn when the job ended, over it
    assertThat(out).startsWith("\r").endsWith("step 100/100 (master-0)\n");
    assertThat(out.split("\r")).hasSize(3);
    assertThat(out.chars().filter(c -> c == '\n')).as("newlines").hasSize(1);
  }

  /** What run.watch hands the sink after {@code steps} steps of 100: the progress and two series. */
  private static void picture(ConsoleSink sink, int steps) {
    List<String> lines = java.util.stream.IntStream.rangeClosed(1, steps)
        .mapToObj(i -> "step " + i + "/100 loss " + (1.0 / i) + " lr 0.001").toList();
    sink.watched(step(steps), List.of(Series.of("loss", Map.of("master-0", lines)),
        Series.of("lr", Map.of("master-0", lines))));
  }

  @Test
  void givenATerminal_whenWatched_thenOneStatusLineWithTheProgressAndEachSeriesSparklineRedrawnInPlace() {
    // when: three pictures, then the job ends
    String out = capture(sink -> {
      picture(sink, 10);
      picture(sink, 20);
      picture(sink, 30);
      sink.polled(ended(), Duration.ofSeconds(10));
    }, ConsoleSink.TERMINAL);

    // then: the first picture drawn, the last drawn over it when the job ended, kept as a line
    String[] drawn = out.split("\r");
    assertThat(drawn).hasSize(3);
    assertThat(drawn[1].strip()).isEqualTo("█░░░░░░░░░ 10% step 10/100 · loss █▄▃▂▂▂▁▁▁▁ 0.1 · lr ▅▅▅▅▅▅▅▅▅▅ 0.001");
    assertThat(drawn[2]).startsWith("███░░░░░░░ 30% step 30/100 · loss █").endsWith(" 0.03333 · lr ▅▅▅▅▅▅▅▅▅▅▅▅ 0.001\n");
  }

  @Test
  void givenOutputNotATerminal_whenWatched_thenPlainLinesAndNoCarriageReturn() {
    // when: pictures of every step, then the job ends midway
    String out = capture(sink -> {
      for (int i = 1; i <= 55; i++) picture(sink, i);
      sink.polled(ended(), Duration.ofSeconds(10));
    }, ConsoleSink.PLAIN);

    // then: a line each tenth of the way, and the last
    assertThat(out).doesNotContain("\r");
    assertThat(out.lines().toList()).hasSize(7).last().asString()
        .startsWith("█████▌░░░░ 55% step 55/100 · loss █").endsWith(" 0.01818 · lr ▅▅▅▅▅▅▅▅▅▅▅▅ 0.001");
  }
}
