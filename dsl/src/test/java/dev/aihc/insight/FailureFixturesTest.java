package dev.aihc.insight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.insight.FailureFixture.Replica;
import dev.aihc.wire.JobEvent;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.JobStatus;
import dev.aihc.wire.PodItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every failure of {@code logs/failures/} read as the local engine reports it (exit codes, reasons, the
 * job's reason naming the replica that ended first) and as AIHC does (pods Failed, no exit codes, an
 * OOMKilled event), each log kept to the end the diagnosis reads: the cause, the culprit, the evidence
 * and the hint a person would read.
 */
final class FailureFixturesTest {
  private static final String JOB = "job";
  private static final int MAX_EVIDENCE = 6;

  static Stream<FailureFixture> fixtures() {
    return FailureFixture.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void readAsTheLocalEngineReportsIt(FailureFixture f) {
    check(f, analyse(f, true, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void readAsAihcReportsIt(FailureFixture f) {
    check(f, analyse(f, false, false));
  }

  /**
   * Read the moment the job turned Failed, as both platforms answer then: the replica that failed first has
   * ended, the others the platform is about to end are still Running, with no exit code.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void readWhileTheOtherReplicasAreBeingEnded(FailureFixture f) {
    check(f, analyse(f, true, true));
  }

  private static void check(FailureFixture f, Diagnosis d) {
    assertThat(d.cause()).as(f.name() + "\n" + d).isEqualTo(FailureCause.valueOf(f.cause()));
    assertThat(d.culprit()).as(f.name() + "\n" + d).isEqualTo(f.culprit());
    String evidence = String.join("\n", d.evidence());
    for (String e : f.evidence()) assertThat(evidence).as(f.name() + "\n" + d).contains(e);
    assertThat(d.evidence()).as(f.name() + "\n" + d).hasSizeLessThanOrEqualTo(MAX_EVIDENCE);
    for (String h : f.hints()) assertThat(d.hint()).as(f.name() + "\n" + d).contains(h);
    if (f.rank() != null) {
      assertThat(d.rank()).as(f.name() + "\n" + d).hasValue(f.rank());
      assertThat(d.summary()).contains(" in " + f.culprit() + " (rank " + f.rank() + ")");
    }
  }

  /**
   * The clues of the fixture's job. Locally: the replica that ends first fails with its own code and
   * names the job's reason; one that exited 0 before it succeeded; the rest were terminated. On AIHC:
   * every replica that did not exit 0 is Failed, with no exit code or reason; an OOM kill is an event.
   */
  static Diagnosis analyse(FailureFixture f, boolean local, boolean othersRunning) {
    Replica first = f.replicas().stream().filter(r -> r.exitCode() == null || r.exitCode() != 0)
        .min(Comparator.comparingDouble(Replica::after)).orElseThrow();
    List<FailureAnalysis.PodClues> pods = new ArrayList<>();
    List<JobEvent> jobEvents = new ArrayList<>();
    String jobReason = "";
    for (Replica r : f.replicas()) {
      boolean ok = r.exitCode() != null && r.exitCode() == 0 && r.after() < first.after();
      List<JobEvent> events = new ArrayList<>();
      PodItem pod;
      if (local) {
        String reason;
        Integer code;
        if (ok) {
          code = 0;
          reason = "exited with code 0";
        } else if (r == first) {
          code = r.exitCode();
          reason = (r.oom() ? "OOMKilled: over its memory limit of 1 GB (cgroup v2 memory controller); " : "")
              + "exited with code " + code + (code == 137 ? " (SIGKILL)" : "");
          jobReason = r.pod() + " " + reason;
        } else if (othersRunning) {
          code = null;
          reason = null;
        } else {
          code = 143;
          reason = "terminated because the job failed: exited with code 143 (SIGTERM)";
        }
        boolean running = code == null && reason == null;
        pod = new PodItem(JOB + "-" + r.pod(), ok ? "Succeed" : running ? "Running" : "Failed",
            r.pod().replaceFirst("-.*", ""), 0, "localhost", "127.0.0.1", code, reason);
        if (!ok && !running) events.add(event("Error", reason, r == first ? 1 : 2));
      } else {
        pod = new PodItem(JOB + "-" + r.pod(), ok ? "Succeed" : "Failed", r.pod().replaceFirst("-.*", ""), 0,
            "node-1", "10.0.0.1", null, null);
        if (r.oom()) events.add(event("OOMKilled", "Container was OOMKilled (exit code 137)", 1));
      }
      Diagnoser.Tail tail = new Diagnoser.Tail();
      FailureFixture.printed(r).forEach(tail);
      pods.add(new FailureAnalysis.PodClues(r.pod(), pod, events, tail.lines()));
    }
    if (local) jobEvents.add(event("Failed", jobReason, 3));
    JobItem job = new JobItem("job-1", JOB, JobStatus.FAILED, local ? jobReason : null, null, null, null, null,
        null, null, null, null, null, null, null, pods.stream().map(FailureAnalysis.PodClues::pod).toList(), null,
        null, null, null, null, null, null, null, null);
    return FailureAnalysis.analyse(job, jobEvents, pods);
  }

  private static JobEvent event(String reason, String message, int second) {
    return new JobEvent(reason, message, "2026-01-01T00:00:0" + second + "Z", "2026-01-01T00:00:0" + second + "Z", 1,
        "Warning");
  }
}
