package dev.aihc.client;

import dev.aihc.wire.JobStatus;
import static dev.aihc.client.FakeAihc.KEYS;
import static dev.aihc.client.FakeAihc.jobItem;
import static dev.aihc.client.FakeAihc.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import dev.aihc.wire.JobItem;

/** Building clients, and clients derived from others with {@code toBuilder()} and {@code withSink()}. */
@Timeout(10)
final class AihcClientBuilderTest {
  private static final Credentials OLD_KEYS = Credentials.of("AKold", "SKold");

  @StartStop private final MockWebServer server = FakeAihc.newServer();

  @Test
  void givenClientRebuiltWithNewKeys_whenTheOldKeysAreRevoked_thenTheNewClientSignsWithTheNewKeysOnly()
      throws Exception {
    // given
    AtomicBoolean revoked = new AtomicBoolean();
    CredentialsProvider old = () -> {
      if (revoked.get()) throw new CredentialsNotFoundException(List.of("old: revoked"));
      return OLD_KEYS;
    };
    AihcClient first = FakeAihc.client(server).credentials(old).build();
    AihcClient second = first.toBuilder().credentials(KEYS).build();
    revoked.set(true);
    server.enqueue(ok(jobItem("job-1", "bert", "Running")));

    // when
    JobItem item = second.describeJob("job-1", false);

    // then
    assertThat(item.status()).isEqualTo(JobStatus.RUNNING);
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r.getHeaders().values("Authorization")).hasSize(1);
    FakeAihc.assertWellFormed(r, "DescribeJob", FakeAihc.POOL, FakeAihc.QUEUE);
  }

  @Test
  void givenClientWithAnotherSink_whenFollowing_thenTheNewSinkGetsTheOutputAndSettingsAreKept() throws Exception {
    // given
    RecordingSink sink = new RecordingSink();
    AihcClient client = FakeAihc.client(server).build().withSink(sink);
    server.enqueue(ok(jobItem("job-abcdef000001", "bert", "Succeeded"))); // the name of the re-attached run
    server.enqueue(ok(jobItem("job-abcdef000001", "bert", "Succeeded")));

    // when
    JobResult result = client.job("job-abcdef000001").await();

    // then
    assertThat(result.isSuccess()).isTrue();
    assertThat(sink.progress()).singleElement().asString().startsWith("bert job-abcdef000001: Succeeded");
    assertThat(client.sink()).isSameAs(sink);
    assertThat(client.toString()).isEqualTo("AihcClient[" + client.endpoint() + " pool=" + FakeAihc.POOL + " queue="
        + FakeAihc.QUEUE + "]");
    for (int i = 0; i < 2; i++) {
      FakeAihc.assertWellFormed(server.takeRequest(5, TimeUnit.SECONDS), "DescribeJob", FakeAihc.POOL,
          FakeAihc.QUEUE);
    }
  }

  @Test
  void givenNothingConfigured_whenBuilt_thenErrorNamesEverythingMissing() {
    assertThatThrownBy(() -> AihcClient.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("AihcClient needs an endpoint: region(\"bj\") or endpoint(url) and credentials: credentials(ak, sk)"
            + " or credentials(CredentialsProvider.defaultChain())");
  }

  @Test
  void givenRegion_whenBuilt_thenTheRegionalHttpsEndpoint() {
    // when
    AihcClient client = AihcClient.builder().region("bj").pool("cce-1uji3ib5").queue("default")
        .credentials("AKfake", "SKfake").build();

    // then
    assertThat(client.endpoint()).isEqualTo("https://aihc.bj.baidubce.com");
    assertThat(client).hasToString("AihcClient[https://aihc.bj.baidubce.com pool=cce-1uji3ib5 queue=default]");
  }
}
