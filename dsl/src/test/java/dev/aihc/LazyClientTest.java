package dev.aihc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.client.AihcClient;
import dev.aihc.client.OutputSink;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The startup script's {@code aihc}: nothing is made until the first call, and then one client. */
final class LazyClientTest {
  @Test
  void givenLazyClient_whenPrintedAndGivenASink_thenNothingConnectsUntilTheFirstCall() {
    // given
    AtomicInteger made = new AtomicInteger();
    LazyClient aihc = new LazyClient("local engine in ~/.aihc/local (connects on first use)", () -> {
      made.incrementAndGet();
      return AihcClient.builder().endpoint("http://127.0.0.1:1").credentials("ak", "sk").pool("local").build();
    });

    // when
    LazyClient quiet = aihc.withSink(OutputSink.silent());

    // then
    assertThat(aihc).hasToString("aihc → local engine in ~/.aihc/local (connects on first use)");
    assertThat(quiet.toString()).isEqualTo(aihc.toString());
    assertThat(made).hasValue(0);
    assertThat(aihc.isConnected()).isFalse();

    AihcClient client = quiet.client();
    assertThat(made).hasValue(1);
    assertThat(client.sink()).isSameAs(OutputSink.silent());
    assertThat(quiet.client()).isSameAs(client);
    assertThat(quiet).hasToString("AihcClient[http://127.0.0.1:1 pool=local]");
    assertThat(made).hasValue(1);
  }
}
