package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.wire.JobLogs;
import dev.aihc.client.JobResult;
import dev.aihc.wire.JobStatus;
import dev.aihc.client.LogRequest;
import dev.aihc.client.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** DescribeJobLogs on a real engine: markers, maxLines, keywords, partial lines, time windows, the cap, follow(). */
@Timeout(60)
final class LocalEngineLogsTest {
  @RegisterExtension final TestEngine t = TestEngine.perTest();

  @Test
  void givenFinishedJobWith25Lines_whenPagedBy10_thenPagesFollowTheMarkerAndTheLastEndsWithAnEmptyMarker() {
    // given
    Run run = t.client.submit(TestEngine.job("pages", "for i in $(seq 1 25); do echo line-$i; done"));
    run.await(TestEngine.WAIT);
    LogRequest first = LogRequest.of(run.id(), "pages-master-0").maxLines(10);

    // when
    JobLogs p1 = t.client.describeJobLogs(first);
    JobLogs p2 = t.client.describeJobLogs(first.marker(p1.nextMarker()));
    JobLogs p3 = t.client.describeJobLogs(first.marker(p2.nextMarker()));

    // then
    assertThat(p1.logs()).containsExactlyElementsOf(lines(1, 10));
    assertThat(p1.nextMarker()).isEqualTo(Integer.toString(bytes(1, 10)));
    assertThat(p2.logs()).containsExactlyElementsOf(lines(11, 20));
    assertThat(p3.logs()).containsExactlyElementsOf(lines(21, 25));
    assertThat(p3.nextMarker()).isEmpty();
    assertThat(p3.podName()).isEqualTo("pages-master-0");
    assertThat(run.logs("master-0")).containsExactlyElementsOf(lines(1, 25));
  }

  @Test
  void givenMixedLines_whenKeywordsGiven_thenOnlyMatchingLinesComeBack() {
    // given
    Run run = t.client.submit(TestEngine.job("grep", "echo 'ERROR disk'; echo 'INFO ok'; echo 'WARN slow'; "
        + "echo 'ERROR net'"));
    run.await(TestEngine.WAIT);

    // when
    JobLogs errors = t.client.describeJobLogs(LogRequest.of(run.id(), "grep-master-0").keywords("ERROR"));
    JobLogs either = t.client.describeJobLogs(LogRequest.of(run.id(), "grep-master-0").keywords("WARN,INFO"));
    JobLogs none = t.client.describeJobLogs(LogRequest.of(run.id(), "grep-master-0").keywords("FATAL"));

    // then
    assertThat(errors.logs()).containsExactly("ERROR disk", "ERROR net");
    assertThat(errors.nextMarker()).isEmpty();
    assertThat(either.logs()).containsExactly("INFO ok", "WARN slow");
    assertThat(none.logs()).isEmpty();
    assertThat(none.nextMarker()).isEmpty();
  }

  @Test
  void givenRunningReplica_whenItsLastLineIsUnfinished_thenThatLineWaitsUntilComplete() {
    // given
    Run run = t.client.submit(TestEngine.job("partial", "printf 'done\\npart'; sleep 1.5; printf 'ial\\ntail'"));
    LogRequest request = LogRequest.of(run.id(), "partial-master-0");
    t.awaitJob(run.id(), j -> !t.client.describeJobLogs(request).logs().isEmpty(), "the first line");

    // when
    JobLogs whileRunning = t.client.describeJobLogs(request);
    JobLogs nothingNew = t.client.describeJobLogs(request.marker(whileRunning.nextMarker()));
    run.await(TestEngine.WAIT);
    JobLogs afterEnd = t.client.describeJobLogs(request.marker(whileRunning.nextMarker()));

    // then
    assertThat(whileRunning.logs()).containsExactly("done");
    assertThat(whileRunning.nextMarker()).isEqualTo("5");
    assertThat(nothingNew.logs()).isEmpty();
    assertThat(nothingNew.nextMarker()).isEqualTo("5"); // non-empty while the replica may still write
    assertThat(afterEnd.logs()).containsExactly("partial", "tail"); // the last, unterminated line too
    assertThat(afterEnd.nextMarker()).isEmpty();
  }

