package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduling and fault-tolerance options of the engine, and the schema upgrade they brought. */
final class EngineOptionsTest {
  /** The schema of version 1, before the scheduler recorded GPUs. */
  private static final String SCHEMA_1 = "CREATE TABLE jobs(job_id TEXT PRIMARY KEY, name TEXT NOT NULL, status TEXT "
      + "NOT NULL, reason TEXT NOT NULL, resource_pool_id TEXT NOT NULL, queue_id TEXT NOT NULL, priority TEXT NOT NULL,"
      + " job_type TEXT NOT NULL, command TEXT NOT NULL, body TEXT NOT NULL, master_port INTEGER, created_at INTEGER "
      + "NOT NULL, finished_at INTEGER)";

  @TempDir Path home;

  @Test
  void givenConfig_whenMinuteAndPauseAreSet_thenTheyAreKeptCheckedAndShown() {
    LocalEngineConfig c = LocalEngineConfig.of(home);

    assertThat(c.minute()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.isLaunchingPaused()).isFalse();
    LocalEngineConfig fast = c.minute(Duration.ofSeconds(1)).launchingPaused(true);
    assertThat(fast.minute()).isEqualTo(Duration.ofSeconds(1));
    assertThat(fast.isLaunchingPaused()).isTrue();
    assertThat(fast.toString()).endsWith(", minute=PT1S, launchingPaused}");
    assertThat(c.minute(Duration.ofMinutes(1))).isSameAs(c);
    assertThatThrownBy(() -> c.minute(Duration.ZERO)).hasMessageStartingWith("minute must be > 0 but was PT0S");
  }

  @Test
  void givenMainArguments_whenMinuteAndPauseLaunchingGiven_thenTheConfigFollows() {
    LocalEngineConfig c = LocalEngineMain.parse(new String[] {"--home", home.toString(), "--minute", "1s",
        "--pause-launching"});

    assertThat(c.minute()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.isLaunchingPaused()).isTrue();
    assertThat(LocalEngineMain.duration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(LocalEngineMain.duration("PT2S")).isEqualTo(Duration.ofSeconds(2));
    assertThatThrownBy(() -> LocalEngineMain.parse(new String[] {"--home", "x", "--minute", "soon"}))
        .hasMessage("--minute must be a duration such as 1s, 500ms or PT1S but was 'soon'");
  }

  @Test
  void givenDatabaseOfSchemaVersion1_whenTheEngineStarts_thenItIsUpgradedKeepingItsJobs() throws Exception {
    // given
    java.nio.file.Files.createDirectories(home);
    String url = "jdbc:sqlite:" + home.resolve("engine.db");
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute(SCHEMA_1);
      s.execute("CREATE TABLE pods(job_id TEXT NOT NULL REFERENCES jobs(job_id) ON DELETE CASCADE, pod_name TEXT NOT "
          + "NULL, replica_type TEXT NOT NULL, rank INTEGER NOT NULL, status TEXT NOT NULL, restart_count INTEGER NOT "
          + "NULL, exit_code INTEGER, reason TEXT NOT NULL, pid INTEGER, started_at INTEGER, finished_at INTEGER, "
          + "PRIMARY KEY(job_id, pod_name))");
      s.execute("CREATE TABLE events(id INTEGER PRIMARY KEY AUTOINCREMENT, job_id TEXT NOT NULL REFERENCES jobs(job_id)"
          + " ON DELETE CASCADE, pod_name TEXT, condition TEXT, reason TEXT NOT NULL, message TEXT NOT NULL, type TEXT "
          + "NOT NULL, at INTEGER NOT NULL)");
      s.execute("CREATE TABLE issued_ids(job_id TEXT PRIMARY KEY)");
      s.execute("INSERT INTO jobs VALUES ('job-old000000000', 'old', 'Succeeded', 'done', 'local', 'default', 'normal',"
          + " 'PyTorchJob', 'true', '{}', NULL, 1, 2)");
      s.execute("PRAGMA user_version = 1");
    }

    // when
    try (TestEngine t = TestEngine.start(home)) {
      // then
      assertThat(t.describe("job-old000000000").reason()).isEqualTo("done");
    }
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      try (ResultSet r = s.executeQuery("PRAGMA user_version")) {
        assertThat(r.getInt(1)).isEqualTo(Db.SCHEMA_VERSION).isEqualTo(2);
      }
      try (ResultSet r = s.executeQuery("SELECT count(*) FROM pod_devices")) {
        assertThat(r.getInt(1)).isZero();
      }
    }
  }
}
