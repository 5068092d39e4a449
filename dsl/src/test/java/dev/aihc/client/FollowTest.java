package dev.aihc.client;

import dev.aihc.wire.JobStatus;
import static dev.aihc.client.FakeAihc.ok;
import static dev.aihc.client.FakeAihc.stall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.client.ScriptedJob.Paging;
import dev.aihc.dsl.Job;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link Run#follow()}: every replica's log, once, in order, until the job has ended and its logs are drained. */
@Timeout(10)
final class FollowTest {
  private static final Job JOB = Job.named("bert").queue("q-job").pool("cce-job")
      .image("registry.baidubce.com/aihc/pytorch:2.1").replicas(2).command("torchrun train.py");

  @StartStop private final MockWebServer server = FakeAihc.newServer();
  private final FakeAihc fake = FakeAihc.on(server);
  private final RecordingSink sink = new RecordingSink();

  private Run submitted(AihcClient.Builder client) {
    fake.next("CreateJob", ok("{\"jobId\":\"job-f\",\"jobName\":\"bert\"}"));
    return client.sink(sink).build().submit(JOB);
  }

  private Run submitted() {
    return submitted(FakeAihc.client(server));
  }

  private List<String> linesOf(String pod) {
    return sink.lines().stream().filter(l -> l.startsWith("[" + pod + "] ")).collect(Collectors.toList());
  }

  /** The progress messages without the time watched that ends a status line ({@code (3s)}), which varies. */
  private List<String> statusLines() {
    return sink.progress().stream().map(l -> l.replaceFirst(" \\(\\d+[smh][^)]*\\)$", "")).collect(Collectors.toList());
  }

  @ParameterizedTest
  @EnumSource(Paging.class)
  void givenTwoPodsWritingOverSeveralPages_whenFollow_thenEveryLineOnceInOrderWithItsPodPrefix(Paging paging) {
    // given
    new ScriptedJob("job-f", "bert", paging)
        .stage("Running", List.of("master-0", "worker-0"), "master-0", "m1", "master-0", "m2", "master-0", "m3",
            "master-0", "m4", "master-0", "m5", "worker-0", "w1", "worker-0", "w2", "worker-0", "w3")
        .stage("Running", List.of("master-0", "worker-0"), "master-0", "m6", "worker-0", "w4")
        .stage("Running", List.of("master-0", "worker-0"))
        .stage("Succeeded", List.of("master-0", "worker-0"), "master-0", "m7 done", "worker-0", "w5 done")
        .on(fake);
    Run run = submitted();

    // when
    JobResult result = run.follow();

    // then
    assertThat(linesOf("master-0")).containsExactly("[master-0] m1", "[master-0] m2", "[master-0] m3",
        "[master-0] m4", "[master-0] m5", "[master-0] m6", "[master-0] m7 done");
    assertThat(linesOf("worker-0")).containsExactly("[worker-0] w1", "[worker-0] w2", "[worker-0] w3",
        "[worker-0] w4", "[worker-0] w5 done");
    assertThat(sink.lines()).hasSize(12);
    assertThat(statusLines()).containsExactly("bert job-f: Running", "bert job-f: Succeeded");
    assertThat(sink.progress().get(0)).as("await's wording, with the time watched")
        .matches("bert job-f: Running \\(\\d+s\\)");
    assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(result.toString()).startsWith("Succeeded");
    assertThat(fake.received("DescribeJobLogs")).anySatisfy(r ->
        assertThat(r.body().path("marker").asText()).isNotEmpty());
    assertThat(fake.received("DescribeJobLogs")).allSatisfy(r ->
        FakeAihc.assertWellFormed(r.request(), "DescribeJobLogs", "cce-job", "q-job"));
  }