  @Test
  void givenTwoReplicasWritingOverTime_whenFollowed_thenEveryLineIsShownOnceAndFollowEndsWithTheJob() {
    // given
    Run run = t.client.submit(TestEngine.job("follow", "for i in 1 2 3 4 5; do echo \"r$RANK-$i\"; sleep 0.2; done")
        .replicas(2));

    // when
    JobResult result = run.follow();

    // then
    assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
    List<String> shown;
    synchronized (t.shown) {
      shown = new ArrayList<>(t.shown);
    }
    assertThat(shown).filteredOn(s -> s.startsWith("[master-0]"))
        .containsExactly("[master-0] r0-1", "[master-0] r0-2", "[master-0] r0-3", "[master-0] r0-4", "[master-0] r0-5");
    assertThat(shown).filteredOn(s -> s.startsWith("[worker-0]"))
        .containsExactly("[worker-0] r1-1", "[worker-0] r1-2", "[worker-0] r1-3", "[worker-0] r1-4", "[worker-0] r1-5");
  }

  @Test
  void givenLinesWrittenSecondsApart_whenATimeWindowIsAsked_thenOnlyLinesOfThatWindowComeBack() {
    // given
    Run run = t.client.submit(TestEngine.job("window", "echo early; sleep 4; echo late"));
    LogRequest all = LogRequest.of(run.id(), "window-master-0");
    t.awaitJob(run.id(), j -> t.client.describeJobLogs(all).logs().contains("early"), "the early line");
    TestEngine.sleep(1300); // the monitor indexes about once a second
    Instant between = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 1);
    run.await(TestEngine.WAIT);

    // when
    JobLogs after = t.client.describeJobLogs(all.window(between, null));
    JobLogs before = t.client.describeJobLogs(all.window(Instant.EPOCH, between.minusSeconds(1)));
    JobLogs everything = t.client.describeJobLogs(all.window(Instant.EPOCH, Instant.now().plusSeconds(60)));

    // then
    assertThat(after.logs()).containsExactly("late");
    assertThat(after.nextMarker()).isEmpty();
    assertThat(before.logs()).containsExactly("early");
    assertThat(before.nextMarker()).isEmpty();
    assertThat(everything.logs()).containsExactly("early", "late");
  }

  @Test
  void givenLogCap_whenAReplicaWritesBeyondIt_thenTheLogStopsAtTheCapWithOneNoticeLine(@TempDir Path home)
      throws IOException {
    // given: a 4 KiB cap (an engine of its own) and a replica writing 100 lines of 1 KiB over about a second
    try (TestEngine capped = TestEngine.start(TestEngine.config(home).logCapBytes(4096))) {
      Run run = capped.client.submit(TestEngine.job("chatty",
          "for i in $(seq 1 100); do printf \"%01023d\\n\" $i; [ $((i % 20)) = 0 ] && sleep 0.3; done; echo end"));

      // when
      run.await(TestEngine.WAIT);

      // then
      Path log = home.resolve("jobs").resolve(run.id()).resolve("chatty-master-0.log");
      assertThat(Files.size(log)).isBetween(4096L, 4096L + 200);
      List<String> lines = run.logs("master-0");
      assertThat(lines).hasSize(5);
      assertThat(lines.subList(0, 4)).allSatisfy(l -> assertThat(l).hasSize(1023));
      assertThat(lines.get(4))
          .isEqualTo("[aihc-local] this log reached its cap of 4096 bytes; further output was dropped");
    }
  }

  @Test
  void givenBadMarkerOrUnknownPod_whenLogsAsked_thenClearErrors() {
    // given
    Run run = t.client.submit(TestEngine.job("bad-marker", "true"));

    // when
    RawApi.Reply marker = t.api.post("DescribeJobLogs", "{\"jobId\":\"" + run.id()
        + "\",\"podName\":\"bad-marker-master-0\",\"marker\":\"abc\"}");
    RawApi.Reply pod = t.api.post("DescribeJobLogs", "{\"jobId\":\"" + run.id() + "\",\"podName\":\"nope\"}");

    // then
    assertThat(marker.status()).isEqualTo(400);
    assertThat(marker.message()).isEqualTo("marker must be the nextMarker of an earlier page (or empty for the "
        + "start) but was 'abc'");
    assertThat(pod.status()).isEqualTo(404);
    assertThat(pod.message()).isEqualTo("job " + run.id() + " has no pod 'nope'; its pods are bad-marker-master-0");
  }

  private static List<String> lines(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(i -> "line-" + i).toList();
  }

  private static int bytes(int from, int to) {
    return lines(from, to).stream().mapToInt(l -> l.length() + 1).sum();
  }
}
