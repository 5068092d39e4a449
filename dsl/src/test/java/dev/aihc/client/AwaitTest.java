package dev.aihc.client;

import dev.aihc.wire.JobStatus;
import static dev.aihc.client.FakeAihc.ok;
import static dev.aihc.client.FakeAihc.stall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.aihc.client.ScriptedJob.Paging;
import dev.aihc.dsl.Job;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Run#await()}: status changes shown as they happen, and how the job ended. */
@Timeout(10)
final class AwaitTest {
  private static final Job JOB = Job.named("bert").queue("q-job").pool("cce-job")
      .image("registry.baidubce.com/aihc/pytorch:2.1").command("python train.py");

  @StartStop private final MockWebServer server = FakeAihc.newServer();
  private final FakeAihc fake = FakeAihc.on(server);
  private final RecordingSink sink = new RecordingSink();

  private Run submitted(AihcClient.Builder client) {
    fake.next("CreateJob", ok("{\"jobId\":\"job-a\",\"jobName\":\"bert\"}"));
    return client.sink(sink).build().submit(JOB);
  }

  private Run submitted() {
    return submitted(FakeAihc.client(server));
  }

  private ScriptedJob job() {
    return new ScriptedJob("job-a", "bert", Paging.EMPTY_AT_END);
  }

  @Test
  void givenJobMovingToSuccess_whenAwait_thenEachStatusChangeOnceAndSucceeded() {
    // given
    job().stage("Created", List.of()).stage("Created", List.of()).stage("Running", List.of("master-0"))
        .stage("Running", List.of("master-0")).stage("Succeeded", List.of()).on(fake);
    Run run = submitted();

    // when
    JobResult result = run.await();

    // then
    assertThat(sink.progress()).hasSize(3);
    assertThat(sink.progress().get(0)).startsWith("bert job-a: Created (");
    assertThat(sink.progress().get(1)).startsWith("bert job-a: Running (");
    assertThat(sink.progress().get(2)).startsWith("bert job-a: Succeeded (");
    assertThat(result.isSuccess()).isTrue();
    assertThat(result).hasToString("Succeeded (bert job-a)");
    assertThat(fake.received("DescribeJob")).hasSize(5).allSatisfy(r ->
        FakeAihc.assertWellFormed(r.request(), "DescribeJob", "cce-job", "q-job"));
  }

  @Test
  void givenFailedWithReason_whenAwait_thenResultStartsWithFailedAndTheReason() {
    // given
    job().stage("Running", List.of()).stage("Failed", "worker-1 exited with code 3", List.of()).on(fake);
    Run run = submitted();

    // when
    JobResult result = run.await();

    // then
    assertThat(result.toString()).startsWith("Failed: worker-1 exited with code 3");
    assertThat(sink.progress().get(1)).startsWith("bert job-a: Failed — worker-1 exited with code 3 (");
    // the reason is the job's own, not a warning event's (the events are read for the diagnosis only)
    assertThat(result.reason()).isEqualTo("worker-1 exited with code 3");
  }

  @Test
  void givenFailedWithoutReason_whenAwait_thenTheLastWarningEventSaysWhy() {
    // given
    job().stage("Running", List.of()).stage("Failed", List.of()).on(fake);
    fake.always("DescribeJobEvents", ok("{\"events\":["
        + "{\"reason\":\"Scheduled\",\"message\":\"assigned to node\",\"type\":\"Normal\",\"count\":1,"
        + "\"firstTimestamp\":\"2026-03-04T05:00:00Z\",\"lastTimestamp\":\"2026-03-04T05:00:00Z\"},"
        + "{\"reason\":\"BackOff\",\"message\":\"Back-off restarting failed container\",\"type\":\"Warning\","
        + "\"count\":2,\"firstTimestamp\":\"2026-03-04T05:01:00Z\",\"lastTimestamp\":\"2026-03-04T05:02:00Z\"},"
        + "{\"reason\":\"BackoffLimitExceeded\",\"message\":\"Job has reached the specified backoff limit\","
        + "\"type\":\"Warning\",\"count\":1,\"firstTimestamp\":\"2026-03-04T05:03:00Z\","
        + "\"lastTimestamp\":\"2026-03-04T05:03:00Z\"},"
        + "{\"reason\":\"Killing\",\"message\":\"stopping container\",\"type\":\"Normal\",\"count\":1,"
        + "\"firstTimestamp\":\"2026-03-04T05:04:00Z\",\"lastTimestamp\":\"2026-03-04T05:04:00Z\"}],\"total\":4}"));
    Run run = submitted();

    // when
    JobResult result = run.await();

    // then
    assertThat(result.status()).isEqualTo(JobStatus.FAILED);
    assertThat(result.toString()).startsWith("Failed: ").contains("Job has reached the specified backoff limit")
        .doesNotContain("Back-off restarting");
    FakeAihc.assertWellFormed(fake.received("DescribeJobEvents").get(0).request(), "DescribeJobEvents", "cce-job",
        "q-job");
  }

  @Test
  void givenFailedAndEventsUnavailable_whenAwait_thenStillFailedWithoutReason() {
    // given
    job().stage("Failed", List.of()).on(fake);
    fake.always("DescribeJobEvents", FakeAihc.error(403, "AccessDenied", "no events for you", "r"));
    Run run = submitted();

    // when
    JobResult result = run.await();

    // then
    assertThat(result).hasToString("Failed (bert job-a)");
  }

  @Test
  void givenStopped_whenAwait_thenStopped() {
    // given
    job().stage("Stopping", List.of()).stage("Stopped", List.of()).on(fake);
    Run run = submitted();

    // when
    JobResult result = run.await();

    // then
    assertThat(result.isSuccess()).isFalse();
    assertThat(result.toString()).startsWith("Stopped");
  }

  @Test
  void givenJobStillRunning_whenAwaitWithTimeout_thenTimeoutNamesTheStateAfterAboutThatLong() {
    // given
    job().stage("Running", List.of("master-0")).on(fake);
    Run run = submitted();
    long start = System.nanoTime();

    // when
    AihcTimeoutException e = catchThrowableOfType(AihcTimeoutException.class,
        () -> run.await(Duration.ofMillis(300)));

    // then
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).isBetween(Duration.ofMillis(300), Duration.ofSeconds(3));
    assertThat(e.lastStatus()).isEqualTo(JobStatus.RUNNING);
    assertThat(e).hasMessage("job bert job-a was still Running after 300ms (waiting since " + FakeAihc.NOW_TEXT
        + "). Call run.await() again to keep waiting, or run.stop() to stop it");
  }

  @Test
  void givenDescribeHangsOnTheServer_whenTheAwaitingThreadIsInterrupted_thenItReturnsWithinOneSecond()
      throws Exception {
    // given
    Run run = submitted(FakeAihc.client(server).readTimeout(Duration.ofSeconds(30)).callTimeout(Duration.ZERO));
    fake.always("DescribeJob", stall());
    CallOnThread await = CallOnThread.startedInto(fake, "DescribeJob", Duration.ofMillis(100), run::await);

    // when interrupted, then: it ends within a second
    await.interruptExpectingPromptEnd();
    assertThat(fake.received("DescribeJob")).hasSize(1);
  }
}
