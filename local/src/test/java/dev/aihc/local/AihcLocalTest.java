package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aihc.Aihc;
import dev.aihc.client.AihcClient;
import dev.aihc.wire.JobEvent;
import dev.aihc.wire.JobItem;
import dev.aihc.client.JobResult;
import dev.aihc.wire.JobStatus;
import dev.aihc.client.Run;
import dev.aihc.dsl.AihcException;
import dev.aihc.dsl.Job;
import dev.aihc.dsl.Priority;
import dev.aihc.internal.local.Endpoint;
import dev.aihc.internal.local.LocalHome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's own way to the local engine, {@code Aihc.local(home)}: it starts a background engine
 * when none runs (one, however many clients start at once), and a client keeps working across an
 * engine restart, on another port too.
 */
@Timeout(90)
final class AihcLocalTest {
  @TempDir Path dir;
  private Path home;
  private final List<String> progress = new CopyOnWriteArrayList<>();

  @AfterEach
  void stopEngines() {
    if (home != null) Daemons.stopAll(home);
  }

  @Test
  void givenFollowRunning_whenTheEngineIsKilledAndStartedAgain_thenFollowGoesOnWithEveryLineOnce() throws Exception {
    // given: two replicas printing 60 numbered lines each over about 12 s, followed from the start
    home = dir.resolve("home");
    List<String> seen = new CopyOnWriteArrayList<>();
    dev.aihc.client.OutputSink lines = new dev.aihc.client.OutputSink() {
      @Override
      public void log(String source, String line) {
        seen.add(source + " " + line);
      }

      @Override
      public void progress(String message) {
        progress.add(message);
      }
    };
    try (AihcClient aihc = Aihc.local(home, progress::add).withSink(lines)) {
      Run run = aihc.submit(TestEngine.job("outlives", "for i in $(seq 60); do echo \"line $i\"; sleep 0.2; done")
          .replicas(2));
      java.util.concurrent.CompletableFuture<JobResult> followed = java.util.concurrent.CompletableFuture.supplyAsync(
          () -> run.follow(dev.aihc.client.FollowOptions.all()));
      TestEngine.awaitTrue(() -> seen.size() >= 8, "some lines followed");

      // when: the engine is killed in the middle of the follow, and a new one started 6 s later (longer than
      // the client's own retries of a request last)
      Endpoint first = new LocalHome(home).endpoint().orElseThrow();
      ProcessHandle engine = ProcessHandle.of(first.pid()).orElseThrow();
      engine.destroyForcibly();
      engine.onExit().get(10, TimeUnit.SECONDS);
      Thread.sleep(6000);
      Aihc.local(home, progress::add).close();
      JobResult result = followed.get(60, TimeUnit.SECONDS);

      // then: every line of each replica once, in order; the follow said it lost the engine and found it again
      assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
      for (String replica : List.of("master-0", "worker-0")) {
        assertThat(seen.stream().filter(l -> l.startsWith(replica + " ")).toList()).as("%s's lines", replica)
            .containsExactlyElementsOf(IntStream.rangeClosed(1, 60).mapToObj(i -> replica + " line " + i).toList());
      }
      assertThat(progress).anyMatch(p -> p.contains(": cannot reach the service ("))
          .anyMatch(p -> p.contains(": reached again after "));
    }
  }

  @Test
  void givenNoEngine_whenAihcLocal_thenItStartsOneDetachedInTheBackgroundAndSaysSo() throws Exception {
    home = dir.resolve("home");

    // when
    try (AihcClient aihc = Aihc.local(home, progress::add)) {
      // then
      Endpoint endpoint = new LocalHome(home).endpoint().orElseThrow();
      assertThat(progress).hasSize(2);
      assertThat(progress.get(0)).isEqualTo("starting the local engine in " + home + "…");
      assertThat(progress.get(1)).startsWith("local engine ready at " + endpoint.url() + " (pid " + endpoint.pid());
      assertThat(endpoint.url()).matches("http://127\\.0\\.0\\.1:[0-9]+"); // no trailing slash
      assertThat(endpoint.pid()).isNotEqualTo(ProcessHandle.current().pid());
      assertThat(Daemons.sessionOf(endpoint.pid())).as("a session of its own (setsid)").isEqualTo(endpoint.pid());
      TestEngine.awaitTrue(() -> log().startsWith(endpoint.url() + "\n"), "the engine to print its URL to engine.log");
      assertThat(aihc.toString()).isEqualTo("AihcClient[" + endpoint.url() + " (local engine in " + home
          + ") pool=local queue=default]");
      assertThat(aihc.submit(TestEngine.job("hello", "echo hi")).await(Duration.ofSeconds(30)).status())
          .isEqualTo(JobStatus.SUCCEEDED);

      // and a second client finds that engine and starts none
      progress.clear();
      try (AihcClient again = Aihc.local(home, progress::add)) {
        assertThat(again.jobs().count()).isEqualTo(1);
      }
      assertThat(progress).isEmpty();
      assertThat(Daemons.enginesOf(home)).extracting(ProcessHandle::pid).containsExactly(endpoint.pid());
    }
  }