  /** {@code count} lines {@code prefix1..prefixN} of {@code pod}, as ScriptedJob takes them (pod, line, pod, line...). */
  private static List<String> printed(String pod, String prefix, int from, int to) {
    List<String> out = new java.util.ArrayList<>();
    for (int i = from; i <= to; i++) {
      out.add(pod);
      out.add(prefix + i);
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(Paging.class)
  void givenJobThatHasPrinted_whenFollowed_thenTheLast20LinesOfEachReplicaThenEveryNewLine(Paging paging) {
    // given: 25 lines of the master and 3 of the worker before follow starts, then more
    List<String> before = new java.util.ArrayList<>(printed("master-0", "m", 1, 25));
    before.addAll(printed("worker-0", "w", 1, 3));
    new ScriptedJob("job-f", "bert", paging)
        .stage("Running", List.of("master-0", "worker-0"), before.toArray(String[]::new))
        .stage("Running", List.of("master-0", "worker-0"), printed("master-0", "m", 26, 30).toArray(String[]::new))
        .stage("Succeeded", List.of("master-0", "worker-0"), "worker-0", "w4 done")
        .on(fake);
    Run run = submitted();

    // when
    run.follow();

    // then
    List<String> master = new java.util.ArrayList<>();
    for (int i = 6; i <= 30; i++) master.add("[master-0] m" + i);
    assertThat(linesOf("master-0")).containsExactlyElementsOf(master);
    assertThat(linesOf("worker-0")).containsExactly("[worker-0] w1", "[worker-0] w2", "[worker-0] w3",
        "[worker-0] w4 done");
    assertThat(sink.progress()).contains(
        "[master-0] 5 earlier lines not shown (run.follow(FollowOptions.all()) shows every line)")
        .noneMatch(p -> p.startsWith("[worker-0]"));
  }

  @Test
  void givenJobThatHasPrinted_whenFollowedWithTail0OrAll_thenOnlyNewLinesOrEveryLine() {
    // given
    ScriptedJob job = new ScriptedJob("job-f", "bert", Paging.EMPTY_AT_END)
        .stage("Running", List.of("master-0"), printed("master-0", "m", 1, 30).toArray(String[]::new))
        .stage("Succeeded", List.of("master-0"), "master-0", "m31 done");
    job.on(fake);
    Run run = submitted();

    // when
    run.follow(FollowOptions.tail(0));

    // then
    assertThat(linesOf("master-0")).containsExactly("[master-0] m31 done");
    assertThat(sink.progress()).contains("[master-0] 30 earlier lines not shown (run.follow(FollowOptions.all())"
        + " shows every line)");

    // when: again, from the start
    run.follow(FollowOptions.all());

    // then
    List<String> again = linesOf("master-0").subList(1, linesOf("master-0").size());
    assertThat(again).hasSize(31).startsWith("[master-0] m1").endsWith("[master-0] m31 done");
  }

  @Test
  void givenLogRequestsFailingForAWhileMidFollow_whenFollowed_thenItGoesOnFromTheLastLineShownWithoutGapOrRepeat() {
    // given: lines over four polls; the 4th to 15th DescribeJobLogs hang up (more than the client retries)
    ScriptedJob job = new ScriptedJob("job-f", "bert", Paging.EMPTY_AT_END)
        .stage("Running", List.of("master-0"), printed("master-0", "m", 1, 5).toArray(String[]::new))
        .stage("Running", List.of("master-0"), printed("master-0", "m", 6, 10).toArray(String[]::new))
        .stage("Running", List.of("master-0"), printed("master-0", "m", 11, 15).toArray(String[]::new))
        .stage("Succeeded", List.of("master-0"), printed("master-0", "m", 16, 20).toArray(String[]::new));
    job.on(fake);
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    fake.always("DescribeJobLogs", r -> {
      int n = calls.incrementAndGet();
      return n >= 4 && n <= 15 ? FakeAihc.hangUp() : job.logs(r);
    });
    Run run = submitted();

    // when
    JobResult result = run.follow();

    // then
    List<String> expected = new java.util.ArrayList<>();
    for (int i = 1; i <= 20; i++) expected.add("[master-0] m" + i);
    assertThat(linesOf("master-0")).containsExactlyElementsOf(expected);
    assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(sink.progress()).anyMatch(p -> p.startsWith("bert job-f: cannot reach the service ("))
        .anyMatch(p -> p.startsWith("bert job-f: reached again after "));
  }

  @Test
  void givenTailOutOfRange_whenMade_thenTheErrorSaysWhatToUse() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> FollowOptions.tail(-1))
        .hasMessage("tail must be >= 0 but was -1; FollowOptions.all() shows every line");
    assertThat(FollowOptions.defaults().tail()).isEqualTo(20);
    assertThat(FollowOptions.all().showsAll()).isTrue();
  }

  @Test
  void givenWorkerAppearsLater_whenFollow_thenItsLinesAreShownToo() {
    // given
    new ScriptedJob("job-f", "bert", Paging.EMPTY_AT_END)
        .stage("Scheduled", List.of())
        .stage("Starting", List.of("master-0"), "master-0", "m1")
        .stage("Running", List.of("master-0", "worker-0"), "master-0", "m2", "worker-0", "w1")
        .stage("Succeeded", List.of("master-0", "worker-0"), "worker-0", "w2")
        .on(fake);
    Run run = submitted();

    // when
    run.follow();

    // then
    assertThat(sink.lines()).containsExactly("[master-0] m1", "[master-0] m2", "[worker-0] w1", "[worker-0] w2");
    assertThat(statusLines()).containsExactly("bert job-f: Scheduled", "bert job-f: Starting",
        "bert job-f: Running", "bert job-f: Succeeded");
  }

  @Test
  void givenPodRestarts_whenFollow_thenARestartMessageAndTheLinesAfterIt() {
    // given
    new ScriptedJob("job-f", "bert", Paging.EMPTY_AT_END)
        .stage("Running", List.of("worker-0"), "worker-0", "step 1")
        .stage("Restarting", List.of("worker-0:1"), "worker-0", "NCCL error", "worker-0", "step 1 again")
        .stage("Running", List.of("worker-0:1"), "worker-0", "step 2")
        .stage("Succeeded", List.of("worker-0:1"))
        .on(fake);
    Run run = submitted();

    // when
    run.follow();

    // then
    assertThat(statusLines()).containsExactly("bert job-f: Running", "bert job-f: Restarting",
        "[worker-0] restarted (restart 1)", "bert job-f: Running", "bert job-f: Succeeded");
    assertThat(sink.lines()).containsExactly("[worker-0] step 1", "[worker-0] NCCL error", "[worker-0] step 1 again",
        "[worker-0] step 2");
  }

