package dev.aihc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every error shape the service (or a proxy in front of it) answers with reaches the caller as one exception. */
@Timeout(10)
final class AihcClientErrorTest {
  @StartStop private final MockWebServer server = FakeAihc.newServer();

  private AihcClient client() {
    return FakeAihc.client(server).retries(RetryPolicy.NONE).build();
  }

  @Test
  void givenBceJsonErrorAndRequestIdHeader_whenCalled_thenServiceExceptionWithEverythingAndTheFix() {
    // given
    server.enqueue(new MockResponse.Builder().code(403).setHeader("x-bce-request-id", "hdr-7f3")
        .body("{\"requestId\":\"body-id\",\"code\":\"AccessDenied\",\"message\":\"no permission on pool\"}").build());

    // when
    AihcServiceException e = catchThrowableOfType(AihcServiceException.class,
        () -> client().describeJob("job-1", false));

    // then
    assertThat(e.statusCode()).isEqualTo(403);
    assertThat(e.errorCode()).isEqualTo("AccessDenied");
    assertThat(e.requestId()).contains("hdr-7f3");
    assertThat(e.action()).isEqualTo("DescribeJob");
    assertThat(e).hasMessage("DescribeJob failed: 403 AccessDenied: no permission on pool (requestId=hdr-7f3). "
        + "Check that this access key may use AIHC on this resource pool and queue (IAM policy), and that the "
        + "pool id is right.");
  }

  @Test
  void givenBceJsonErrorWithoutHeader_whenCalled_thenRequestIdFromTheBody() {
    // given
    server.enqueue(new MockResponse.Builder().code(400)
        .body("{\"requestId\":\"body-id\",\"code\":\"InvalidParam\",\"message\":\"queueID must be set in serverless "
            + "pool\"}").build());

    // when
    AihcServiceException e = catchThrowableOfType(AihcServiceException.class, () -> client().stopJob("job-1"));

    // then
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.errorCode()).isEqualTo("InvalidParam");
    assertThat(e.requestId()).contains("body-id");
    assertThat(e.getMessage()).endsWith("Set a queue: job.queue(...), AIHC_QUEUE, or queue in ~/.aihc/profiles (a "
        + "queue name on a self-managed pool, an aihcq-... id on aihc-serverless).");
  }

  @Test
  void givenEmptyBody_whenCalled_thenCodeFromStatusAndRequestIdFromHeader() {
    // given
    server.enqueue(new MockResponse.Builder().code(404).setHeader("x-bce-request-id", "hdr-404").build());

    // when
    AihcServiceException e = catchThrowableOfType(AihcServiceException.class,
        () -> client().describeJobNodes("job-gone"));

    // then
    assertThat(e.statusCode()).isEqualTo(404);
    assertThat(e.errorCode()).isEqualTo("NotFound");
    assertThat(e.serviceMessage()).isEmpty();
    assertThat(e.requestId()).contains("hdr-404");
    assertThat(e).hasMessage("DescribeJobNodes failed: 404 NotFound (requestId=hdr-404). Check the region, the "
        + "resource pool id and the job id.");
  }

  @Test
  void givenProxyHtmlPage_whenCalled_thenCodeFromStatusAndAnExcerpt() {
    // given
    server.enqueue(new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html")
        .body("<html>\n<body><h1>502 Bad Gateway</h1></body>\n</html>").build());

    // when
    AihcServiceException e = catchThrowableOfType(AihcServiceException.class,
        () -> client().modifyJob("job-1", dev.aihc.dsl.Priority.LOW));

    // then
    assertThat(e.statusCode()).isEqualTo(502);
    assertThat(e.errorCode()).isEqualTo("BadGateway");
    assertThat(e.requestId()).isEmpty();
    assertThat(e.serviceMessage()).isEqualTo("non-JSON response: <html> <body><h1>502 Bad Gateway</h1></body> </html>");
    assertThat(e.getMessage()).startsWith("ModifyJob failed: 502 BadGateway: non-JSON response: <html>")
        .contains("(no requestId)");
  }

  @Test
  void givenSuccessWithGarbage_whenRead_thenTransportExceptionSaysTheAnswerWasUnreadable() {
    // given
    server.enqueue(new MockResponse.Builder().code(200).body("<html>maintenance</html>").build());

    // when
    AihcTransportException e = catchThrowableOfType(AihcTransportException.class,
        () -> client().describeJob("job-1", false));

    // then
    assertThat(e.action()).isEqualTo("DescribeJob");
    assertThat(e.getMessage()).startsWith("DescribeJob failed: no answer from AIHC (IOException: unreadable answer");
  }
}
