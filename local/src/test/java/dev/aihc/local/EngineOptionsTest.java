package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
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
    assertThat(LocalEngineMain.duration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(LocalEngineMain.duration("PT2S")).isEqualTo(Duration.ofSeconds(2));
    assertThatThrownBy(() -> LocalEngineMain.parse(new String[] {"--home", "x", "--minute", "soon"}))
        .hasMessage("--minute must be a duration such as 1s, 500ms or PT1S but was 'soon'");
  }
}
