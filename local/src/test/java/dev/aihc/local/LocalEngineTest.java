package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aihc.client.Credentials;
import dev.aihc.client.CredentialsProvider;
import dev.aihc.local.internal.store.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Starting and configuring the engine: home, credentials, lock, schema, OS, arguments, code rules. */
@Timeout(30)
final class LocalEngineTest {
  @TempDir Path home;

  @Test
  void givenNoCredentialsInConfig_whenStarted_thenKeysAreCreatedMode600AndTheClientProfileReadsThem()
      throws IOException {
    // when
    Credentials first;
    try (LocalEngine engine = LocalEngine.start(LocalEngineConfig.of(home))) {
      first = engine.credentials();
      assertThat(engine.url().toString()).matches("http://127\\.0\\.0\\.1:[0-9]+");
    }

    // then
    Path file = home.resolve("credentials");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(CredentialsProvider.profile(file, "local").resolve()).isEqualTo(first);
    try (LocalEngine again = LocalEngine.start(LocalEngineConfig.of(home))) {
      assertThat(again.credentials()).isEqualTo(first); // kept across restarts
    }
  }

  @Test
  void givenEngineRunningOnAHome_whenASecondStartsThere_thenRefusedSayingSo() {
    try (LocalEngine engine = LocalEngine.start(TestEngine.config(home))) {
      assertThatThrownBy(() -> LocalEngine.start(TestEngine.config(home)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("another local engine in this JVM is using " + home + ". Close it first, or start this one "
              + "with another home directory");
      assertThat(engine.port()).isPositive();
    }
    LocalEngine.start(TestEngine.config(home)).close(); // the lock is released on close
  }

  @Test
  void givenPortTaken_whenStarted_thenRefusedNamingThePortAndTheHomeIsFreeAgain() {
    try (LocalEngine engine = LocalEngine.start(TestEngine.config(home.resolve("a")))) {
      Path other = home.resolve("b");
      assertThatThrownBy(() -> LocalEngine.start(TestEngine.config(other).port(engine.port())))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("cannot listen on 127.0.0.1:" + engine.port())
          .hasMessageEndingWith("Choose another port, or 0 for any free port");
      LocalEngine.start(TestEngine.config(other)).close();
    }
  }

  @Test
  void givenDatabaseFromANewerEngine_whenStarted_thenRefusedNamingTheVersions() throws Exception {
    // given
    Files.createDirectories(home);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("engine.db"));
        Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version = 7");
    }

    // then
    assertThatThrownBy(() -> LocalEngine.start(TestEngine.config(home)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has schema version 7 but this engine knows versions up to " + Schema.VERSION
            + ": a newer aihc-local wrote it. Use that newer aihc-local, or another home directory");
    LocalEngine.start(TestEngine.config(home.resolve("other"))).close();
  }

  @Test
  void givenAnotherOperatingSystem_whenStarted_thenRefusedSayingLinuxOnly() {
    String real = System.getProperty("os.name");
    System.setProperty("os.name", "Mac OS X");
    try {
      assertThatThrownBy(() -> LocalEngine.start(TestEngine.config(home)))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageStartingWith("the aihc local engine runs on Linux only")
          .hasMessageContaining("but this is Mac OS X");
    } finally {
      System.setProperty("os.name", real);
    }
  }

  @Test
  void givenBadConfigValues_whenSet_thenRefusedWithTheRule() {
    LocalEngineConfig c = LocalEngineConfig.of(home);
    assertThatThrownBy(() -> c.port(70000)).hasMessage("port must be 0..65535 but was 70000. Use 0 for any free port");
    assertThatThrownBy(() -> c.logCapBytes(10)).hasMessage("logCapBytes must be >= 1024 but was 10");
    assertThatThrownBy(() -> c.gracePeriod(Duration.ofSeconds(-1))).hasMessage("gracePeriod must be >= 0 but was PT-1S");
    assertThat(c.port(0)).isSameAs(c);
    assertThat(c.credentials(TestEngine.CREDENTIALS).toString()).contains("accessKeyId=test-ak-local")
        .doesNotContain(TestEngine.CREDENTIALS.secretAccessKey());
  }

  @Test
  void givenMainArguments_whenParsed_thenTheConfigFollowsThemAndMistakesAreNamed() {
    LocalEngineConfig c = LocalEngineMain.parse(new String[] {"--home", home.toString(), "--port", "8470",
        "--log-cap", "4096", "--grace", "2.5"});

    assertThat(c.home()).isEqualTo(home);
    assertThat(c.port()).isEqualTo(8470);
    assertThat(c.logCapBytes()).isEqualTo(4096);
    assertThat(c.gracePeriod()).isEqualTo(Duration.ofMillis(2500));
    assertThatThrownBy(() -> LocalEngineMain.parse(new String[] {"--port", "1"})).hasMessage("--home DIR is required");
    assertThatThrownBy(() -> LocalEngineMain.parse(new String[] {"--home", "x", "--port", "eighty"}))
        .hasMessage("--port must be a number but was 'eighty'");
    assertThatThrownBy(() -> LocalEngineMain.parse(new String[] {"--home"})).hasMessage("--home needs a value");
    assertThatThrownBy(() -> LocalEngineMain.parse(new String[] {"--verbose", "1"})).hasMessage("unknown option --verbose");
  }

  @Test
  void givenMainCode_whenScanned_thenOnlyTheMainClassPrints() throws IOException {
    // Library code must not print: a notebook shows stray output in the wrong cell (style anchors, sqlite-jdbc rule).
    Path src = Path.of("src/main/java/dev/aihc/local");
    List<Path> printing;
    try (Stream<Path> files = Files.walk(src)) {
      printing = files.filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().equals("LocalEngineMain.java"))
          .filter(f -> {
            try {
              String text = Files.readString(f);
              return text.contains("System.out") || text.contains("System.err") || text.contains("printStackTrace");
            } catch (IOException e) {
              throw new IllegalStateException(e);
            }
          }).toList();
    }
    assertThat(printing).isEmpty();
  }
}
