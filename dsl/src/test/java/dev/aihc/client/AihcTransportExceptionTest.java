package dev.aihc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

final class AihcTransportExceptionTest {
  @StartStop private final MockWebServer server = new MockWebServer();

  private final OkHttpClient client = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

  private IOException failureOf(Request request) {
    return catchThrowableOfType(IOException.class, () -> client.newCall(request).execute().close());
  }

  @Test
  void givenNothingListening_whenCalled_thenNotSentAndSafeToRetry() throws IOException {
    // given: a port that was just freed
    MockWebServer gone = new MockWebServer();
    gone.start();
    Request request = new Request.Builder().url(gone.url("/?action=CreateJob")).build();
    gone.close();

    // when
    AihcTransportException e = AihcTransportException.of("CreateJob", failureOf(request));

    // then
    assertThat(e.maybeSent()).isFalse();
    assertThat(e.action()).isEqualTo("CreateJob");
    assertThat(e.getMessage()).startsWith("CreateJob failed: no answer from AIHC (ConnectException: ")
        .endsWith("The request was not sent, so retrying is safe; check the network, the region endpoint "
            + "and any proxy.");
  }

  @Test
  void givenConnectionCutAfterRequest_whenCreateJob_thenMaybeSentAndWarnsAboutDuplicates() throws Exception {
    // given
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
    Request request = new Request.Builder().url(server.url("/?action=CreateJob"))
        .post(RequestBody.create("{}", MediaType.get("application/json"))).build();

    // when
    AihcTransportException e = AihcTransportException.of("CreateJob", failureOf(request));

    // then: the server did get it
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getUrl().queryParameter("action")).isEqualTo("CreateJob");
    assertThat(e.maybeSent()).isTrue();
    assertThat(e.getMessage()).endsWith("The job may have been created: look it up with DescribeJobs before "
        + "submitting again, or a duplicate job may result.");
    assertThat(e.getCause()).isInstanceOf(IOException.class);
  }

  @Test
  void givenReadTimeoutOnOtherAction_whenWrapped_thenMaybeSentWithGenericAdvice() {
    AihcTransportException e = AihcTransportException.of("StopJob", new SocketTimeoutException("timeout"));

    assertThat(e.maybeSent()).isTrue();
    assertThat(e).hasMessage("StopJob failed: no answer from AIHC (SocketTimeoutException: timeout). The request "
        + "may have reached the service; check its effect before repeating a change.");
  }

  @Test
  void givenConnectTimeoutOrUnknownHost_whenWrapped_thenNotSent() {
    assertThat(AihcTransportException.of("CreateJob", new SocketTimeoutException("Connect timed out")).maybeSent())
        .isFalse();
    assertThat(AihcTransportException.of("CreateJob", new UnknownHostException("aihc.xx.baidubce.com")).maybeSent())
        .isFalse();
  }
}
