package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.client.JobQuery;
import dev.aihc.dsl.Job;
import dev.aihc.wire.JobItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A CreateJob sent again with the same submission id (our client's retry after a timeout, when its lookup found
 * nothing because the first request had not been handled yet, as after a frozen engine) is answered with the job the
 * first one created: one job, not two. Bodies without the id (other clients) are each a job.
 */
@Timeout(60)
final class CreateJobSentAgainTest {
  @RegisterExtension final TestEngine t = TestEngine.perTest();

  @Test
  void givenTheSameSubmissionSentTwice_whenCreating_thenBothAnswerOneJob() {
    String body = TestEngine.job("again", "true").label(JobItem.SUBMISSION_LABEL, "sub-1").toCompactJson();

    RawApi.Reply first = t.api.post("CreateJob", body);
    TestEngine.sleep(1_100); // another second: a new signature, so the engine's replay of a signature plays no part
    RawApi.Reply second = t.api.post("CreateJob", body);

    assertThat(first.status()).as(first.text()).isEqualTo(200);
    assertThat(second.status()).as(second.text()).isEqualTo(200);
    assertThat(second.json().path("jobId").asText())
        .isNotEmpty().isEqualTo(first.json().path("jobId").asText());
    assertThat(named("again")).isEqualTo(1);
  }

  @Test
  void givenBodiesWithoutASubmissionId_whenCreatingTwice_thenTwoJobs() {
    String body = TestEngine.job("twice", "true").toCompactJson();

    t.api.post("CreateJob", body);
    TestEngine.sleep(1_100);
    t.api.post("CreateJob", body);

    assertThat(named("twice")).isEqualTo(2);
  }

  private long named(String name) {
    return t.client.describeJobs(JobQuery.ALL.pageSize(100), 1).jobs().stream()
        .filter(j -> j.name().equals(name)).count();
  }
}
