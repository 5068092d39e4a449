package dev.aihc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class CredentialsTest {

  @Test
  void givenPaddedKeys_whenCreated_thenValuesAreTrimmed() {
    Credentials c = Credentials.of("  ak-1 ", "\tsk-1\n");

    assertThat(c.accessKeyId()).isEqualTo("ak-1");
    assertThat(c.secretAccessKey()).isEqualTo("sk-1");
    assertThat(c.sessionToken()).isEmpty();
  }

  @Test
  void givenSessionToken_whenCreated_thenTokenIsPresent() {
    Credentials c = Credentials.of("ak", "sk", " tok ");

    assertThat(c.sessionToken()).contains("tok");
  }

  @Test
  void givenNullOrBlankArgument_whenCreated_thenErrorNamesTheArgument() {
    assertThatThrownBy(() -> Credentials.of(null, "sk"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("accessKeyId == null");
    assertThatThrownBy(() -> Credentials.of("ak", "  "))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("secretAccessKey must not be blank");
    assertThatThrownBy(() -> Credentials.of("ak", "sk", ""))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("sessionToken must not be blank");
    assertThatThrownBy(() -> Credentials.of("ak", "sk", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("sessionToken == null");
  }

  @Test
  void givenCredentials_whenPrinted_thenSecretsAreMasked() {
    Credentials c = Credentials.of("AKID123", "VERY-SECRET", "TOKEN-SECRET");

    assertThat(c.toString())
        .isEqualTo("Credentials{accessKeyId=AKID123, secretAccessKey=****, sessionToken=****}")
        .doesNotContain("VERY-SECRET", "TOKEN-SECRET");
    assertThat(Credentials.of("AKID123", "VERY-SECRET").toString())
        .isEqualTo("Credentials{accessKeyId=AKID123, secretAccessKey=****}");
  }

  @Test
  void givenSameValues_whenCompared_thenEqualByValue() {
    assertThat(Credentials.of("ak", "sk")).isEqualTo(Credentials.of(" ak", "sk "))
        .hasSameHashCodeAs(Credentials.of("ak", "sk"));
    assertThat(Credentials.of("ak", "sk")).isNotEqualTo(Credentials.of("ak", "sk2"));
    assertThat(Credentials.of("ak", "sk")).isNotEqualTo(Credentials.of("ak", "sk", "t"));
  }
}
