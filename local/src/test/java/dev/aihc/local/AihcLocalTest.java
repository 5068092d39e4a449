package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.Aihc;
import dev.aihc.client.AihcClient;
import dev.aihc.client.JobItem;
import dev.aihc.client.JobResult;
import dev.aihc.client.JobStatus;
import dev.aihc.client.Run;
import dev.aihc.client.Wire;
import dev.aihc.dsl.Job;
import dev.aihc.dsl.Priority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client's own way to the local engine, {@code Aihc.local(home)}: endpoint.json and the credentials file. */
@Timeout(60)
final class AihcLocalTest {
  @TempDir Path home;

  @Test
  void givenEngineOnAHome_whenAihcLocalSubmits_thenTheJobRunsAndDescribesBackAsTheSameJob() throws Exception {
    // given
    Job job = TestEngine.job("round-trip", "echo hi").replicas(2).env("A", "1").label("team", "nlp")
        .priority(Priority.LOW).tensorboard("/tmp/tb").retention("7d").imageAuth("robot", "pw");
    try (LocalEngine engine = LocalEngine.start(LocalEngineConfig.of(home));
        AihcClient aihc = Aihc.local(home)) {
      assertThat(Wire.mapper().readTree(Files.readAllBytes(home.resolve("endpoint.json"))).path("url").asText())
          .isEqualTo(engine.url().toString());

      // when
      Run run = aihc.submit(job);
      JobResult result = run.await(Duration.ofSeconds(30));

      // then
      assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
      JobItem item = run.describe();
      assertThat(item.resourcePoolId()).isEqualTo(Aihc.LOCAL_POOL);
      assertThat(item.toJob()).isEqualTo(job.imageAuth("robot", "****").pool(Aihc.LOCAL_POOL));
    }
  }

  @Test
  void givenEngineRestartedOnAnotherPort_whenTheSameAihcLocalClientAsksAgain_thenItFindsTheEngine() {
    // given
    String id;
    try (AihcClient aihc = connectAfterStart()) {
      try (LocalEngine first = LocalEngine.start(LocalEngineConfig.of(home))) {
        id = aihc.submit(TestEngine.job("moved", "true")).id();
      }
      // when
      try (LocalEngine second = LocalEngine.start(LocalEngineConfig.of(home))) {
        // then
        assertThat(aihc.job(id).describe().name()).isEqualTo("moved");
        assertThat(aihc.endpoint()).contains(":" + second.port());
      }
    }
  }

  /** Starts and closes an engine once so that endpoint.json exists, then connects the way a notebook does. */
  private AihcClient connectAfterStart() {
    LocalEngine.start(LocalEngineConfig.of(home)).close();
    return Aihc.local(home);
  }
}
