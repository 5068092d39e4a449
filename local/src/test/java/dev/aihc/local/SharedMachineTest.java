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
import java.nio.file.attribute.PosixFilePermissions;
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

  @Test
  void givenAHomePlantedByAnotherUser_whenAnEngineOrAClientWouldAdoptIt_thenRefusedNamingTheOwnerAndWhatToDo()
      throws Exception {
    assumeTrue(OtherUser.possible(), "needs root to act as another user");
    // given: a directory like /tmp (sticky, writable by all), where nobody made the home in advance
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
    Path shared = Files.createDirectory(dir.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.setAttribute(shared, "unix:mode", 01777);
    Path home = shared.resolve("home");
    try (OtherUser planter = OtherUser.python(String.join("\n",
        "import os, sys",
        "h = sys.argv[1]; os.mkdir(h); os.chmod(h, 0o777)",
        "open(h + '/credentials', 'w').write('[local]\\naccess_key_id = planted\\nsecret_access_key = known\\n')",
        "open(h + '/config.json', 'w').write('{}')",
        "print('planted', flush=True)"), home.toString()).await("planted")) {
      // when / then: the engine refuses it, and leaves it as it was
      assertThatThrownBy(() -> LocalEngine.start(LocalEngineConfig.of(home)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("local engine's home " + home + " belongs to uid " + OtherUser.NOBODY_UID)
          .hasMessageContaining("use another home (the default ~/.aihc/local)");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwxrwxrwx");
      assertThat(home.resolve("engine.db")).doesNotExist();
      // and a client neither starts an engine there nor reads its keys
      assertThatThrownBy(() -> Aihc.local(home, s -> { }).jobs().count())
          .hasMessageContaining("belongs to uid " + OtherUser.NOBODY_UID);
    }
  }

  @Test
  void givenOwnHomeWhoseCredentialsOthersCanWrite_whenStarting_thenRefusedSayingChmod() throws Exception {
    Path home = Files.createDirectory(dir.resolve("home"));
    Path credentials = Files.writeString(home.resolve("credentials"), "[local]\naccess_key_id = a\nsecret_access_key = b\n");
    Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-rw-rw-"));

    assertThatThrownBy(() -> LocalEngine.start(LocalEngineConfig.of(home)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot start the local engine: the local engine's credentials file " + credentials + " is "
            + "writable by other users, who could have changed it. If you trust what is in it, run chmod go-w "
            + credentials + "; otherwise remove it and start again");
  }

  @Test
  void givenAHomeUnderADirectoryOthersCanWriteWithoutTheStickyBit_whenStarting_thenRefused() throws Exception {
    Path open = Files.createDirectory(dir.resolve("open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));

    assertThatThrownBy(() -> LocalEngine.start(LocalEngineConfig.of(open.resolve("home"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(open + ", above the local engine's home " + open.resolve("home")
            + ", is writable by other users, who could replace the home. Run chmod go-w " + open);
    assertThat(open.resolve("home")).doesNotExist();
  }

  @Test
  void givenAnEngineStartedFromAnyEnvironment_whenAJobPrintsItsEnv_thenOnlyTheBasicsWhatAihcInjectsAndItsOwn()
      throws Exception {
    try (TestEngine t = TestEngine.start(dir.resolve("home"))) {
      // when: whatever this JVM's environment holds (Maven's, CI's, a user's keys), a job prints its own
      String id = t.client.submit(TestEngine.job("env", "env -0 | tr '\\0' '\\n' | grep -ao '^[^=]*='")
          .env("OWN_SETTING", "1")).id();
      t.awaitStatus(id, dev.aihc.wire.JobStatus.SUCCEEDED);
      List<String> names = t.client.job(id).logs("master-0").stream().map(l -> l.substring(0, l.length() - 1)).toList();

      // then
      java.util.Set<String> allowed = new java.util.HashSet<>(List.of("OWN_SETTING", "PWD", "SHLVL", "_", "OLDPWD"));
      for (dev.aihc.dsl.InjectedEnv v : dev.aihc.dsl.InjectedEnv.values()) allowed.add(v.name());
      assertThat(names).contains("OWN_SETTING", "RANK", "PATH")
          .allMatch(n -> allowed.contains(n) || dev.aihc.internal.local.CleanEnvironment.kept(n)
              || n.startsWith("AIHC_CGROUP") || n.startsWith("AIHC_ULIMIT"));
    }
  }

  @Test
  void givenAJobWithBashEnvLdPreloadAndPath_whenItRuns_thenTheyApplyToItsCommandOnlyNotToTheWrapper() throws Exception {
    Path sourced = Files.writeString(dir.resolve("bash_env.sh"), "echo \"BASH_ENV sourced in $$\"\n");
    Path fakeBin = Files.createDirectory(dir.resolve("bin"));
    Path fakeBash = Files.writeString(fakeBin.resolve("bash"), "#!/bin/sh\necho fake bash ran\n");
    Files.setPosixFilePermissions(fakeBash, PosixFilePermissions.fromString("rwx------"));
    try (TestEngine t = TestEngine.start(dir.resolve("home"))) {
      // when
      String id = t.client.submit(TestEngine.job("hostile-env", "echo \"command in $$\"")
          .env("BASH_ENV", sourced.toString()).env("LD_PRELOAD", "/nonexistent/preload.so")
          .env("PATH", fakeBin + ":/usr/bin:/bin")).id();
      t.awaitStatus(id, dev.aihc.wire.JobStatus.SUCCEEDED, dev.aihc.wire.JobStatus.FAILED);
      List<String> log = t.client.job(id).logs("master-0");

      // then: sourced once, by the command's own bash; the loader read LD_PRELOAD once, for that bash;
      // the wrapper ran no program of the job's PATH
      assertThat(log).filteredOn(l -> l.startsWith("BASH_ENV sourced in ")).hasSize(1);
      String pid = log.stream().filter(l -> l.startsWith("command in ")).findFirst().orElseThrow().substring(11);
      assertThat(log).contains("BASH_ENV sourced in " + pid);
      assertThat(log).filteredOn(l -> l.contains("/nonexistent/preload.so")).hasSize(1);
      assertThat(log).noneMatch(l -> l.contains("fake bash ran"));
      assertThat(t.describe(id).status()).isEqualTo(dev.aihc.wire.JobStatus.SUCCEEDED);
    }
  }

  @Test
  void givenAClientStartingTheEngineInTheBackground_whenItRuns_thenItsEnvironmentHoldsOnlyTheBasics() throws Exception {
    Path home = dir.resolve("home");
    try (AihcClient aihc = Aihc.local(home, s -> { })) {
      long pid = new LocalHome(home).endpoint().orElseThrow().pid();
      // when: this JVM's environment (Maven's, CI's, perhaps a user's keys) was the starting shell's
      String environ = Files.readString(Path.of("/proc", Long.toString(pid), "environ"));

      // then
      List<String> names = java.util.Arrays.stream(environ.split("\0")).filter(e -> !e.isEmpty())
          .map(e -> e.substring(0, e.indexOf('='))).toList();
      assertThat(names).contains("PATH").allMatch(n -> dev.aihc.internal.local.CleanEnvironment.kept(n)
          || n.startsWith("AIHC_LOCAL_"));
      assertThat(System.getenv().keySet()).as("this test needs more than the basics to start with")
          .anyMatch(n -> !dev.aihc.internal.local.CleanEnvironment.kept(n) && !n.startsWith("AIHC_LOCAL_"));
    } finally {
      Daemons.stopAll(home);
    }
  }

  @Test
  void givenFiftyRequestsCutOffBeforeTheirBody_whenTheEngineNotices_thenOneLineEachAndNoStackTrace() throws Exception {
    try (TestEngine t = TestEngine.start(dir.resolve("home")); LogCapture logs = LogCapture.start()) {
      for (int i = 0; i < 50; i++) {
        try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), t.engine.port())) {
          s.getOutputStream().write(("POST /?action=DescribeJobs HTTP/1.1\r\nHost: 127.0.0.1:" + t.engine.port()
              + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"pa").getBytes(
              java.nio.charset.StandardCharsets.US_ASCII));
          s.getOutputStream().flush();
        }
      }
      TestEngine.awaitTrue(() -> logs.records().stream().filter(r -> r.getMessage().contains("hung up")).count() == 50,
          "the engine to notice 50 requests cut off");
      assertThat(t.client.jobs().count()).isZero(); // and it answers as before

      assertThat(logs.records()).allMatch(r -> r.getThrown() == null, "no stack trace")
          .allMatch(r -> !r.getMessage().contains("\n"), "one line");
    }
  }

  @Test
  void givenSixtyFourSlowConnections_whenANormalClientAsks_thenItIsAnsweredWellUnderASecondAndTheSlowOnesAreCut()
      throws Exception {
    try (TestEngine t = TestEngine.start(dir.resolve("home"))) {
      t.client.jobs().count(); // warm: the first request loads classes
      // given: 64 connections that each send one byte of a request line and wait (no credentials needed)
      List<java.net.Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < 64; i++) {
          java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), t.engine.port());
          s.getOutputStream().write('P');
          s.getOutputStream().flush();
          slow.add(s);
        }
        TestEngine.sleep(500); // the engine has taken them all up

        // when
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          long start = System.nanoTime();
          assertThat(t.client.jobs().count()).isZero();
          millis.add((System.nanoTime() - start) / 1_000_000);
        }

        // then
        assertThat(millis).as("DescribeJobs with 64 slow connections open, ms").allMatch(ms -> ms < 500);
        // and each slow connection is closed once its request has taken too long to arrive
        java.net.Socket first = slow.get(0);
        first.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
        long start = System.nanoTime();
        assertThat(first.getInputStream().read()).as("the engine closed the slow connection").isEqualTo(-1);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
            .isLessThan(Duration.ofSeconds(dev.aihc.local.internal.api.ApiServer.REQUEST_SECONDS + 5));
      } finally {
        for (java.net.Socket s : slow) s.close();
      }
    }
  }
}
