package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.client.AihcClient;
import dev.aihc.dsl.AihcException;
import dev.aihc.client.JobQuery;
import dev.aihc.client.JobResult;
import dev.aihc.client.OutputSink;
import dev.aihc.client.RetryPolicy;
import dev.aihc.client.Run;
import dev.aihc.dsl.Job;
import dev.aihc.wire.JobStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine frozen for real (SIGSTOP for 10 s, then SIGCONT) while a client submits a job and another follows one: the
 * submitting client times out, tries again and ends with one job, not two; follow() (the client's default 30 s read
 * timeout outlasts the freeze) pauses, then shows every line once, in order.
 */
final class FrozenEngineTest {
  @TempDir Path dir;

  @Test
  void givenAnEngineFrozenForTenSeconds_whenAClientSubmitsAndFollowsMeanwhile_thenNothingIsDoubledOrLost()
      throws Exception {
    List<String> shown = new ArrayList<>();
    try (EngineProcess engine = EngineProcess.start(dir.resolve("home"), "frozen");
        // a client impatient enough to time out (2 s) and give up (after 3 retries) within the freeze
        AihcClient client = AihcClient.builder().endpoint(engine.url().toString()).credentials(engine.credentials())
            .queue("default").pollInterval(Duration.ofMillis(100)).readTimeout(Duration.ofSeconds(2))
            .callTimeout(Duration.ofSeconds(3)).retries(new RetryPolicy(3, Duration.ofMillis(300), Duration.ofSeconds(1)))
            .sink(OutputSink.silent()).build();
        // the follower with the client's defaults, whose 30 s read timeout outlasts the freeze
        AihcClient follower = AihcClient.builder().endpoint(engine.url().toString()).credentials(engine.credentials())
            .queue("default").pollInterval(Duration.ofMillis(100)).sink(new OutputSink() {
              @Override
              public void log(String source, String line) {
                synchronized (shown) {
                  shown.add(line);
                }
              }

              @Override
              public void progress(String message) {}
            }).build()) {
      // given: a job printing a numbered line every 100 ms for 16 s, followed
      Run ticker = follower.submit(TestEngine.job("ticker", "for i in $(seq 1 160); do echo tick-$i; sleep 0.1; done"));
      CompletableFuture<JobResult> followed = CompletableFuture.supplyAsync(ticker::follow);
      TestEngine.sleep(1_500);

      // when: the engine is frozen for 10 s while a job is submitted
      signal(engine.pid(), "STOP");
      Job during = TestEngine.job("during", "true");
      CompletableFuture<Run> submitted = CompletableFuture.supplyAsync(() -> submitUntilDecided(client, during));
      TestEngine.sleep(10_000);
      signal(engine.pid(), "CONT");

      // then: one job named "during", which runs
      Run run = submitted.get(60, TimeUnit.SECONDS);
      assertThat(run.await(Duration.ofSeconds(30)).status()).isEqualTo(JobStatus.SUCCEEDED);
      long named = client.describeJobs(JobQuery.ALL.pageSize(100), 1).jobs().stream()
          .filter(j -> j.name().equals("during")).count();
      assertThat(named).as("jobs named 'during' after the client's retries").isEqualTo(1);
      // and: follow() went on after the freeze and showed every line once, in order
      assertThat(followed.get(60, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.SUCCEEDED);
      List<String> ticks;
      synchronized (shown) {
        ticks = shown.stream().filter(l -> l.startsWith("tick-")).toList();
      }
      assertThat(ticks).containsExactlyElementsOf(IntStream.rangeClosed(1, 160).mapToObj(i -> "tick-" + i).toList());
    }
  }

  /**
   * Submits {@code job} as a program would: a submit the client could not decide (the engine did not answer, and
   * neither did the lookup of whether it was created) is submitted again, which looks it up first.
   */
  private static Run submitUntilDecided(AihcClient client, Job job) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
    while (true) {
      try {
        return client.submit(job);
      } catch (AihcException e) {
        if (System.nanoTime() > deadline) throw e;
        TestEngine.sleep(500);
      }
    }
  }

  private static void signal(long pid, String signal) throws Exception {
    Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0).as("kill -" + signal + " " + pid).isTrue();
  }
}
