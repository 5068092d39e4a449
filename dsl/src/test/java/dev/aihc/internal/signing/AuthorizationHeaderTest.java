package dev.aihc.internal.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class AuthorizationHeaderTest {
  private static final String SIG = "7ac537dec24b566b5eb6a22a75c9e538d81cabad63aac83ddadbe499c2d345da";

  @Test
  void givenDefaultForm_whenParsed_thenPartsAndEmptySignedHeaders() {
    AuthorizationHeader h = AuthorizationHeader.parse("bce-auth-v1/ak1/2026-08-19T03:04:05Z/1800//" + SIG);

    assertThat(h.accessKeyId()).isEqualTo("ak1");
    assertThat(h.timestamp()).isEqualTo(Instant.parse("2026-08-19T03:04:05Z"));
    assertThat(h.expirationSeconds()).isEqualTo(1800);
    assertThat(h.usesDefaultHeaders()).isTrue();
    assertThat(h.signature()).isEqualTo(SIG);
  }

  @Test
  void givenListedForm_whenParsed_thenRoundTripsToSameText() {
    String text = "bce-auth-v1/ak1/2026-08-19T03:04:05Z/3600/content-type;host;x-bce-date/" + SIG;

    AuthorizationHeader h = AuthorizationHeader.parse(text);

    assertThat(h.signedHeaders()).containsExactly("content-type", "host", "x-bce-date");
    assertThat(h.value()).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "bce-auth-v1/ak1/2026-08-19T03:04:05Z/1800/" + SIG + "|expected 6 parts separated by '/' but found 5",
      "bce-auth-v2/ak1/2026-08-19T03:04:05Z/1800//" + SIG + "|it must start with bce-auth-v1",
      "bce-auth-v1//2026-08-19T03:04:05Z/1800//" + SIG + "|the access key id is empty",
      "bce-auth-v1/ak1/2026-08-19T03:04:05.5Z/1800//" + SIG + "|the timestamp is not UTC yyyy-MM-ddTHH:mm:ssZ",
      "bce-auth-v1/ak1/2026-02-30T03:04:05Z/1800//" + SIG + "|the timestamp is not UTC yyyy-MM-ddTHH:mm:ssZ",
      "bce-auth-v1/ak1/2026-08-19T03:04:05Z/-5//" + SIG + "|expirationSeconds must be a positive whole number",
      "bce-auth-v1/ak1/2026-08-19T03:04:05Z/0//" + SIG + "|expirationSeconds must be a positive whole number",
      "bce-auth-v1/ak1/2026-08-19T03:04:05Z/1800/host;;x/" + SIG
          + "|signedHeaders must be lower-case header names but contained ''",
      "bce-auth-v1/ak1/2026-08-19T03:04:05Z/1800//ABC|signature must be 64 lower-case hex characters",
  })
  void givenGarbledText_whenParsed_thenErrorNamesThePartAndOmitsTheHeader(String text, String reason) {
    assertThatThrownBy(() -> AuthorizationHeader.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Malformed Authorization header: " + reason + ". Expected bce-auth-v1/{accessKeyId}/"
            + "{timestamp}/{expirationSeconds}/{signedHeaders}/{signature}.");
  }

  @Test
  void givenHeader_whenPrinted_thenSignatureIsShortened() {
    AuthorizationHeader h = new AuthorizationHeader("ak1", Instant.parse("2026-08-19T03:04:05Z"), 1800,
        List.of("host"), SIG);

    assertThat(h.toString()).isEqualTo("AuthorizationHeader{accessKeyId=ak1, timestamp=2026-08-19T03:04:05Z, "
        + "expirationSeconds=1800, signedHeaders=[host], signature=7ac537de…}");
  }
}
