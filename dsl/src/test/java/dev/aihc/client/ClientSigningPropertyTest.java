package dev.aihc.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import dev.aihc.internal.signing.AsTheService;
import dev.aihc.internal.signing.BceSigner;
import dev.aihc.internal.signing.Verification;

/**
 * Random requests sent by the client (random keys, STS or not, signing times, pools, queues and bodies)
 * all verify on a server that checks them as the service does, from the raw request line and headers.
 */
@Timeout(30)
final class ClientSigningPropertyTest {
  private static final int RUNS = 150;
  private static final String[] PIECES = {"a", "Z", "9", "-", "_", ".", "~", " ", "+", "%", "/", "?", "#", "&", "=",
      "'", "(", ")", "*", "!", ":", ";", "@", "测试", "é", "😀", "\\", "\""};

  @StartStop private final MockWebServer server = FakeAihc.newServer();

  private volatile Credentials expected;
  private volatile Instant signedAt;

  private static String text(Random r, int max) {
    StringBuilder s = new StringBuilder();
    int n = 1 + r.nextInt(max);
    for (int i = 0; i < n; i++) s.append(PIECES[r.nextInt(PIECES.length)]);
    return s.toString();
  }

  private static String key(Random r) {
    String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 8 + r.nextInt(32); i++) s.append(chars.charAt(r.nextInt(chars.length())));
    return s.toString();
  }

  @Test
  void givenRandomRequests_whenSentByTheClient_thenEveryOneVerifiesOnTheServer() throws Exception {
    // given
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        Verification v = AsTheService.verify(r, expected, signedAt);
        return v.isOk() ? FakeAihc.ok("{\"jobId\":\"job-1\",\"name\":\"n\",\"status\":\"Running\",\"logs\":[]}")
            : FakeAihc.error(403, "SignatureDoesNotMatch", v.outcome().name(), "r");
      }
    });
    OkHttpClient shared = new OkHttpClient();
    long seed = 20260304L;
    Random random = new Random(seed);

    for (int run = 0; run < RUNS; run++) {
      expected = random.nextBoolean() ? Credentials.of(key(random), key(random))
          : Credentials.of(key(random), key(random), key(random) + "/" + key(random) + "==");
      signedAt = Instant.ofEpochSecond(1_577_836_800L + random.nextInt(500_000_000));
      AihcClient client = AihcClient.builder().endpoint(server.url("/").toString()).okHttp(shared)
          .pool(random.nextInt(4) == 0 ? null : text(random, 6)).queue(text(random, 6)).credentials(expected)
          .clock(Clock.fixed(signedAt, ZoneOffset.UTC)).retries(RetryPolicy.NONE).sink(OutputSink.silent()).build();
      String description = "seed " + seed + ", run " + run;

      // when
      switch (random.nextInt(4)) {
        case 0 -> client.describeJob(text(random, 8), random.nextBoolean());
        case 1 -> client.stopJob(text(random, 8));
        case 2 -> client.describeJobLogs(LogRequest.of(text(random, 8), text(random, 8)).keywords(text(random, 30))
            .marker(text(random, 5)));
        default -> client.batchStopJobs(List.of(text(random, 8), text(random, 8)));
      }

      // then (the call above would have thrown on a 403)
      RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(r.getHeaders().get("x-bce-date")).as(description).isEqualTo(BceSigner.timestamp(signedAt));
      assertThat(r.getHeaders().values("Content-Type")).as(description).containsExactly("application/json");
    }
    assertThat(server.getRequestCount()).isEqualTo(RUNS);
  }
}
