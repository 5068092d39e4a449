package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** engine.log is rotated by size while the engine writes it, one old copy kept, each line whole. */
final class EngineLogFileTest {
  @TempDir Path home;

  @Test
  void givenALogCappedAtAKilobyte_whenFiveKilobytesOfLinesAreWritten_thenTwoFilesUnderTheCapHoldTheLatestLines()
      throws Exception {
    Path log = home.resolve("engine.log");
    try (PrintStream out = new PrintStream(new EngineLogFile(log, 1024), true, StandardCharsets.UTF_8)) {
      for (int i = 0; i < 50; i++) out.println(String.format("line %03d %s", i, "x".repeat(90)));
    }
    assertThat(Files.size(log)).isLessThanOrEqualTo(1024 + 100); // cut at the first line's end past the cap
    assertThat(Files.size(home.resolve("engine.log.1"))).isLessThanOrEqualTo(1024 + 100);
    List<String> latest = Files.readAllLines(log);
    assertThat(latest).isNotEmpty().allMatch(l -> l.matches("line \\d{3} x{90}"));
    assertThat(latest.get(latest.size() - 1)).startsWith("line 049 ");
    assertThat(Files.readAllLines(home.resolve("engine.log.1"))).allMatch(l -> l.matches("line \\d{3} x{90}"));
    assertThat(Files.getPosixFilePermissions(log)).hasSize(2); // rw------- like every file of a home
  }
}
