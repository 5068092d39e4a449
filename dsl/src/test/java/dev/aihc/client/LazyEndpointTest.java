package dev.aihc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aihc.dsl.AihcException;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A supplied endpoint (the local engine's) is asked for on the first request, not when the client is
 * built: a notebook's startup can make its client without starting an engine. Then again by every
 * request, since the engine may have restarted on another port.
 */
@Timeout(15)
final class LazyEndpointTest {
  @StartStop private final MockWebServer server = FakeAihc.newServer();
  private final FakeAihc fake = FakeAihc.on(server);

  @Test
  void givenSuppliedEndpoint_whenBuiltAndPrinted_thenNotAskedUntilTheFirstRequest() {
    // given
    AtomicInteger asked = new AtomicInteger();
    String url = server.url("/").toString();
    fake.always("DescribeJobs", FakeAihc.ok(FakeAihc.jobList(0)));

    // when
    AihcClient client = FakeAihc.client(server).endpoint(() -> {
      asked.incrementAndGet();
      return url;
    }).description("local engine in ~/.aihc/local").build();
    AihcClient derived = client.withSink(OutputSink.silent());

    // then
    assertThat(asked).hasValue(0);
    assertThat(client).hasToString("AihcClient[local engine in ~/.aihc/local, connects on first use pool=cce-default "
        + "queue=default]");
    assertThat(derived.toString()).isEqualTo(client.toString());
    assertThat(asked).hasValue(0);

    client.jobs().count();
    assertThat(asked).hasValue(1);
    assertThat(client).hasToString("AihcClient[" + url.substring(0, url.length() - 1)
        + " (local engine in ~/.aihc/local) pool=cce-default queue=default]");
    client.jobs().count();
    assertThat(asked).hasValue(2); // asked by every request: a local engine may have moved since
  }

  @Test
  void givenResolvedEndpoint_whenWithSink_thenTheDerivedClientShowsItAndAsksOnlyForItsRequest() {
    // given
    AtomicInteger asked = new AtomicInteger();
    String url = server.url("/").toString();
    fake.always("DescribeJobs", FakeAihc.ok(FakeAihc.jobList(0)));
    AihcClient client = FakeAihc.client(server).endpoint(() -> {
      asked.incrementAndGet();
      return url;
    }).description("local engine in ~/.aihc/local").build();
    client.endpoint();

    // when
    AihcClient derived = client.withSink(OutputSink.silent());
    derived.jobs().count();

    // then
    assertThat(derived).hasToString(client.toString());
    assertThat(derived.toString()).startsWith("AihcClient[" + url.substring(0, url.length() - 1) + " (local engine");
    assertThat(asked).hasValue(2);
    assertThat(derived.toBuilder().endpoint(url).build()).hasToString("AihcClient[" + url.substring(0, url.length() - 1)
        + " (local engine in ~/.aihc/local) pool=cce-default queue=default]");
  }

  @Test
  void givenEndpointThatCannotBeHad_whenFirstRequest_thenItsErrorReachesTheCaller() {
    AihcClient client = FakeAihc.client(server).endpoint(() -> {
      throw new AihcException("the local engine did not start");
    }).build();

    assertThat(client.toString()).contains("endpoint not resolved yet, connects on first use");
    assertThatThrownBy(() -> client.jobs().count()).isInstanceOf(AihcException.class)
        .hasMessage("the local engine did not start");
  }
}