  private String log() {
    try {
      return Files.readString(home.resolve("engine.log"));
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  void givenTwoJvmsCallingAihcLocalAtOnce_whenNoEngineRuns_thenTheyGetTheSameOneEngine() throws Exception {
    home = dir.resolve("home");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> probes = new ArrayList<>();

    // when
    for (int i = 0; i < 2; i++) {
      probes.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), AihcLocalProbe.class.getName(),
          home.toString()).redirectError(dir.resolve("probe-" + i + ".err").toFile()).start());
    }
    List<String> answers = new ArrayList<>();
    for (Process p : probes) {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        answers.add(out.lines().collect(Collectors.joining("\n")));
      }
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(answers + " " + Files.readString(dir.resolve("probe-0.err"))).isZero();
    }

    // then
    long pid = new LocalHome(home).endpoint().orElseThrow().pid();
    assertThat(answers).containsExactly("pid=" + pid + " jobs=0", "pid=" + pid + " jobs=0");
    assertThat(Daemons.enginesOf(home)).extracting(ProcessHandle::pid).containsExactly(pid);
    String errs = Files.readString(dir.resolve("probe-0.err")) + Files.readString(dir.resolve("probe-1.err"));
    assertThat(errs.lines().filter(l -> l.startsWith("probe: starting"))).hasSize(1);
  }

  @Test
  void givenEngineKilledWhileTwoReplicasRun_whenRestartedOnAnotherPort_thenTheSameClientSeesTheJobEndWithEveryLine()
      throws Exception {
    home = dir.resolve("home");
    // Lines 3-8 wait for the test's go-ahead, so the replicas outlive the engine however slow its restart.
    Path go = dir.resolve("go");
    String lines = "for i in 1 2 3 4 5 6 7 8; do [ $i -lt 3 ] || while [ ! -e '" + go + "' ]; do sleep 0.1; done; "
        + "echo \"rank $RANK line $i\"; done";
    try (AihcClient aihc = Aihc.local(home, progress::add)) {
      Run run = aihc.submit(TestEngine.job("survives", lines).replicas(2));
      TestEngine.awaitTrue(() -> run.logs("master-0").size() >= 2 && run.logs("worker-0").size() >= 2,
          "both replicas to write");
      Endpoint first = new LocalHome(home).endpoint().orElseThrow();

      // when: SIGKILL, then a new engine (as a notebook's Aihc.local() would start) while the port is taken
      ProcessHandle engine = ProcessHandle.of(first.pid()).orElseThrow();
      engine.destroyForcibly();
      engine.onExit().get(10, TimeUnit.SECONDS);
      try (ServerSocket squatter = new ServerSocket(first.port(), 1, InetAddress.getLoopbackAddress())) {
        Aihc.local(home, progress::add).close();
      }
      Endpoint second = new LocalHome(home).endpoint().orElseThrow();
      assertThat(second.port()).isNotEqualTo(first.port());
      Files.createFile(go);

      // then: the client kept from before finds it through endpoint.json and follows the job to its end
      JobResult result = run.await(Duration.ofSeconds(30));
      assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(aihc.endpoint()).isEqualTo(second.url());
      List<String> expected = IntStream.rangeClosed(1, 8).mapToObj(i -> "line " + i).toList();
      assertThat(run.logs("master-0")).containsExactlyElementsOf(expected.stream().map(l -> "rank 0 " + l).toList());
      assertThat(run.logs("worker-0")).containsExactlyElementsOf(expected.stream().map(l -> "rank 1 " + l).toList());
      for (String pod : List.of("survives-master-0", "survives-worker-0")) {
        assertThat(aihc.describePodEvents(run.id(), pod, null, null).events()).extracting(JobEvent::reason)
            .containsExactly("Started", "Reattached", "Completed");
      }
    }
  }

  @Test
  void givenNoEngine_whenAihcLazy_thenNothingStartsNorLoadsHttpUntilTheFirstRequestWhichStartsTheEngine()
      throws Exception {
    home = dir.resolve("home");
    Path classLog = dir.resolve("classes.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xlog:class+load=info:file=" + classLog, "-Duser.home=" + dir,
        "-cp", System.getProperty("java.class.path"), AihcLazyProbe.class.getName())
        .redirectError(dir.resolve("probe.err").toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("AIHC_") || k.startsWith("BCE_"));
    pb.environment().put("AIHC_LOCAL_HOME", home.toString());

    // when
    Process probe = pb.start();
    String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(probe.waitFor(60, TimeUnit.SECONDS)).isTrue();

    // then
    String err = Files.readString(dir.resolve("probe.err"));
    assertThat(probe.exitValue()).as(out + err).isZero();
    // starting the engine is information: standard output (a notebook paints standard error red)
    assertThat(out.lines()).hasSize(5).startsWith(
        "AihcClient[local engine in ~/home, connects on first use pool=local queue=default]", // user.home is dir
        "endpoint.json before first use: false",
        "starting the local engine in ~/home…").endsWith("queues: default");
    assertThat(out.lines().toList().get(3)).startsWith("local engine ready at http://127.0.0.1:");
    List<String> loaded = Files.readAllLines(classLog);
    int firstUse = IntStream.range(0, loaded.size())
        .filter(i -> loaded.get(i).contains(AihcLazyProbe.FirstUse.class.getName())).findFirst().orElseThrow();
    assertThat(loaded.subList(0, firstUse)).as("classes loaded before the first request")
        .noneMatch(line -> line.contains(" okhttp3.") || line.contains(" okio."))
        .anyMatch(line -> line.contains(" dev.aihc.client.AihcClient "));
    assertThat(loaded.subList(firstUse, loaded.size())).anyMatch(line -> line.contains(" okhttp3.OkHttpClient "));
    assertThat(err).doesNotContain("starting the local engine");
    assertThat(new LocalHome(home).endpoint()).isPresent();
  }

  @Test
  void givenHomeTheEngineRefuses_whenAihcLocal_thenTheErrorSaysSoWithTheEndOfEngineLog() throws Exception {
    // given: a database from a newer engine, which this engine refuses to touch
    home = dir.resolve("home");
    Files.createDirectories(home);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("engine.db"));
        Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version = 99");
    }

    // when, then
    assertThatThrownBy(() -> Aihc.local(home, progress::add)).isInstanceOf(AihcException.class)
        .hasMessageStartingWith("the local engine stopped right after starting (exit code 1). The end of "
            + home.resolve("engine.log") + ":\n")
        .hasMessageContaining("has schema version 99 but this engine knows versions up to");
    assertThat(progress).containsExactly("starting the local engine in " + home + "…");
    assertThat(Daemons.enginesOf(home)).isEmpty();
  }

  @Test
  void givenEngineOnAHome_whenAihcLocalSubmits_thenTheJobRunsAndDescribesBackAsTheSameJob() throws Exception {
    // given: an engine in this JVM; Aihc.local uses it and starts none
    home = dir.resolve("home");
    Job job = TestEngine.job("round-trip", "echo hi").replicas(2).env("A", "1").label("team", "nlp")
        .priority(Priority.LOW).tensorboard("/tmp/tb").retention("7d").imageAuth("robot", "pw");
    try (LocalEngine engine = LocalEngine.start(LocalEngineConfig.of(home));
        AihcClient aihc = Aihc.local(home, progress::add)) {
      // when
      Run run = aihc.submit(job);
      JobResult result = run.await(Duration.ofSeconds(30));

      // then
      assertThat(progress).isEmpty();
      assertThat(aihc.endpoint()).isEqualTo(engine.url().toString());
      assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
      JobItem item = run.describe();
      assertThat(item.resourcePoolId()).isEqualTo(Aihc.LOCAL_POOL);
      assertThat(item.toJob()).isEqualTo(job.imageAuth("robot", "****").pool(Aihc.LOCAL_POOL));
    }
  }
}
