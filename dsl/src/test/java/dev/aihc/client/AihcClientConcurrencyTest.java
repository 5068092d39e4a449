package dev.aihc.client;

import static dev.aihc.client.FakeAihc.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Calls from many threads of one client do not wait for each other. */
@Timeout(10)
final class AihcClientConcurrencyTest {
  @StartStop private final MockWebServer server = FakeAihc.newServer();
  private final FakeAihc fake = FakeAihc.on(server);

  @Test
  void givenSixCallsHangingOnTheServer_whenStopIsCalled_thenItIsSentAtOnceNotQueuedBehindThem() throws Exception {
    // given: OkHttp's dispatcher would run only 5 calls per host at a time
    AihcClient client = FakeAihc.client(server).readTimeout(Duration.ofSeconds(20)).build();
    fake.always("DescribeJob", FakeAihc.stall());
    fake.always("StopJob", ok("{\"jobId\":\"job-1\"}"));
    List<CallOnThread> waiting = new ArrayList<>();
    for (int i = 0; i < 6; i++) waiting.add(CallOnThread.start(() -> client.describeJob("job-1", false)));
    while (fake.received("DescribeJob").size() < 5) Thread.sleep(5);

    // when
    CallOnThread stop = CallOnThread.start(() -> {
      client.stopJob("job-1");
      return null;
    });

    // then
    stop.join(Duration.ofSeconds(2));
    assertThat(stop.failure()).isNull();
    assertThat(fake.received("StopJob")).hasSize(1);
    for (CallOnThread call : waiting) call.thread().interrupt();
    for (CallOnThread call : waiting) call.join(Duration.ofSeconds(2));
  }
}
