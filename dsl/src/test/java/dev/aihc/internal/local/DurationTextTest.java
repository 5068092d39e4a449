package dev.aihc.internal.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

final class DurationTextTest {
  @Test
  void givenAgesAsTyped_whenParsed_thenTheirDurations() {
    assertThat(DurationText.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(DurationText.parse(" 12H ")).isEqualTo(Duration.ofHours(12));
    assertThat(DurationText.parse("30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(DurationText.parse("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(DurationText.parse("0")).isEqualTo(Duration.ZERO);
  }

  @Test
  void givenTextWithoutAUnit_whenParsed_thenRefusedShowingTheForms() {
    assertThatThrownBy(() -> DurationText.parse("7")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot read '7' as a duration. Use a whole number with d, h, m or s, such as 7d, 12h, 30m or 10s");
    assertThatThrownBy(() -> DurationText.parse("1w")).hasMessageStartingWith("cannot read '1w' as a duration");
    assertThatThrownBy(() -> DurationText.parse("-1d")).hasMessageStartingWith("cannot read '-1d' as a duration");
  }

  @Test
  void givenDurations_whenFormatted_thenTheLargestWholeUnit() {
    assertThat(DurationText.format(Duration.ofDays(30))).isEqualTo("30d");
    assertThat(DurationText.format(Duration.ofHours(36))).isEqualTo("36h");
    assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0");
    assertThat(DurationText.parse(DurationText.format(Duration.ofMinutes(45)))).isEqualTo(Duration.ofMinutes(45));
  }
}
