package dev.aihc.local;

import static dev.aihc.local.RawApi.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.internal.signing.BceSigner;
import dev.aihc.client.Credentials;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

  @Test
  void givenASignedCreateJobSentTwice_whenTheSecondArrives_thenTheSameAnswerAndOneJob() {
    // given: a client (or a proxy) that sends the very same signed request again
    Request create = signedByHand("CreateJob", createBody(), "127.0.0.1:" + t.engine.port(), null);
    RawApi.Reply first = t.api.unsigned(create);
    assertThat(first.status()).as(first.toString()).isEqualTo(200);

    // when
    RawApi.Reply again = t.api.unsigned(create);

    // then
    assertThat(again.status()).as(again.toString()).isEqualTo(200);
    assertThat(again.json().path("jobId").asText()).isEqualTo(first.json().path("jobId").asText());
    assertThat(t.client.jobs().toList()).hasSize(1);
  }

  @Test
  void givenACapturedSignature_whenSentWithAnotherBodyOfTheSameLength_thenAccessDeniedAndNothingCreated() {
    // given: a signed request seen once (its body is not part of the signature)
    String body = createBody();
    Request seen = signedByHand("CreateJob", body, "127.0.0.1:" + t.engine.port(), null);
    assertThat(t.api.unsigned(seen).status()).isEqualTo(200);
    String other = body.replace("\"command\":\"true\"", "\"command\":\"id;:\"");
    assertThat(other).isNotEqualTo(body).hasSameSizeAs(body);

    // when
    RawApi.Reply r = t.api.unsigned(seen.newBuilder()
        .post(RequestBody.create(other.getBytes(StandardCharsets.UTF_8), RawApi.JSON)).build());

    // then
    assertError(r, 403, "AccessDenied");
    assertThat(r.message()).startsWith("this signature was already used with another body");
    assertThat(t.client.jobs().toList()).hasSize(1);
    assertThat(t.describe(t.client.jobs().toList().get(0).jobId()).command()).isEqualTo("true");
  }

  @Test
  void givenABodyThatIsNotTheSignedDigest_whenPosting_thenBadDigestAndNothingCreated() {
    // given: the client's way, the body's SHA-256 signed as x-bce-content-sha256, then the body swapped
    String body = createBody();
    Request signed = RawApi.request(t.api.url("CreateJob"), body);
    String other = body.replace("\"command\":\"true\"", "\"command\":\"id;:\"");

    // when
    RawApi.Reply r = t.api.signed(signed.newBuilder()
        .post(RequestBody.create(other.getBytes(StandardCharsets.UTF_8), RawApi.JSON)).build());

    // then
    assertError(r, 400, "BadDigest");
    assertThat(t.client.jobs().toList()).isEmpty();
  }

  @Test
  void givenASignatureThatLeavesContentLengthOut_whenPosting_thenAccessDenied() {
    // when: host and x-bce-date signed, content-length not
    RawApi.Reply r = t.api.unsigned(signedByHand("CreateJob", createBody(), "127.0.0.1:" + t.engine.port(),
        List.of("host", "x-bce-date")));

    // then
    assertError(r, 403, "AccessDenied");
    assertThat(r.message()).startsWith("the signature must cover the content-length header");
    assertThat(t.client.jobs().toList()).isEmpty();
  }

  @Test
  void givenAHostThatIsNotTheEngine_whenPostingSignedForIt_thenRefused() {
    // when: what a web page that had its own name resolve to 127.0.0.1 would send, signed for its host
    String host = "rebound.example:" + t.engine.port();
    RawApi.Reply r = t.api.unsigned(signedByHand("DescribeJobs", LIST, host, null).newBuilder()
        .header("Host", host).build());

    // then
    assertError(r, 400, "InvalidHTTPRequest");
    assertThat(r.message()).isEqualTo("the Host header '" + host + "' does not name this engine; send requests to "
        + "127.0.0.1:" + t.engine.port());
  }

  /** A request signed here for {@code host}; {@code signedHeaders} null for the default set. */
  private Request signedByHand(String action, String body, String host, List<String> signedHeaders) {
    Instant now = Instant.now();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = Map.of("host", host, "content-type", "application/json",
        "content-length", Integer.toString(bytes.length), "x-bce-date", BceSigner.timestamp(now));
    String authorization = BceSigner.sign(TestEngine.CREDENTIALS, "POST", "/",
        Map.of("action", action, "resourcePoolId", "local", "queueID", "default"), headers, now,
        BceSigner.DEFAULT_EXPIRATION_SECONDS, signedHeaders);
    return new Request.Builder().url(t.api.url(action)).post(RequestBody.create(bytes, RawApi.JSON))
        .header("x-bce-date", BceSigner.timestamp(now)).header("Authorization", authorization).build();
  }

  /** Signs with a clock {@code skew} off this host's. */
  private RawApi signingAt(Duration skew) {
    return new RawApi(t.engine.url(), TestEngine.CREDENTIALS, Clock.offset(Clock.systemUTC(), skew));
  }

  private static String createBody() {
    return TestEngine.job("auth", "true").toCompactJson();
  }
}
