package dev.aihc.internal.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.aihc.client.Credentials;

final class BceSignerTest {
  private static final Credentials KEYS = Credentials.of("ak-test", "sk-very-secret");
  private static final Instant T = Instant.parse("2026-08-19T03:04:05Z");
  private static final Map<String, String> HEADERS = Map.of(
      "Host", "aihc.bj.baidubce.com",
      "Content-Type", "application/json",
      "Content-Length", "2",
      "x-bce-date", "2026-08-19T03:04:05Z");
  private static final Map<String, String> QUERY = Map.of("action", "DescribeJobs", "queueID", "default");

  @Test
  void givenInstantWithFraction_whenFormatted_thenUtcWholeSeconds() {
    assertThat(BceSigner.timestamp(Instant.parse("2026-08-19T03:04:05.987654Z")))
        .isEqualTo("2026-08-19T03:04:05Z");
    assertThat(BceSigner.timestamp(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00Z");
  }

  @Test
  void givenInstantsAcrossYearsZeroTo9999_whenFormatted_thenTheyReadBackToTheSameSecond() {
    java.util.Random random = new java.util.Random(3);
    long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    assertThat(BceSigner.timestamp(Instant.ofEpochSecond(first))).isEqualTo("0000-01-01T00:00:00Z");
    assertThat(BceSigner.timestamp(Instant.ofEpochSecond(last))).isEqualTo("9999-12-31T23:59:59Z");
    assertThat(BceSigner.timestamp(Instant.parse("0987-06-05T04:03:02Z"))).isEqualTo("0987-06-05T04:03:02Z");
    for (int i = 0; i < 10_000; i++) {
      Instant t = Instant.ofEpochSecond(first + (long) (random.nextDouble() * (last - first)));
      String text = BceSigner.timestamp(t);
      assertThat(text).isEqualTo(t.toString()); // ISO-8601, which prints whole seconds without a fraction
      assertThat(BceSigner.parseTimestamp(text)).isEqualTo(t);
    }
  }

  @Test
  void givenTimestampsOfTheRightLengthButWrong_whenParsed_thenRefusedAsTheStrictFormatterRefusesThem() {
    for (String text : List.of("2026-02-30T03:04:05Z", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-00-10T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T23:60:00Z", "2026-01-01T23:59:60Z",
        "2026-1a-01T00:00:00Z", "2026-01-01 00:00:00Z", "2026-01-01T00:00:00z", "+026-01-01T00:00:00Z",
        "2026-01-01T0-:00:00Z")) {
      assertThatThrownBy(() -> BceSigner.parseTimestamp(text)).as(text)
          .isInstanceOf(java.time.format.DateTimeParseException.class);
    }
    assertThat(BceSigner.parseTimestamp("2024-02-29T23:59:59Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59Z"));
  }

  @Test
  void givenDefaultSet_whenSigned_thenSignedHeadersFieldIsEmpty() {
    String auth = sign(HEADERS, null);

    assertThat(auth).startsWith("bce-auth-v1/ak-test/2026-08-19T03:04:05Z/1800//").hasSize(
        "bce-auth-v1/ak-test/2026-08-19T03:04:05Z/1800//".length() + 64);
  }

  @Test
  void givenUnsortedMixedCaseList_whenSigned_thenListIsLowerCasedSortedAndDeduplicated() {
    String auth = sign(HEADERS, List.of("X-BCE-Date", "Host", "host"));

    assertThat(AuthorizationHeader.parse(auth).signedHeaders()).containsExactly("host", "x-bce-date");
  }

  @Test
  void givenHeaderNamesInAnyCase_whenSigned_thenSameAuthorization() {
    Map<String, String> shouting = Map.of(
        "HOST", "aihc.bj.baidubce.com", "content-type", "application/json",
        "CONTENT-LENGTH", "2", "X-Bce-Date", "2026-08-19T03:04:05Z");

    assertThat(sign(shouting, null)).isEqualTo(sign(HEADERS, null));
    assertThat(sign(shouting, List.of("host", "x-bce-date")))
        .isEqualTo(sign(HEADERS, List.of("host", "x-bce-date")));
  }

  @Test
  void givenNullQueryValue_whenSigned_thenSignsLikeEmptyValue() {
    Map<String, String> withNull = new HashMap<>();
    withNull.put("queueID", null);

    assertThat(CanonicalRequest.query(withNull)).isEqualTo("queueID=");
    assertThat(BceSigner.sign(KEYS, "POST", "/", withNull, HEADERS, T, 1800, null))
        .isEqualTo(BceSigner.sign(KEYS, "POST", "/", Map.of("queueID", ""), HEADERS, T, 1800, null));
  }

  @Test
  void givenAuthorizationQueryParameter_whenCanonicalized_thenItIsLeftOut() {
    assertThat(CanonicalRequest.query(Map.of("Authorization", "x", "b", "a/b c")))
        .isEqualTo("b=a%2Fb%20c");
  }

  @Test
  void givenUnsignedHeaderChange_whenSigned_thenSameAuthorization() {
    Map<String, String> more = new HashMap<>(HEADERS);
    more.put("User-Agent", "something/1.0");
    more.put("X-API-Version", "v2");

    assertThat(sign(more, null)).isEqualTo(sign(HEADERS, null));
  }

  @Test
  void givenListedHeaderThatIsAbsent_whenSigned_thenSkippedInCanonicalFormButListed() {
    String withAbsent = sign(HEADERS, List.of("host", "content-md5"));
    String withoutAbsent = sign(HEADERS, List.of("host"));

    assertThat(AuthorizationHeader.parse(withAbsent).signedHeaders()).containsExactly("content-md5", "host");
    assertThat(AuthorizationHeader.parse(withAbsent).signature())
        .isEqualTo(AuthorizationHeader.parse(withoutAbsent).signature());
  }

  @Test
  void givenBadArguments_whenSigned_thenErrorNamesTheProblem() {
    assertThatThrownBy(() -> sign(HEADERS, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("signedHeaders must not be empty; pass null to sign the default header set");
    assertThatThrownBy(() -> BceSigner.sign(KEYS, "POST", "/", QUERY, HEADERS, T, 0, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expirationSeconds must be > 0 but was 0");
    assertThatThrownBy(() -> BceSigner.sign(KEYS, "POST", "/", QUERY,
            Map.of("Host", "a", "host", "b"), T, 1800, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("headers contain 'host' more than once (names differ only in case); merge them first");
    assertThatThrownBy(() -> BceSigner.sign(KEYS, " ", "/", QUERY, HEADERS, T, 1800, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("method must not be blank");
  }

  @Test
  void givenPathWithReservedCharacters_whenEncoded_thenOnlyUnreservedAndSlashKept() {
    assertThat(CanonicalRequest.uri("/a b/c+d~e_f.g-h/é")).isEqualTo("/a%20b/c%2Bd~e_f.g-h/%C3%A9");
    assertThat(CanonicalRequest.uri("")).isEqualTo("/");
    assertThat(CanonicalRequest.uri(null)).isEqualTo("/");
  }

  @Test
  void givenValidRequest_whenVerified_thenOk() {
    Verification v = verify(sign(HEADERS, null), HEADERS, T.plusSeconds(30));

    assertThat(v.isOk()).isTrue();
    assertThat(v.detail()).isEmpty();
  }

  @Test
  void givenGarbledHeader_whenVerified_thenMalformedWithReason() {
    Verification v = verify("bce-auth-v1/ak-test/yesterday/1800//abc", HEADERS, T);

    assertThat(v.outcome()).isEqualTo(Verification.Outcome.MALFORMED_HEADER);
    assertThat(v.outcome().bceErrorCode()).contains("InvalidHTTPAuthHeader");
    assertThat(v.detail()).startsWith("Malformed Authorization header: the timestamp is not UTC");
    assertThat(verify(null, HEADERS, T).outcome()).isEqualTo(Verification.Outcome.MALFORMED_HEADER);
  }

  @Test
  void givenOtherAccessKey_whenVerified_thenAccessKeyMismatch() {
    String auth = BceSigner.sign(Credentials.of("ak-other", "sk-very-secret"), "POST", "/", QUERY, HEADERS,
        T, 1800, null);

    Verification v = verify(auth, HEADERS, T);

    assertThat(v.outcome()).isEqualTo(Verification.Outcome.ACCESS_KEY_MISMATCH);
    assertThat(v.detail()).isEqualTo("unknown access key id 'ak-other'");
    assertThat(v.outcome().httpStatus()).isEqualTo(403);
  }

  @Test
  void givenWrongSecret_whenVerified_thenMismatchShowsCanonicalRequestButNoSecret() {
    String auth = BceSigner.sign(Credentials.of("ak-test", "sk-wrong"), "POST", "/", QUERY, HEADERS,
        T, 1800, null);

    Verification v = verify(auth, HEADERS, T);

    assertThat(v.outcome()).isEqualTo(Verification.Outcome.SIGNATURE_MISMATCH);
    assertThat(v.outcome().bceErrorCode()).contains("SignatureDoesNotMatch");
    assertThat(v.detail()).isEqualTo("signature does not match; the canonical request was:\n"
        + "POST\n/\naction=DescribeJobs&queueID=default\n"
        + "content-length:2\ncontent-type:application%2Fjson\nhost:aihc.bj.baidubce.com\n"
        + "x-bce-date:2026-08-19T03%3A04%3A05Z");
    assertThat(v.detail()).doesNotContain("sk-very-secret", "sk-wrong");
  }

  @Test
  void givenListedHeaderMissingFromRequest_whenVerified_thenMismatchNamesTheHeader() {
    String auth = sign(HEADERS, List.of("host", "x-bce-date"));
    Map<String, String> withoutDate = Map.of("Host", "aihc.bj.baidubce.com");

    Verification v = verify(auth, withoutDate, T);

    assertThat(v.outcome()).isEqualTo(Verification.Outcome.SIGNATURE_MISMATCH);
    assertThat(v.detail()).isEqualTo("signed header 'x-bce-date' is missing from the request");
  }

  @Test
  void givenTimePastExpiration_whenVerified_thenExpired() {
    Verification v = BceSigner.verify(KEYS, sign(HEADERS, null), "POST", "/", QUERY, HEADERS,
        T.plusSeconds(1801), Duration.ofHours(1));

    assertThat(v.outcome()).isEqualTo(Verification.Outcome.EXPIRED);
    assertThat(v.detail()).isEqualTo("signed at 2026-08-19T03:04:05Z, valid for 1800s, expired at "
        + "2026-08-19T03:34:05Z; now is 2026-08-19T03:34:06Z");
  }

  @Test
  void givenTimestampAheadOfServerClock_whenVerified_thenOutsideTimeWindow() {
    Verification v = verify(sign(HEADERS, null), HEADERS, T.minusSeconds(901));

    assertThat(v.outcome()).isEqualTo(Verification.Outcome.OUTSIDE_TIME_WINDOW);
    assertThat(v.outcome().bceErrorCode()).contains("RequestExpired");
    assertThat(v.detail()).isEqualTo("signed at 2026-08-19T03:04:05Z but now is 2026-08-19T02:49:04Z: "
        + "901s apart, more than the allowed 900s");
  }

  @Test
  void givenTimestampExactlyAtWindowEdge_whenVerified_thenOk() {
    assertThat(verify(sign(HEADERS, null), HEADERS, T.minusSeconds(900)).isOk()).isTrue();
    assertThat(verify(sign(HEADERS, null), HEADERS, T.plusSeconds(900)).isOk()).isTrue();
  }

  @Test
  void givenNegativeWindow_whenVerified_thenRejected() {
    assertThatThrownBy(() -> BceSigner.verify(KEYS, sign(HEADERS, null), "POST", "/", QUERY, HEADERS, T,
            Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("window must be >= 0 but was PT-1S");
  }

  private static String sign(Map<String, String> headers, List<String> signedHeaders) {
    return BceSigner.sign(KEYS, "POST", "/", QUERY, headers, T, 1800, signedHeaders);
  }

  private static Verification verify(String auth, Map<String, String> headers, Instant now) {
    return BceSigner.verify(KEYS, auth, "POST", "/", QUERY, headers, now, Duration.ofMinutes(15));
  }
}
