package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.aihc.Aihc;
import dev.aihc.client.AihcClient;
import dev.aihc.client.AihcTransportException;
import dev.aihc.internal.local.LocalHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine on a machine shared with other Unix users, probed as one of them ({@code nobody}, through
 * {@code setpriv}; these tests need root, as CI runs).
 */
@Timeout(120)
final class SharedMachineTest {
  /** Accepts connections on the port given and prints how many bytes each one sent. */
  private static final String RECORDER = String.join("\n",
      "import socket, sys",
      "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
      "s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen(16); print('listening', flush=True)",
      "while True:",
      "    c, _ = s.accept(); c.settimeout(3); got = b''",
      "    try:",
      "        while True:",
      "            d = c.recv(65536)",
      "            if not d: break",
      "            got += d",
      "    except Exception: pass",
      "    print('received', len(got), got[:200], flush=True); c.close()");

  @TempDir Path dir;

  @Test
  void givenAnotherUserTookTheEnginesPortAfterItStopped_whenTheClientSendsAgain_thenNothingGoesThereAndTheRestartedEngineIsFound()
      throws Exception {
    assumeTrue(OtherUser.possible(), "needs root to act as another user");
    Path home = dir.resolve("home");
    LocalEngineConfig config = LocalEngineConfig.of(home).gracePeriod(Duration.ofSeconds(1));
    LocalEngine engine = LocalEngine.start(config);
    int port = engine.port();
    List<String> progress = new ArrayList<>();
    try (AihcClient aihc = Aihc.local(home, progress::add)) {
      assertThat(aihc.jobs().count()).isZero();
      // given: the engine dies without cleaning up (its endpoint.json stays), and nobody binds its port
      byte[] endpoint = Files.readAllBytes(new LocalHome(home).endpointFile());
      engine.close();
      Files.write(new LocalHome(home).endpointFile(), endpoint);
      try (OtherUser thief = OtherUser.python(RECORDER, Integer.toString(port)).await("listening")) {
        // when: the live client submits a job carrying a secret
        assertThatThrownBy(() -> aihc.submit(TestEngine.job("secret", "true")
            .env("AIHC_IMAGE_PASSWORD", "hunter2")))
            // then: refused before sending, saying whose the port is
            .isInstanceOf(AihcTransportException.class)
            .hasMessageContaining("port " + port + " is not served by the engine of")
            .hasMessageContaining("uid " + OtherUser.NOBODY_UID)
            .satisfies(e -> assertThat(((AihcTransportException) e).maybeSent()).isFalse());
        TestEngine.sleep(300);
        assertThat(thief.lines).as("what the other user's listener received").filteredOn(l -> l.startsWith("received"))
            .isNotEmpty().allMatch(l -> l.startsWith("received 0 "));

        // and: the engine restarted (on another port: this one is taken) is found by the same client
        try (LocalEngine again = LocalEngine.start(config)) {
          assertThat(again.port()).isNotEqualTo(port);
          assertThat(aihc.jobs().count()).isZero();
          assertThat(aihc.endpoint()).isEqualTo(again.url().toString());
        }
      }
    } finally {
      engine.close();
    }
  }
}
