package dev.aihc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

final class RetryPolicyTest {

  @Test
  void givenDefaultPolicy_whenDelaysAreDrawn_thenTheyDoubleFrom300msWithinAQuarterAndStopAt5s() {
    // given
    RetryPolicy policy = RetryPolicy.DEFAULT;

    // when / then
    for (int i = 0; i < 2000; i++) {
      assertThat(policy.delayBefore(1).toMillis()).isBetween(225L, 375L);
      assertThat(policy.delayBefore(2).toMillis()).isBetween(450L, 750L);
      assertThat(policy.delayBefore(3).toMillis()).isBetween(900L, 1500L);
      assertThat(policy.delayBefore(10).toMillis()).isBetween(3750L, 6250L);
    }
    assertThat(policy.maxRetries()).isEqualTo(3);
  }

  @Test
  void givenNoRetries_whenDelayIsDrawn_thenZero() {
    assertThat(RetryPolicy.NONE.delayBefore(1)).isEqualTo(Duration.ZERO);
  }

  @Test
  void givenNegativeRetries_whenCreated_thenRejectedWithTheValue() {
    assertThatThrownBy(() -> new RetryPolicy(-1, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxRetries must be >= 0 but was -1");
  }
}
