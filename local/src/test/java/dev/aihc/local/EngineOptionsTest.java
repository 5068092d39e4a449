package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aihc.local.internal.config.EngineOptionsFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduling and fault-tolerance options of the engine (the schema upgrade is in LocalEngineHomeTest). */
final class EngineOptionsTest {
  @TempDir Path home;

  @Test
  void givenConfig_whenMinuteAndPauseAreSet_thenTheyAreKeptCheckedAndShown() {
    LocalEngineConfig c = LocalEngineConfig.of(home);

    assertThat(c.minute()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.isLaunchingPaused()).isFalse();
    LocalEngineConfig fast = c.minute(Duration.ofSeconds(1)).launchingPaused(true);
    assertThat(fast.minute()).isEqualTo(Duration.ofSeconds(1));
    assertThat(fast.isLaunchingPaused()).isTrue();
    assertThat(fast.toString()).endsWith(", minute=PT1S, launchingPaused}");
    assertThat(c.minute(Duration.ofMinutes(1))).isSameAs(c);
    assertThatThrownBy(() -> c.minute(Duration.ZERO)).hasMessageStartingWith("minute must be > 0 but was PT0S");
  }

  @Test
  void givenMainArguments_whenMinuteAndPauseLaunchingGiven_thenTheConfigFollows() {
    LocalEngineConfig c = LocalEngineMain.parse(new String[] {"--home", home.toString(), "--minute", "1s",
        "--pause-launching"});

    assertThat(c.minute()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.isLaunchingPaused()).isTrue();
    assertThatThrownBy(() -> LocalEngineMain.parse(new String[] {"--home", "x", "--minute", "soon"}))
        .hasMessage("--minute: cannot read 'soon' as a duration. Use a whole number with d, h, m, s or ms, such as "
            + "7d, 12h, 30m, 10s or 500ms");
  }

  @Test
  void givenOneText_whenReadAsMinuteOnTheCommandLineAndInConfigJson_thenBothAgree() throws Exception {
    for (String text : List.of("250ms", "1s", " 2 M", "1h", "PT2S", "0", "1w", "1.5s")) {
      java.nio.file.Files.writeString(home.resolve(EngineOptionsFile.NAME), "{\"minute\": \"" + text + "\"}");
      String cli = outcome(() -> LocalEngineMain.parse(new String[] {"--home", home.toString(), "--minute", text})
          .minute());
      String file = outcome(() -> LocalEngineConfig.of(home).withDefaults(EngineOptionsFile.read(home)).minute());
      assertThat(file.replace(home.resolve(EngineOptionsFile.NAME) + ": ", "")).as(text)
          .isEqualTo(cli.replaceFirst("^--", ""));
    }
    assertThat(LocalEngineMain.parse(new String[] {"--home", home.toString(), "--minute", "250ms"}).minute())
        .isEqualTo(Duration.ofMillis(250));
  }

  private static String outcome(java.util.function.Supplier<Duration> read) {
    try {
      return read.get().toString();
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }
}
