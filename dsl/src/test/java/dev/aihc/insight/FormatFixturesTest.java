package dev.aihc.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every excerpt under {@code logs/formats}: what {@code progress()} and {@code series()} read from the lines a
 * framework prints, against what a person reads from them (its {@code .expect}; the README there says how).
 */
final class FormatFixturesTest {
  static final Path DIR = dir();

  static Stream<String> fixtures() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log"))
          .map(n -> n.substring(0, n.length() - 4)).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void progressIsWhatAPersonReads(String fixture) throws IOException {
    Expect expect = Expect.of(fixture);
    LogScanner scanner = new LogScanner(null, n -> false);
    lines(fixture).forEach(scanner::accept);

    if (expect.progress == null) {
      assertThat(scanner.last()).as("progress").isNull();
    } else {
      assertThat(scanner.last()).as("progress").isNotNull();
      assertThat(scanner.last().total()).as("total of " + scanner.last()).isEqualTo(expect.progress[1]);
      assertThat(scanner.last().step() / scanner.last().total()).as("fraction of " + scanner.last())
          .isCloseTo(expect.progress[0] / expect.progress[1], within(0.001));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void seriesAreWhatAPersonReads(String fixture) throws IOException {
    Expect expect = Expect.of(fixture);
    List<String> lines = lines(fixture);
    for (String[] s : expect.series) {
      LogScanner scanner = scan(s[0], lines);
      LogName name = scanner.names().stream().filter(n -> n.text.equalsIgnoreCase(s[0])).findFirst().orElse(null);
      assertThat(name).as("a name " + s[0] + " among " + scanner.names()).isNotNull();
      ValueTrack t = scanner.values(name);
      assertThat(t).as("values of " + s[0]).isNotNull();
      List<String> got = new ArrayList<>();
      for (int i = 0; i < t.size; i++) got.add(num(t.steps[i]) + "=" + num(t.values[i]));
      String[] want = s[1].trim().split("\\s+");
      assertThat(t.size).as(s[0] + ": " + got).isEqualTo(want.length);
      for (int i = 0; i < want.length; i++) {
        int eq = want[i].indexOf('=');
        double v = Double.parseDouble(eq < 0 ? want[i] : want[i].substring(eq + 1));
        if (eq > 0) assertThat(t.steps[i]).as(s[0] + " step " + i + ": " + got).isEqualTo(Double.parseDouble(want[i].substring(0, eq)));
        if (Double.isNaN(v)) assertThat(Double.isNaN(t.values[i])).as(s[0] + " NaN: " + got).isTrue();
        else if (Double.isInfinite(v)) assertThat(t.values[i]).as(s[0] + ": " + got).isEqualTo(v);
        else assertThat(t.values[i]).as(s[0] + ": " + got).isCloseTo(v, within(1e-4 * Math.max(1, Math.abs(v))));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void lossIsTheNameAPersonMeans(String fixture) throws IOException {
    Expect expect = Expect.of(fixture);
    LogScanner scanner = scan("loss", lines(fixture));
    if (expect.loss.startsWith("ambiguous")) {
      List<String> candidates = Arrays.stream(expect.loss.split("\\|")).skip(1).map(String::trim).toList();
      assertThatThrownBy(() -> SeriesNames.resolve("loss", List.of(scanner)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(String.join(", ", candidates));
    } else if (expect.loss.equals("none")) {
      assertThat(SeriesNames.resolve("loss", List.of(scanner))).isEmpty();
    } else {
      assertThat(SeriesNames.resolve("loss", List.of(scanner))).hasValueSatisfying(
          n -> assertThat(n).isEqualToIgnoringCase(expect.loss));
    }
    LogScanner all = scan("-", lines(fixture));
    List<String> printed = SeriesNames.printed(List.of(all)).stream().map(n -> n.toLowerCase(java.util.Locale.ROOT)).toList();
    assertThat(printed).as("names").containsAll(expect.names.stream().map(n -> n.toLowerCase(java.util.Locale.ROOT)).toList());
  }

  /**
   * A long log's head (read apart from its newest lines) is scanned only where a line may state a total: every
   * line of every fixture that names a run's total, or says {@code N epochs}, or is a column header, is one.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void aLongLogsHeadKeepsEveryLineThatStatesATotal(String fixture) throws IOException {
    LineFields f = new LineFields();
    for (String line : lines(fixture)) {
      f.read(LogScanner.stripAnsi(line));
      boolean total = false;
      boolean keys = false;
      for (int i = 0; i < f.size; i++) {
        if (line.startsWith(" epochs", f.valueEnd[i])) total = true;
        if (f.keyStart[i] < 0) continue;
        keys = true;
        if (new LogName(f.text.substring(f.keyStart[i], f.keyEnd[i])).totalKind != LogName.NOT_A_TOTAL) total = true;
      }
      boolean header = !keys && line.strip().split(" {2,}").length >= 3 && !line.strip().isEmpty()
          && LineFields.isLetter(line.strip().charAt(0)) && line.strip().matches("[A-Za-z][^:=|]*");
      if (total || header) assertThat(LogStream.mayStateTotal(line)).as(line).isTrue();
    }
    // Megatron-LM's iteration line states its own total; 2,000 of them were what a cold progress() parsed
    assertThat(LogStream.mayStateTotal(" [2026-12-07 10:00:01] iteration        1/  301000 | consumed samples:"
        + "          512 | elapsed time per iteration (ms): 1200.0 | lm loss: 1.0E+01 | number of skipped iterations:"
        + "   0 |")).isFalse();
  }

  static LogScanner scan(String name, List<String> lines) {
    LogScanner scanner = new LogScanner(null, SeriesNames.keep(name));
    lines.forEach(scanner::accept);
    return scanner;
  }

  private static String num(double v) {
    return v == Math.rint(v) && !Double.isInfinite(v) ? Long.toString((long) v) : Double.toString(v);
  }

  static List<String> lines(String fixture) throws IOException {
    String text = Files.readString(DIR.resolve(fixture + ".log"), StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    if (out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
    return out;
  }

  /** A fixture's {@code .expect}. */
  static final class Expect {
    double[] progress;
    List<String[]> series = new ArrayList<>();
    String loss;
    List<String> names = List.of();
    List<String> sources = new ArrayList<>();

    static Expect of(String fixture) throws IOException {
      Expect e = new Expect();
      for (String raw : Files.readAllLines(DIR.resolve(fixture + ".expect"))) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) continue;
        int colon = line.indexOf(':');
        String key = line.substring(0, colon);
        String value = line.substring(colon + 1).strip();
        switch (key) {
          case "source" -> e.sources.add(value);
          case "progress" -> {
            if (!value.equals("none")) {
              String[] p = value.split("/");
              e.progress = new double[] {Double.parseDouble(p[0]), Double.parseDouble(p[1])};
            }
          }
          case "series" -> {
            int bar = value.indexOf(" | ");
            e.series.add(new String[] {value.substring(0, bar).strip(), value.substring(bar + 3)});
          }
          case "loss" -> e.loss = value;
          case "names" -> e.names = Arrays.stream(value.split(" \\| ")).map(String::strip).toList();
          default -> throw new IllegalStateException(fixture + ".expect: unknown line " + line);
        }
      }
      assertThat(e.sources).as(fixture + " names its source").isNotEmpty();
      assertThat(e.loss).as(fixture + " says what loss reads").isNotNull();
      return e;
    }
  }

  private static Path dir() {
    try {
      return Path.of(FormatFixturesTest.class.getResource("/logs/formats/README.md").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
