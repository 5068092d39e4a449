package dev.aihc.internal.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import dev.aihc.client.Credentials;
import dev.aihc.client.CredentialsNotFoundException;
import dev.aihc.client.CredentialsProvider;

final class SigningInterceptorTest {
  private static final Instant NOW = Instant.parse("2026-08-19T03:04:05Z");
  private static final Credentials KEYS = Credentials.of("ak-interceptor", "sk-interceptor");
  private static final MediaType JSON = MediaType.get("application/json");

  @StartStop private final MockWebServer server = new MockWebServer();

  private OkHttpClient client(Credentials c, Clock clock) {
    return new OkHttpClient.Builder()
        .addNetworkInterceptor(new SigningInterceptor(() -> c, clock))
        .build();
  }

  private RecordedRequest send(OkHttpClient client, Request request) throws Exception {
    server.enqueue(new MockResponse.Builder().body("{}").build());
    try (Response response = client.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(200);
    }
    return server.takeRequest(5, TimeUnit.SECONDS);
  }

  @Test
  void givenJsonPost_whenSent_thenServerVerifiesTheRequestExactlyAsReceived() throws Exception {
    // given
    Request request = new Request.Builder()
        .url(server.url("/").newBuilder().addQueryParameter("action", "CreateJob")
            .addQueryParameter("resourcePoolId", "cce-1uji3ib5").addQueryParameter("queueID", "default").build())
        .header("X-API-Version", "v2")
        .post(RequestBody.create("{\"name\":\"job\"}", JSON))
        .build();

    // when
    RecordedRequest received = send(client(KEYS, Clock.fixed(NOW, ZoneOffset.UTC)), request);

    // then: OkHttp's own headers are on the wire, and signed
    assertThat(received.getHeaders().get("Host")).isEqualTo(server.getHostName() + ":" + server.getPort());
    assertThat(received.getHeaders().get("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(received.getHeaders().get("x-bce-date")).isEqualTo("2026-08-19T03:04:05Z");
    AuthorizationHeader auth = AuthorizationHeader.parse(received.getHeaders().get("Authorization"));
    assertThat(auth.signedHeaders()).containsExactly("content-length", "content-type", "host", "x-bce-date");
    assertThat(auth.timestamp()).isEqualTo(NOW);
    assertThat(AsTheService.verify(received, KEYS, NOW).outcome()).isEqualTo(Verification.Outcome.OK);
  }

  @Test
  void givenStsCredentials_whenSent_thenTokenIsSentAndSigned() throws Exception {
    // given
    Credentials sts = Credentials.of("ak-sts", "sk-sts", "token-123");
    Request request = new Request.Builder().url(server.url("/?action=DescribeJobs"))
        .post(RequestBody.create("{}", JSON)).build();

    // when
    RecordedRequest received = send(client(sts, Clock.fixed(NOW, ZoneOffset.UTC)), request);

    // then
    assertThat(received.getHeaders().get("x-bce-security-token")).isEqualTo("token-123");
    assertThat(AuthorizationHeader.parse(received.getHeaders().get("Authorization")).signedHeaders())
        .contains("x-bce-security-token");
    assertThat(AsTheService.verify(received, sts, NOW).isOk()).isTrue();
    Map<String, String> forgedToken = AsTheService.headers(received);
    forgedToken.put("x-bce-security-token", "token-999");
    assertThat(BceSigner.verify(sts, received.getHeaders().get("Authorization"), received.getMethod(),
            AsTheService.path(received), AsTheService.query(received), forgedToken, NOW, Duration.ofMinutes(15)).outcome())
        .isEqualTo(Verification.Outcome.SIGNATURE_MISMATCH);
  }

  @Test
  void givenGetWithoutBody_whenSent_thenOnlyHostAndDateAreSigned() throws Exception {
    Request request = new Request.Builder().url(server.url("/?action=DescribeQueues&pageSize=10")).build();

    RecordedRequest received = send(client(KEYS, Clock.fixed(NOW, ZoneOffset.UTC)), request);

    assertThat(AuthorizationHeader.parse(received.getHeaders().get("Authorization")).signedHeaders())
        .containsExactly("host", "x-bce-date");
    assertThat(AsTheService.verify(received, KEYS, NOW).isOk()).isTrue();
  }

  @Test
  void givenUnicodePathAndOddQuery_whenSent_thenServerDecodingVerifies() throws Exception {
    Request request = new Request.Builder()
        .url(server.url("/").newBuilder().addPathSegment("测试 目录").addPathSegment("a+b(1)!.txt")
            .addQueryParameter("q", "a b+c/é&=").addQueryParameter("empty", "").addQueryParameter("flag", null)
            .build())
        .put(RequestBody.create(new byte[] {1, 2, 3}, null))
        .build();

    RecordedRequest received = send(client(KEYS, Clock.fixed(NOW, ZoneOffset.UTC)), request);

    assertThat(AsTheService.path(received)).isEqualTo("/测试 目录/a+b(1)!.txt");
    assertThat(AsTheService.query(received)).containsEntry("q", "a b+c/é&=").containsEntry("empty", "");
    assertThat(AsTheService.verify(received, KEYS, NOW).isOk()).isTrue();
  }

  @Test
  void givenAdvancingClock_whenTwoRequestsAreSent_thenEachIsSignedAtItsOwnTime() throws Exception {
    AtomicReference<Instant> time = new AtomicReference<>(NOW);
    Clock clock = new Clock() {
      @Override public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override public Instant instant() {
        return time.get();
      }
    };
    OkHttpClient client = client(KEYS, clock);
    Request request = new Request.Builder().url(server.url("/?action=DescribeJob")).build();

    RecordedRequest first = send(client, request);
    time.set(NOW.plusSeconds(3600));
    RecordedRequest second = send(client, request);

    assertThat(second.getHeaders().get("x-bce-date")).isEqualTo("2026-08-19T04:04:05Z");
    assertThat(AsTheService.verify(second, KEYS, NOW.plusSeconds(3600)).isOk()).isTrue();
    assertThat(AsTheService.verify(first, KEYS, NOW.plusSeconds(3600)).outcome())
        .isEqualTo(Verification.Outcome.EXPIRED);
  }

  @Test
  void givenApplicationInterceptor_whenSent_thenRefusedBeforeAnythingIsSent() {
    OkHttpClient wrong = new OkHttpClient.Builder()
        .addInterceptor(new SigningInterceptor(() -> KEYS, Clock.systemUTC()))
        .build();
    Request request = new Request.Builder().url(server.url("/")).build();

    assertThatThrownBy(() -> wrong.newCall(request).execute())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("SigningInterceptor must be added with OkHttpClient.Builder.addNetworkInterceptor");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void givenNoCredentials_whenSent_thenCredentialsErrorReachesTheCaller() {
    CredentialsProvider none = () -> {
      throw new CredentialsNotFoundException(List.of("test: nothing configured"));
    };
    OkHttpClient client = new OkHttpClient.Builder()
        .addNetworkInterceptor(new SigningInterceptor(none::resolve, Clock.systemUTC())).build();

    assertThatThrownBy(() -> client.newCall(new Request.Builder().url(server.url("/")).build()).execute())
        .isInstanceOf(CredentialsNotFoundException.class)
        .hasMessageContaining("test: nothing configured");
  }

  @Test
  void givenRepeatedQueryParameter_whenSigned_thenRejectedWithName() {
    Request request = new Request.Builder().url("http://127.0.0.1:1/?a=1&a=2").build();

    assertThatThrownBy(() -> SigningInterceptor.sign(request, KEYS, NOW, 1800))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("query parameter 'a' appears 2 times; BCE signing here supports one value per name");
  }
}
