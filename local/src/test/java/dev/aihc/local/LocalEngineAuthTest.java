package dev.aihc.local;

import static dev.aihc.local.RawApi.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.internal.signing.BceSigner;
import dev.aihc.client.Credentials;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every signature failure over raw HTTP gets the BCE code and status, and nothing is created. */
@Timeout(30)
final class LocalEngineAuthTest {
  private static final String LIST = "{}";

  @RegisterExtension final TestEngine t = TestEngine.perTest();

  @Test
  void givenNoAuthorizationHeader_whenPosting_thenInvalidHttpAuthHeader400() {
    // when
    RawApi.Reply r = t.api.unsigned(RawApi.request(t.api.url("DescribeJobs"), LIST));

    // then
    assertError(r, 400, "InvalidHTTPAuthHeader");
    assertThat(r.message()).isEqualTo("the Authorization header is missing. Sign every request with bce-auth-v1 "
        + "(BceSigner.sign)");
  }

  @Test
  void givenGarbledAuthorizationHeader_whenPosting_thenInvalidHttpAuthHeader400() {
    // when
    RawApi.Reply r = t.api.unsigned(RawApi.request(t.api.url("DescribeJobs"), LIST).newBuilder()
        .header("Authorization", "bce-auth-v1/only/three").build());

    // then
    assertError(r, 400, "InvalidHTTPAuthHeader");
    assertThat(r.message()).startsWith("Malformed Authorization header: expected 6 parts separated by '/' but found 3");
  }

  @Test
  void givenUnknownAccessKey_whenPosting_thenInvalidAccessKeyId403() {
    // given
    try (RawApi stranger = new RawApi(t.engine.url(), Credentials.of("someone-else", "their-secret"))) {
      // when
      RawApi.Reply r = stranger.post("CreateJob", createBody());

      // then
      assertError(r, 403, "InvalidAccessKeyId");
      assertThat(r.message()).isEqualTo("unknown access key id 'someone-else'");
    }
    assertThat(t.client.jobs().toList()).isEmpty();
  }

  @Test
  void givenWrongSecretKey_whenPosting_thenSignatureDoesNotMatch403() {
    // given
    Credentials wrong = Credentials.of(TestEngine.CREDENTIALS.accessKeyId(), "not-the-secret");
    try (RawApi forger = new RawApi(t.engine.url(), wrong)) {
      // when
      RawApi.Reply r = forger.post("CreateJob", createBody());

      // then
      assertError(r, 403, "SignatureDoesNotMatch");
      assertThat(r.message()).startsWith("signature does not match; the canonical request was:\nPOST\n/\naction=CreateJob");
    }
    assertThat(t.client.jobs().toList()).isEmpty();
  }

  @Test
  void givenQueryChangedAfterSigning_whenPosting_thenSignatureDoesNotMatch403() {
    // given: a request signed by hand for queue "default" (accepted), then replayed against queue "other"
    Instant now = Instant.now();
    Map<String, String> headers = Map.of("host", "127.0.0.1:" + t.engine.port(), "content-type",
        "application/json", "content-length", "2", "x-bce-date", BceSigner.timestamp(now));
    String authorization = BceSigner.sign(TestEngine.CREDENTIALS, "POST", "/",
        Map.of("action", "DescribeJobs", "resourcePoolId", "local", "queueID", "default"), headers, now,
        BceSigner.DEFAULT_EXPIRATION_SECONDS, null);
    HttpUrl url = t.api.url("DescribeJobs");
    Request signed = new Request.Builder().url(url)
        .post(RequestBody.create(LIST.getBytes(StandardCharsets.UTF_8), RawApi.JSON))
        .header("x-bce-date", BceSigner.timestamp(now)).header("Authorization", authorization).build();
    assertThat(t.api.unsigned(signed).status()).isEqualTo(200);

    // when
    RawApi.Reply r = t.api.unsigned(signed.newBuilder()
        .url(url.newBuilder().setQueryParameter("queueID", "other").build()).build());

    // then
    assertError(r, 403, "SignatureDoesNotMatch");
    assertThat(r.message()).contains("queueID=other");
  }

  @Test
  void givenTimestampTwentyMinutesOff_whenPosting_thenRequestExpired400BothWays() {
    for (Duration skew : new Duration[] {Duration.ofMinutes(-20), Duration.ofMinutes(20)}) {
      // given
      try (RawApi late = signingAt(skew)) {
        // when
        RawApi.Reply r = late.post("DescribeJobs", LIST);

        // then
        assertError(r, 400, "RequestExpired");
        assertThat(r.message()).contains("more than the allowed 900s");
      }
    }
  }

  @Test
  void givenSignatureOlderThanItsExpiration_whenPosting_thenRequestExpired400() {
    // given: signed 40 minutes ago, valid for the default 30
    try (RawApi old = signingAt(Duration.ofMinutes(-40))) {
      // when
      RawApi.Reply r = old.post("DescribeJobs", LIST);

      // then
      assertError(r, 400, "RequestExpired");
      assertThat(r.message()).contains("valid for 1800s, expired at");
    }
  }

  @Test
  void givenTimestampFourteenMinutesOff_whenPosting_thenAccepted() {
    try (RawApi skewed = signingAt(Duration.ofMinutes(-14))) {
      assertThat(skewed.post("DescribeJobs", LIST).status()).isEqualTo(200);
    }
  }

  /** Signs with a clock {@code skew} off this host's. */
  private RawApi signingAt(Duration skew) {
    return new RawApi(t.engine.url(), TestEngine.CREDENTIALS, Clock.offset(Clock.systemUTC(), skew));
  }

  private static String createBody() {
    return TestEngine.job("auth", "true").toCompactJson();
  }
}
