package dev.aihc.client;

import dev.aihc.wire.JobStatus;
import static dev.aihc.client.FakeAihc.error;
import static dev.aihc.client.FakeAihc.gapsMillis;
import static dev.aihc.client.FakeAihc.hangUp;
import static dev.aihc.client.FakeAihc.jobItem;
import static dev.aihc.client.FakeAihc.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.aihc.dsl.Priority;
import java.time.Duration;
import java.util.function.Consumer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.JobLogs;

/** Which calls are retried, how often, and how far apart. */
@Timeout(15)
final class AihcClientRetryTest {
  @StartStop private final MockWebServer server = FakeAihc.newServer();
  private final FakeAihc fake = FakeAihc.on(server);

  private AihcClient client() {
    return FakeAihc.client(server).build();
  }

  @ParameterizedTest
  @CsvSource({"500, InternalError", "502, BadGateway", "503, ServiceUnavailable", "429, TooManyRequests",
      "400, RequestExpired"})
  void givenRetryableFailuresThenSuccess_whenRead_thenRetriedUntilItWorks(int status, String code) {
    // given
    for (int i = 0; i < 3; i++) fake.next("DescribeJob", error(status, code, "try again", "r-" + i));
    fake.next("DescribeJob", ok(jobItem("job-1", "bert", "Running")));

    // when
    JobItem item = client().describeJob("job-1", false);

    // then
    assertThat(item.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(fake.received("DescribeJob")).hasSize(4);
  }

  @Test
  void givenServiceAlwaysUnavailable_whenRead_thenThreeRetriesThenTheLastError() {
    // given
    fake.always("DescribeJobNodes", error(503, "ServiceUnavailable", "busy", "r-last"));

    // when
    AihcServiceException e = catchThrowableOfType(AihcServiceException.class,
        () -> client().describeJobNodes("job-1"));

    // then
    assertThat(e.statusCode()).isEqualTo(503);
    assertThat(e.requestId()).contains("r-last");
    assertThat(fake.received("DescribeJobNodes")).hasSize(4);
  }

  @Test
  void givenConnectionDroppedThreeTimes_whenRead_thenRetriedAndAnswered() {
    // given
    for (int i = 0; i < 3; i++) fake.next("DescribeJobLogs", hangUp());
    fake.next("DescribeJobLogs", ok("{\"logs\":[\"hello\"],\"nextMarker\":\"\"}"));

    // when
    JobLogs logs = client().describeJobLogs(LogRequest.of("job-1", "bert-master-0"));

    // then
    assertThat(logs.logs()).containsExactly("hello");
    assertThat(fake.received("DescribeJobLogs")).hasSize(4);
  }

  @Test
  void givenConnectionAlwaysDropped_whenRead_thenFourRequestsThenTransportException() {
    // given
    fake.always("DescribeJobEvents", hangUp());

    // when
    AihcTransportException e = catchThrowableOfType(AihcTransportException.class,
        () -> client().describeJobEvents("job-1", null, null));

    // then
    assertThat(e.action()).isEqualTo("DescribeJobEvents");
    assertThat(e.maybeSent()).isTrue();
    assertThat(fake.received("DescribeJobEvents")).hasSize(4);
  }

  @ParameterizedTest
  @ValueSource(strings = {"StopJob", "DeleteJob"})
  void givenUnavailableThenDroppedThenSuccess_whenStopOrDelete_thenRetried(String action) {
    // given
    fake.next(action, error(503, "ServiceUnavailable", "busy", "r-1")).next(action, hangUp())
        .next(action, ok("{\"jobId\":\"job-1\"}"));
    AihcClient client = client();
    Consumer<String> call = "StopJob".equals(action) ? client::stopJob : client::deleteJob;

    // when
    call.accept("job-1");

    // then
    assertThat(fake.received(action)).hasSize(3);
  }

  @ParameterizedTest
  @CsvSource({"400, InvalidParam", "403, AccessDenied", "403, SignatureDoesNotMatch", "404, NotFound",
      "400, MalformedJSON"})
  void givenNonRetryableError_whenRead_thenSentOnce(int status, String code) {
    // given
    fake.always("DescribeJob", error(status, code, "no", "r-1"));

    // when
    AihcServiceException e = catchThrowableOfType(AihcServiceException.class,
        () -> client().describeJob("job-1", false));

    // then
    assertThat(e.errorCode()).isEqualTo(code);
    assertThat(fake.received("DescribeJob")).hasSize(1);
  }

  @Test
  void givenUnavailable_whenModifyJob_thenNotRetried() {
    // given
    fake.always("ModifyJob", error(503, "ServiceUnavailable", "busy", "r-1"));

    // when
    AihcServiceException e = catchThrowableOfType(AihcServiceException.class,
        () -> client().modifyJob("job-1", Priority.HIGH));

    // then
    assertThat(e.statusCode()).isEqualTo(503);
    assertThat(fake.received("ModifyJob")).hasSize(1);
  }

  @Test
  void givenUnavailableWithRetryAfterZero_whenModifyJob_thenOkHttpDoesNotResendItEither() {
    // given
    fake.always("ModifyJob", new MockResponse.Builder().code(503).setHeader("Retry-After", "0")
        .body("{\"code\":\"ServiceUnavailable\",\"message\":\"busy\"}").build());

    // when
    AihcServiceException e = catchThrowableOfType(AihcServiceException.class,
        () -> client().modifyJob("job-1", Priority.HIGH));

    // then
    assertThat(e.statusCode()).isEqualTo(503);
    assertThat(fake.received("ModifyJob")).hasSize(1);
  }

  @Test
  void givenConnectionDropped_whenModifyJob_thenNotResentAndMaybeSent() {
    // given
    fake.always("ModifyJob", hangUp());

    // when
    AihcTransportException e = catchThrowableOfType(AihcTransportException.class,
        () -> client().modifyJob("job-1", Priority.LOW));

    // then
    assertThat(e.maybeSent()).isTrue();
    assertThat(fake.received("ModifyJob")).hasSize(1);
  }

  @Test
  void givenFailures_whenRetried_thenDelaysGrowExponentially() {
    // given: 40 ms doubling, jittered by at most a quarter
    fake.always("DescribeJob", error(500, "InternalError", "boom", "r"));

    // when
    catchThrowableOfType(AihcServiceException.class, () -> client().describeJob("job-1", false));

    // then
    assertThat(gapsMillis(fake.received("DescribeJob"))).hasSize(3).satisfies(gaps -> {
      assertThat(gaps.get(0)).isGreaterThanOrEqualTo(30);
      assertThat(gaps.get(1)).isGreaterThanOrEqualTo(60);
      assertThat(gaps.get(2)).isGreaterThanOrEqualTo(120);
    });
  }

  @Test
  void givenDefaultPolicy_whenAlwaysFailing_thenFourRequestsOverAtLeastThreeBackoffs() {
    // given: 300, 600, 1200 ms, each at least three quarters of that
    fake.always("DescribeJob", error(503, "ServiceUnavailable", "busy", "r"));
    AihcClient client = FakeAihc.client(server).retries(RetryPolicy.DEFAULT).build();
    long start = System.nanoTime();

    // when
    catchThrowableOfType(AihcServiceException.class, () -> client.describeJob("job-1", false));

    // then
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1575));
    assertThat(fake.received("DescribeJob")).hasSize(4);
    assertThat(gapsMillis(fake.received("DescribeJob"))).allSatisfy(g -> assertThat(g).isGreaterThanOrEqualTo(225));
  }

  @Test
  void givenOneFailure_whenRetried_thenTheRetryIsSignedAgainAndVerifies() {
    // given
    fake.next("DescribeJob", error(500, "InternalError", "boom", "r")).next("DescribeJob",
        ok(jobItem("job-1", "bert", "Running")));

    // when
    client().describeJob("job-1", false);

    // then
    assertThat(fake.received("DescribeJob")).hasSize(2).allSatisfy(r ->
        FakeAihc.assertWellFormed(r.request(), "DescribeJob", FakeAihc.POOL, FakeAihc.QUEUE));
  }

  @Test
  void givenRetriesPending_whenThreadIsInterruptedDuringBackoff_thenStopsAtOnceWithFlagSet() throws Exception {
    // given
    fake.always("DescribeJob", error(503, "ServiceUnavailable", "busy", "r"));
    AihcClient client = FakeAihc.client(server)
        .retries(new RetryPolicy(3, Duration.ofSeconds(20), Duration.ofSeconds(20))).build();
    CallOnThread call = CallOnThread.startedInto(fake, "DescribeJob", Duration.ofMillis(50),
        () -> client.describeJob("job-1", false));

    // when interrupted, then: it ends within a second
    call.interruptExpectingPromptEnd();
    assertThat(fake.received("DescribeJob")).hasSize(1);
  }
}
