package dev.aihc.local.internal.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.dsl.Job;
import dev.aihc.local.internal.replica.ReplicaCpu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** faultToleranceArgs read for the local engine, the time scale, and the CPU sample behind stack timeouts. */
final class FaultPolicyTest {
  private static final Duration SECOND = Duration.ofSeconds(1);

  private static Job job() {
    return Job.named("j").queue("default").image("r/x:1").command("true");
  }

  @Test
  void givenFlags_whenReadWithASecondPerMinute_thenTimeoutsAreScaledAndAbsentOnesTakeTheDocumentedValues() {
    // when
    FaultPolicy p = FaultPolicy.of(job().faultToleranceArgs("--enable-hang-detection=true "
        + "--hang-detection-log-timeout-minutes=2 --max-num-of-unconditional-retry=3 --custom-log-patterns=a.c "
        + "--custom-log-patterns=x(y --enable-replace=true"), SECOND);

    // then
    assertThat(p.enabled()).isTrue();
    assertThat(p.retries()).isEqualTo(3);
    assertThat(p.logTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.startupToleration()).isEqualTo(Duration.ofSeconds(15));
    assertThat(p.stackTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(p.watches()).isTrue();
    assertThat(p.matching("abc")).isNotNull();
    assertThat(p.matching("a.c")).isNotNull();
    assertThat(p.matching("got x(y here").pattern()).isEqualTo("\\Qx(y\\E"); // not a regex: matched literally
    assertThat(p.matching("xy")).isNull();
    assertThat(p.describe(job())).isEqualTo("fault tolerance: up to 3 restarts after a fault (at most 4 attempts); "
        + "a log line matching 'a.c' fails its replica; a log line matching '\\Qx(y\\E' fails its replica; hang "
        + "detection after 15s: no new log output for 2s, or no CPU progress for 3s is a hang; --enable-replace "
        + "recorded: there is no other node locally, so a fault restarts on this host (one minute of the flags lasts "
        + "1s on this engine)");
  }

  @Test
  void givenNoFaultTolerance_whenRead_thenNothingApplies() {
    // when
    FaultPolicy none = FaultPolicy.of(job(), Duration.ofMinutes(1));
    FaultPolicy off = FaultPolicy.of(job().faultToleranceArgs("--max-num-of-unconditional-retry=2").faultTolerance(false),
        Duration.ofMinutes(1));

    // then
    assertThat(none.enabled()).isFalse();
    assertThat(none.retries()).isZero();
    assertThat(none.watches()).isFalse();
    assertThat(off.enabled()).isFalse();
  }

  @Test
  void givenWatchPeriod_whenTheMinuteShrinks_thenTicksFollowWithinBounds() {
    assertThat(FaultWatch.period(Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(1));
    assertThat(FaultWatch.period(SECOND)).isEqualTo(Duration.ofMillis(100));
    assertThat(FaultWatch.period(Duration.ofSeconds(10))).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void givenStatLineWithSpacesAndParensInTheName_whenParsed_thenSessionAndCpuTicksAreRead() {
    // given: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
    String stat = "4242 (my (odd) cmd) S 1 4242 4240 0 -1 4194304 100 0 0 0 7 3 2 1 20 0 1 0 12345\n";

    // when
    long[] parsed = ReplicaCpu.parse(stat);

    // then
    assertThat(parsed).containsExactly(4240, 13);
    assertThat(ReplicaCpu.parse("garbage")).isNull();
  }

  @Test
  void givenThisProcess_whenItsSessionIsSampled_thenItIsAmongThePids() throws IOException {
    // given
    long[] self = ReplicaCpu.parse(Files.readString(Path.of("/proc/self/stat")));

    // when
    ReplicaCpu.Sample sample = ReplicaCpu.sample(self[0]);

    // then
    assertThat(sample.pids()).contains(ProcessHandle.current().pid());
    assertThat(sample.ticks()).isPositive();
  }
}
