package dev.aihc.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aihc.dsl.DurationText.Unit;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class DurationTextTest {
  @Test
  void givenAgesAsTyped_whenParsed_thenTheirDurations() {
    assertThat(DurationText.parse("7d").toDuration()).isEqualTo(Duration.ofDays(7));
    assertThat(DurationText.parse(" 12H ").toDuration()).isEqualTo(Duration.ofHours(12));
    assertThat(DurationText.parse("30m").toDuration()).isEqualTo(Duration.ofMinutes(30));
    assertThat(DurationText.parse("10s").toDuration()).isEqualTo(Duration.ofSeconds(10));
    assertThat(DurationText.parse("0").toDuration()).isEqualTo(Duration.ZERO);
    assertThat(DurationText.parse("500ms").toDuration()).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationText.read("500ms")).as("the wire has no milliseconds").isEmpty();
  }

  @Test
  void givenTextWithoutAUnit_whenParsed_thenRefusedShowingTheForms() {
    assertThatThrownBy(() -> DurationText.parse("7")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot read '7' as a duration. Use a whole number with d, h, m, s or ms, such as 7d, 12h, 30m, "
            + "10s or 500ms");
    assertThatThrownBy(() -> DurationText.parse("1w")).hasMessageStartingWith("cannot read '1w' as a duration");
    assertThatThrownBy(() -> DurationText.parse("-1d")).hasMessageStartingWith("cannot read '-1d' as a duration");
  }

  @Test
  void givenDurations_whenFormatted_thenTheLargestWholeUnit() {
    assertThat(DurationText.format(Duration.ofDays(30))).isEqualTo("30d");
    assertThat(DurationText.format(Duration.ofHours(36))).isEqualTo("36h");
    assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0");
    assertThat(DurationText.parse(DurationText.format(Duration.ofMinutes(45))).toDuration())
        .isEqualTo(Duration.ofMinutes(45));
  }

  @Test
  void givenWireText_whenRead_thenOnlyTheWiresOwnFormIsAValue() {
    assertThat(DurationText.read("7d")).contains(new DurationText(7, Unit.DAYS));
    assertThat(DurationText.read("0m")).hasValueSatisfying(d -> assertThat(d.isZero()).isTrue());
    assertThat(DurationText.read("30s").orElseThrow().toDuration()).isEqualTo(Duration.ofSeconds(30));
    for (String notWire : new String[] {"", "7", "7D", " 7d", "7 d", "07d", "-1d", "1w", "1234567890m", "1.5h"}) {
      assertThat(DurationText.read(notWire)).as(notWire).isEmpty();
    }
  }

  @Test
  void givenALargestUnit_whenMade_thenNoUnitAboveIt() {
    assertThat(DurationText.of(Duration.ofHours(2), Unit.MINUTES)).hasToString("120m");
    assertThat(DurationText.of(Duration.ofDays(1))).hasToString("1d");
    assertThat(DurationText.of(Duration.ZERO)).hasToString("0m");
    assertThat(DurationText.of(Duration.ofSeconds(90), Unit.MINUTES)).hasToString("90s");
    assertThatThrownBy(() -> DurationText.of(Duration.ofSeconds(-1))).hasMessageContaining("must not be negative");
  }
}
