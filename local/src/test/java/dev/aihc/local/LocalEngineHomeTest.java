package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aihc.client.AihcServiceException;
import dev.aihc.wire.JobStatus;
import dev.aihc.internal.json.Json;
import dev.aihc.local.internal.store.Schema;
import dev.aihc.wire.JobItem;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the engine keeps in its home across restarts: endpoint.json, the port, the schema, the retention. */
@Timeout(60)
final class LocalEngineHomeTest {
  @TempDir Path home;

  @Test
  void givenStartedEngine_whenEndpointJsonRead_thenItHoldsExactlyUrlAndPidAndGoesOnClose() throws Exception {
    Path file = home.resolve("endpoint.json");
    try (LocalEngine engine = LocalEngine.start(TestEngine.config(home))) {
      JsonNode json = Json.mapper().readTree(Files.readAllBytes(file));

      assertThat(fieldNames(json)).containsExactly("url", "pid");
      assertThat(json.path("url").asText()).isEqualTo("http://127.0.0.1:" + engine.port());
      assertThat(json.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
    }
    assertThat(file).doesNotExist(); // a clean stop: clients see at once that no engine runs
  }

  @Test
  void givenPortOfTheLastEngine_whenRestarted_thenItTakesThatPortAgainOrAnotherWhenTaken() throws Exception {
    // given
    int first;
    try (LocalEngine engine = LocalEngine.start(TestEngine.config(home))) {
      first = engine.port();
    }

    // when, then
    try (LocalEngine again = LocalEngine.start(TestEngine.config(home))) {
      assertThat(again.port()).isEqualTo(first);
    }
    try (ServerSocket taken = new ServerSocket(first, 1, InetAddress.getLoopbackAddress());
        LocalEngine moved = LocalEngine.start(TestEngine.config(home))) {
      assertThat(moved.port()).isNotEqualTo(first);
      assertThat(Files.readString(home.resolve("endpoint.json"))).contains(":" + moved.port() + "\"");
    }
  }

  @Test
  void givenHomeOfSchemaVersion1_whenANewerEngineStarts_thenItUpgradesTheDatabaseAndKeepsTheJobs() throws Exception {
    // given: a home as the first engine release left it, with one finished job
    Files.createDirectories(home);
    String url = "jdbc:sqlite:" + home.resolve("engine.db");
    String body = TestEngine.job("from-v1", "true").toCompactJson().replace("'", "''");
    long now = System.currentTimeMillis();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      for (String sql : Schema.V1.split(";")) {
        if (!sql.isBlank()) s.execute(sql);
      }
      s.execute("PRAGMA user_version = 1");
      s.execute("INSERT INTO issued_ids VALUES ('job-v1v1v1v1v1v1')");
      s.execute("INSERT INTO jobs VALUES ('job-v1v1v1v1v1v1', 'from-v1', 'Succeeded', 'all 1 replica exited with code 0',"
          + " 'local', 'default', 'normal', 'PyTorchJob', 'true', '" + body + "', 29500, " + (now - 5000) + ", " + now + ")");
      s.execute("INSERT INTO pods VALUES ('job-v1v1v1v1v1v1', 'from-v1-master-0', 'master', 0, 'Succeed', 0, 0,"
          + " 'exited with code 0', 4242, " + (now - 4000) + ", " + now + ")");
    }

    // when
    try (TestEngine t = TestEngine.start(home)) {
      // then
      JobItem item = t.describe("job-v1v1v1v1v1v1");
      assertThat(item.name()).isEqualTo("from-v1");
      assertThat(item.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(item.pods()).extracting(p -> p.podName()).containsExactly("from-v1-master-0");
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        assertThat(intOf(s, "PRAGMA user_version")).isEqualTo(Schema.VERSION).isGreaterThan(1);
        assertThat(intOf(s, "SELECT count(*) FROM pods WHERE proc_start IS NULL")).isEqualTo(1);
        assertThat(intOf(s, "SELECT count(*) FROM pod_devices")).isZero();
      }
      // new jobs use the new column
      String id = t.client.submit(TestEngine.job("after-upgrade", "true")).id();
      t.awaitStatus(id, JobStatus.SUCCEEDED);
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        assertThat(intOf(s, "SELECT count(*) FROM pods WHERE proc_start > 0")).isEqualTo(1);
      }
    }
  }

  @Test
  void givenShortRetention_whenAJobFinishes_thenTheEngineDeletesItWithItsLogsAndKeepsTheRunningOne() {
    try (TestEngine t = TestEngine.start(TestEngine.config(home).retention(Duration.ofSeconds(1)))) {
      // given
      String done = t.client.submit(TestEngine.job("short-lived", "echo bye")).id();
      String running = t.client.submit(TestEngine.job("long-lived", "sleep 30")).id();
      t.awaitStatus(done, JobStatus.SUCCEEDED);

      // then: gone within the retention plus one sweep period
      // the row goes first, the directory once nothing of the job runs: both, within the wait
      TestEngine.awaitTrue(() -> isGone(t, done) && !Files.exists(home.resolve("jobs").resolve(done)),
          "the finished job and its directory to be deleted");
      assertThat(t.describe(running).status()).isEqualTo(JobStatus.RUNNING);
    }
  }

  private static boolean isGone(TestEngine t, String jobId) {
    try {
      t.describe(jobId);
      return false;
    } catch (AihcServiceException e) {
      return e.statusCode() == 404;
    }
  }

  private static List<String> fieldNames(JsonNode json) {
    return StreamSupport.stream(((Iterable<String>) json::fieldNames).spliterator(), false).toList();
  }

  private static int intOf(Statement s, String sql) throws Exception {
    try (ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getInt(1);
    }
  }
}
