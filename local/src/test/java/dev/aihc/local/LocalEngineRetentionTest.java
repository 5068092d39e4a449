package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aihc.client.AihcServiceException;
import dev.aihc.wire.JobStatus;
import dev.aihc.client.Run;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** retentionPeriod on a real engine, with an engine minute that lasts a second. */
@Timeout(60)
final class LocalEngineRetentionTest {
  @TempDir Path home;

  @Test
  void givenJobsWithAndWithoutRetention_whenTheyEnd_thenOnlyTheOnePastItsPeriodIsRemovedWithItsLogs() {
    try (TestEngine t = TestEngine.start(TestEngine.config(home).minute(Duration.ofSeconds(1)))) {
      // given
      Run shortLived = t.client.submit(TestEngine.job("short-lived", "echo bye").retention("1m"));
      Run kept = t.client.submit(TestEngine.job("kept", "echo stay").retention(Duration.ofHours(1)));
      Run plain = t.client.submit(TestEngine.job("plain", "echo stay"));

      // when
      assertThat(shortLived.await(TestEngine.WAIT).status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(shortLived.logs("master-0")).containsExactly("bye");
      TestEngine.awaitTrue(() -> !home.resolve("jobs").resolve(shortLived.id()).toFile().exists(),
          "the job directory to go");

      // then
      assertThatThrownBy(shortLived::describe).isInstanceOfSatisfying(AihcServiceException.class,
          e -> assertThat(e.statusCode()).isEqualTo(404));
      assertThat(kept.await(TestEngine.WAIT).status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(plain.await(TestEngine.WAIT).status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(t.client.jobs().map(j -> j.name()).toList()).containsExactlyInAnyOrder("kept", "plain");
    }
  }

  @Test
  void givenAJobPastItsRetentionWhileNoEngineRan_whenTheEngineStarts_thenItIsRemovedAtOnce() {
    String id;
    try (TestEngine t = TestEngine.start(TestEngine.config(home))) {
      Run run = t.client.submit(TestEngine.job("left-behind", "true").retention("1m"));
      run.await(TestEngine.WAIT);
      id = run.id();
    }
    TestEngine.sleep(1100);

    try (TestEngine t = TestEngine.start(TestEngine.config(home).minute(Duration.ofSeconds(1)))) {
      assertThat(t.client.jobs().toList()).isEmpty();
      assertThat(home.resolve("jobs").resolve(id)).doesNotExist();
    }
  }

  @Test
  void givenAShortEngineRetention_whenJobsEnd_thenAJobWithItsOwnRetentionPeriodFollowsThatInstead() {
    // given: the engine keeps finished jobs one second; one job states an hour of its own
    try (TestEngine t = TestEngine.start(TestEngine.config(home).retention(Duration.ofSeconds(1)))) {
      Run plain = t.client.submit(TestEngine.job("plain", "true"));
      Run own = t.client.submit(TestEngine.job("own", "true").retention(Duration.ofHours(1)));

      // when
      assertThat(plain.await(TestEngine.WAIT).status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(own.await(TestEngine.WAIT).status()).isEqualTo(JobStatus.SUCCEEDED);
      TestEngine.awaitTrue(() -> !home.resolve("jobs").resolve(plain.id()).toFile().exists(),
          "the job without a retentionPeriod to go after the engine's retention");
      TestEngine.sleep(1500); // more than a sweep period past the engine's retention

      // then
      assertThat(t.client.jobs().map(j -> j.name()).toList()).containsExactly("own");
      assertThat(home.resolve("jobs").resolve(own.id())).exists();
    }
  }
}