  @Test
  void givenFollow_whenLinesArrive_thenTheSinkIsCalledOnTheFollowingThreadOnly() {
    // given
    new ScriptedJob("job-f", "bert", Paging.EMPTY_AT_END)
        .stage("Running", List.of("master-0"), "master-0", "a", "master-0", "b", "master-0", "c")
        .stage("Succeeded", List.of("master-0"))
        .on(fake);
    Run run = submitted();

    // when
    run.follow();

    // then
    assertThat(sink.threads()).isNotEmpty().containsOnly(Thread.currentThread());
  }

  @Test
  void givenFailedWithoutReason_whenFollow_thenResultCarriesTheLastWarning() {
    // given
    new ScriptedJob("job-f", "bert", Paging.EMPTY_AT_END)
        .stage("Failed", List.of("master-0"), "master-0", "Traceback")
        .on(fake);
    fake.always("DescribeJobEvents", ok("{\"events\":[{\"reason\":\"BackoffLimitExceeded\",\"message\":\"Job has "
        + "reached the specified backoff limit\",\"type\":\"Warning\",\"count\":1}],\"total\":1}"));
    Run run = submitted();

    // when
    JobResult result = run.follow();

    // then
    assertThat(result.toString()).startsWith("Failed: ").contains("Job has reached the specified backoff limit");
    assertThat(sink.lines()).containsExactly("[master-0] Traceback");
  }

  @Test
  void givenRunningJob_whenLogsOfOnePodAreAskedByShortName_thenEveryPageIsRead() {
    // given
    new ScriptedJob("job-f", "bert", Paging.EMPTY_AT_END)
        .stage("Running", List.of("worker-0"), "worker-0", "1", "worker-0", "2", "worker-0", "3",
            "worker-0", "4", "worker-0", "5")
        .on(fake);
    Run run = submitted();
    run.status(); // writes the lines

    // when
    List<String> lines = run.logs("worker-0");

    // then
    assertThat(lines).containsExactly("1", "2", "3", "4", "5");
    assertThat(fake.received("DescribeJobLogs")).hasSize(3).allSatisfy(r ->
        assertThat(r.body().path("podName").asText()).isEqualTo("bert-worker-0"));
  }

  @Test
  void givenLogRequestHangsOnTheServer_whenTheFollowingThreadIsInterrupted_thenItReturnsWithinOneSecond()
      throws Exception {
    // given
    new ScriptedJob("job-f", "bert", Paging.EMPTY_AT_END).stage("Running", List.of("master-0")).on(fake);
    Run run = submitted(FakeAihc.client(server).readTimeout(Duration.ofSeconds(30)).callTimeout(Duration.ZERO));
    fake.always("DescribeJobLogs", stall());
    CallOnThread follow = CallOnThread.startedInto(fake, "DescribeJobLogs", Duration.ofMillis(100), run::follow);

    // when interrupted, then: it ends within a second
    assertThat(follow.interruptExpectingPromptEnd()).hasMessageContaining("The job itself keeps running");
  }

  @Test
  void givenLogAnswerBodyStalls_whenTheFollowingThreadIsInterrupted_thenItReturnsWithinOneSecond() throws Exception {
    // given: the headers arrive, the body does not
    new ScriptedJob("job-f", "bert", Paging.EMPTY_AT_END).stage("Running", List.of("master-0")).on(fake);
    Run run = submitted(FakeAihc.client(server).readTimeout(Duration.ofSeconds(30)).callTimeout(Duration.ZERO));
    fake.always("DescribeJobLogs", new MockResponse.Builder().code(200)
        .body("{\"logs\":[\"late\"],\"nextMarker\":\"\"}").bodyDelay(20, TimeUnit.SECONDS)
        .build());
    CallOnThread follow = CallOnThread.startedInto(fake, "DescribeJobLogs", Duration.ofMillis(100), run::follow);

    // when interrupted, then: it ends within a second
    follow.interruptExpectingPromptEnd();
  }

  @Test
  void givenFollowWaitingBetweenPolls_whenInterrupted_thenItReturnsAtOnce() throws Exception {
    // given
    new ScriptedJob("job-f", "bert", Paging.EMPTY_AT_END).stage("Running", List.of("master-0")).on(fake);
    Run run = submitted(FakeAihc.client(server).pollInterval(Duration.ofSeconds(30)));
    CallOnThread follow = CallOnThread.startedInto(fake, "DescribeJobLogs", Duration.ofMillis(100), run::follow);

    // when interrupted, then: it ends within a second
    follow.interruptExpectingPromptEnd();
  }
}
