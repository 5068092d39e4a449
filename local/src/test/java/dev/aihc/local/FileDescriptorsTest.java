package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aihc.client.AihcClient;
import dev.aihc.client.JobResult;
import dev.aihc.client.Run;
import dev.aihc.wire.JobStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine under a real small {@code ulimit -n} with many jobs and followers at once: it refuses what it cannot
 * start (503 naming the limit), keeps answering, starts the rest as jobs end, and leaves none between states.
 */
final class FileDescriptorsTest {
  // An engine started from a test class path holds about 45 descriptors before its first connection (29 jar files,
  // the database's writer, its reader, the lock, the standard streams), and keeps 16 in reserve: at 72 it has room
  // for about ten more (a running replica holds one, a client connection one, a read a database connection and a
  // log file), so most of 30 CreateJobs at once are refused. What it keeps only to reuse (idle database readers,
  // idle keep-alive connections) is bounded and given back (issue 22): before, it stayed at its reserve for 30 s
  // after every job had ended.
  private static final int LIMIT = 72;
  private static final int JOBS = 30;

  @TempDir Path dir;

  @Test
  void givenASmallDescriptorLimit_whenManyJobsAndFollowersComeAtOnce_thenTheEngineRefusesWhatItCannotStartAndRecovers()
      throws Exception {
    try (EngineProcess engine = EngineProcess.start(dir.resolve("home"), "fds", LIMIT)) {
      List<String> accepted = new ArrayList<>();
      List<String> refusals = new ArrayList<>();
      try (AihcClient client = engine.client();
          RawApi api = new RawApi(engine.url(), engine.credentials())) {
        // when: 30 jobs as fast as they come, and a follower on each of the first 20 accepted
        List<String> wrong = new ArrayList<>();
        List<CompletableFuture<JobResult>> followers = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
          RawApi.Reply r = api.post("CreateJob", TestEngine.job("fd-" + i, "sleep 1; echo done-" + i).toCompactJson());
          if (r.status() == 200) {
            String id = r.json().path("jobId").asText();
            accepted.add(id);
            if (followers.size() < 20) {
              Run run = client.job(id);
              followers.add(CompletableFuture.supplyAsync(run::follow));
            }
          } else if (r.status() == 503) {
            refusals.add(r.json().path("message").asText());
          } else {
            wrong.add(r.toString());
          }
          // the engine keeps answering reads
          assertThat(api.post("DescribeJobs", "{}").status()).isEqualTo(200);
        }

        // then: every answer was a job or a 503 naming the limit, and the limit did refuse some
        assertThat(wrong).isEmpty();
        assertThat(accepted).isNotEmpty();
        assertThat(refusals).isNotEmpty().allSatisfy(m -> assertThat(m).contains("ulimit -n " + LIMIT));
        // and: every accepted job ends, none for want of descriptors, every follower sees its end
        for (CompletableFuture<JobResult> f : followers) {
          JobResult followed = f.get(90, TimeUnit.SECONDS);
          assertThat(followed.status()).as(followed.toString()).isEqualTo(JobStatus.SUCCEEDED);
        }
        for (String id : accepted) {
          JobResult result = client.job(id).await(Duration.ofSeconds(90));
          assertThat(result.status()).as(result.toString()).isEqualTo(JobStatus.SUCCEEDED);
        }
        // and: once they ended the engine takes new work again at once, with the clients still connected (their
        // idle connections are not left to the server's own timeout of 30 to 40 s)
        acceptedAgain(engine, client, api, "fd-ended");
      }
      // and: so it does after the clients hung up
      try (AihcClient client = engine.client();
          RawApi api = new RawApi(engine.url(), engine.credentials())) {
        acceptedAgain(engine, client, api, "fd-after");
        JsonNode jobs = api.post("DescribeJobs", "{\"pageSize\": 100}").json().path("jobs");
        assertThat(jobs.size()).isEqualTo(accepted.size() + 2);
      }
      System.out.printf("ulimit -n %d: %d CreateJobs, %d accepted, %d refused with 503 naming the limit%n", LIMIT, JOBS,
          accepted.size(), refusals.size());
    }
  }

  /** A CreateJob is accepted within 5 s (a start under way may hold descriptors for a moment), and its job succeeds. */
  private static void acceptedAgain(EngineProcess engine, AihcClient client, RawApi api, String name) {
    String body = TestEngine.job(name, "echo " + name).toCompactJson();
    RawApi.Reply again = api.post("CreateJob", body);
    for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        again.status() == 503 && System.nanoTime() < deadline; ) {
      TestEngine.sleep(500);
      again = api.post("CreateJob", body);
    }
    assertThat(again.status()).as(again + "; engine log: " + engine.stderr()).isEqualTo(200);
    JobResult result = client.job(again.json().path("jobId").asText()).await(Duration.ofSeconds(30));
    assertThat(result.status()).as(result.toString()).isEqualTo(JobStatus.SUCCEEDED);
  }
}
