package dev.aihc.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.Aihc;
import dev.aihc.client.AihcClient;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.JobStatus;
import dev.aihc.client.Run;
import dev.aihc.dsl.Job;
import dev.aihc.internal.local.Endpoint;
import dev.aihc.internal.local.EngineDaemon;
import dev.aihc.internal.local.LocalHome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./aihc local start|stop|status|reset|prune} against real background engines. */
@Timeout(90)
final class LocalCommandTest {
  @TempDir Path dir;
  private Path home;

  /** What one command printed, and its exit status. */
  private record Result(int status, String out, String err) {}

  @AfterEach
  void stopEngine() {
    if (home != null) EngineDaemon.stop(new LocalHome(home), EngineDaemon.STOP_TIMEOUT);
  }

  private Result local(String input, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> argv = Stream.concat(Stream.of(args), Stream.of("--home", home.toString())).toList();
    int status = LocalCommand.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Job job(String name, String command) {
    return Job.named(name).queue("default").image("registry.baidubce.com/test/pytorch:1.0").command(command);
  }

  @Test
  void givenNoEngine_whenStartedTwiceAskedAndStoppedTwice_thenEachStepSaysWhatItFoundAndDid() throws Exception {
    home = dir.resolve("home");

    Result started = local("", "start");
    Endpoint e = new LocalHome(home).endpoint().orElseThrow();
    assertThat(started.status()).isZero();
    assertThat(started.out()).isEqualTo("the local engine runs at " + e.url() + " (pid " + e.pid() + ", home " + home
        + ", log " + home.resolve("engine.log") + ")\n");
    assertThat(started.err()).startsWith("starting the local engine in " + home + "…\n");

    Result again = local("", "start");
    assertThat(again.status()).isZero();
    assertThat(again.out()).isEqualTo("the local engine already runs in " + home + " at " + e.url() + " (pid " + e.pid()
        + ")\n");

    try (AihcClient aihc = Aihc.local(home, m -> { })) {
      aihc.submit(job("one", "true")).await(Duration.ofSeconds(30));
      aihc.submit(job("two", "exit 3")).await(Duration.ofSeconds(30));
    }
    Result status = local("", "status");
    assertThat(status.status()).isZero();
    assertThat(status.out()).startsWith("local engine in " + home + "\n  url       " + e.url() + "\n  pid       "
        + e.pid() + "\n  uptime    ")
        .contains("\n  jobs      Succeeded 1, Failed 1 (2 in all)\n")
        .containsPattern("\n  capacity  [0-9]+ cores?, [0-9.]+ GiB memory \\([0-9.]+ GiB available\\)\n")
        .containsPattern("\n  disk      [0-9.]+ GiB free of [0-9.]+ GiB on the home's file system\n");

    Result stopped = local("", "stop");
    assertThat(stopped.out()).startsWith("stopped the local engine in " + home + " (pid " + e.pid() + ")");
    assertThat(ProcessHandle.of(e.pid())).isEmpty();
    assertThat(local("", "stop").out()).isEqualTo("no local engine runs in " + home + "\n");
    Result none = local("", "status");
    assertThat(none.status()).isEqualTo(LocalCommand.NOT_RUNNING);
    assertThat(none.out()).isEqualTo("no local engine runs in " + home + ". Start one with ./aihc local start\n");
  }

  @Test
  void givenJobsFinishedAtDifferentTimes_whenPrunedOlderThanTwoSeconds_thenOnlyTheOldOneIsDeleted() throws Exception {
    home = dir.resolve("home");
    // Polling fast: await returns right after the job ends, so "recent" is well under 2 s old when pruning.
    try (AihcClient aihc = Aihc.local(home, m -> { }).toBuilder().pollInterval(Duration.ofMillis(100)).build()) {
      // given
      String old = aihc.submit(job("old", "true")).id();
      aihc.job(old).await(Duration.ofSeconds(30));
      Thread.sleep(3000);
      String recent = aihc.submit(job("recent", "true")).id();
      aihc.job(recent).await(Duration.ofSeconds(30));
      String running = aihc.submit(job("running", "sleep 30")).id();

      // when
      Result pruned = local("", "prune", "--older-than", "2s");

      // then
      assertThat(pruned.status()).as(pruned.err()).isZero();
      assertThat(pruned.out()).isEqualTo("pruned 1 job that finished more than 2s ago; 1 finished job kept\n");
      assertThat(aihc.jobs().map(JobItem::jobId)).containsExactlyInAnyOrder(recent, running);
      assertThat(home.resolve("jobs").resolve(old)).doesNotExist();
    }
  }

  @Test
  void givenReplicaLeftRunningByAKilledEngine_whenResetWithYes_thenItIsStoppedAndTheHomeIsEmpty() throws Exception {
    // given
    home = dir.resolve("home");
    Path marker = dir.resolve("replica.pid");
    try (AihcClient aihc = Aihc.local(home, m -> { })) {
      Run run = aihc.submit(job("lingers", "echo $$ > " + marker + "; exec sleep 60"));
      awaitTrue(() -> Files.exists(marker) && run.status() == JobStatus.RUNNING, "the replica to run");
    }
    long replica = Long.parseLong(Files.readString(marker).trim());
    ProcessHandle engine = ProcessHandle.of(new LocalHome(home).endpoint().orElseThrow().pid()).orElseThrow();
    engine.destroyForcibly();
    engine.onExit().get(10, TimeUnit.SECONDS);
    assertThat(ProcessHandle.of(replica).map(ProcessHandle::isAlive)).contains(true);

    // when
    Result reset = local("", "reset", "--yes");

    // then
    assertThat(reset.status()).as(reset.err()).isZero();
    assertThat(reset.out()).startsWith("reset " + home + ": the engine and its jobs are stopped and ");
    awaitTrue(() -> ProcessHandle.of(replica).map(p -> !p.isAlive()).orElse(true), "the replica to be gone");
    try (Stream<Path> left = Files.list(home)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void givenResetNotConfirmedOrNotAHome_whenRun_thenNothingIsDeleted() throws IOException {
    home = dir.resolve("home");
    Files.createDirectories(home);
    Files.writeString(home.resolve("notes.txt"), "mine");

    Result notAHome = local("yes\n", "reset");
    assertThat(notAHome.status()).isEqualTo(1);
    assertThat(notAHome.err()).isEqualTo("aihc local reset: " + home + " does not look like a local engine home (no "
        + "engine.db); nothing was deleted. Check --home or AIHC_LOCAL_HOME\n");

    Files.writeString(home.resolve("engine.db"), "");
    Result declined = local("no\n", "reset");
    assertThat(declined.status()).isEqualTo(1);
    assertThat(declined.out()).endsWith("Type yes to go on: ");
    assertThat(declined.err()).isEqualTo("aihc local reset: nothing was changed\n");
    assertThat(home.resolve("notes.txt")).exists();

    Result usage = local("", "prune");
    assertThat(usage.status()).isEqualTo(2);
    assertThat(usage.err()).startsWith("aihc local prune: prune needs --older-than, such as 7d\nusage: aihc local start");
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) return;
      Thread.sleep(50);
    }
    throw new AssertionError("timed out after 20 s waiting for " + what);
  }
}
