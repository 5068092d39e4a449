package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aihc.internal.json.Json;
import dev.aihc.dsl.Job;
import dev.aihc.dsl.Priority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jshell.JShell;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The job commands of ./aihc, each run as a process against a real local engine. */
@Timeout(120)
final class CliTest {
  @TempDir static Path home;
  @TempDir static Path files;
  private static LocalEngine engine;

  @BeforeAll
  static void startEngine() {
    // Keys from the home's own credentials file, as ./aihc local start leaves them.
    engine = LocalEngine.start(LocalEngineConfig.of(home).gracePeriod(Duration.ofSeconds(1)));
  }

  @AfterAll
  static void stopEngine() {
    engine.close();
  }

  record Result(int status, String out, String err) {
    JsonNode json() throws Exception {
      return Json.mapper().readTree(out);
    }
  }

  private static Result aihc(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.aihc.internal.cli.AihcCli"));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--home", home.toString()));
    Path out = Files.createTempFile(files, "out", ".txt");
    Path err = Files.createTempFile(files, "err", ".txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("aihc %s finished", List.of(args)).isTrue();
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static Path write(String name, String text) throws Exception {
    return Files.writeString(files.resolve(name), text);
  }

  private static Job job(String name, String command) {
    return Job.named(name).queue("default").image("registry.baidubce.com/test/pytorch:1.0").replicas(2)
        .env("GREETING", "hi").label("team", "nlp").priority(Priority.LOW).command(command);
  }

  private static String submitJson(Job job) throws Exception {
    Result r = aihc("submit", write(job.name() + ".json", job.toJson()).toString(), "--json");
    assertThat(r.status()).as(r.err()).isZero();
    return r.json().get("jobId").asText();
  }

  @Test
  void givenCreateJobJson_whenSubmittedAndFollowed_thenSucceededWithBothReplicasLogs() throws Exception {
    // when
    Result r = aihc("submit", write("echo.json", job("cli-echo", "echo line-$RANK; echo done-$RANK").toJson()).toString(),
        "--follow");
    // then
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains("submitted cli-echo as job-").contains("[master-0] line-0").contains("[worker-0] line-1")
        .contains("Succeeded");
  }

  @Test
  void givenFailingJob_whenSubmittedWithFollowAndJson_thenExitOneWithReason() throws Exception {
    Result r = aihc("submit", write("fail.json", job("cli-fail", "exit 3").replicas(1).toJson()).toString(),
        "--follow", "--json");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.json().get("status").asText()).isEqualTo("Failed");
    assertThat(r.json().get("reason").asText()).contains("exited with code 3");
  }

  @Test
  void givenJshScriptEndingWithJob_whenSubmitted_thenThatJobIsCreated() throws Exception {
    // given: a fluent chain with leading dots, as in a notebook cell
    Path script = write("job.jsh", "var job = Job.named(\"from-script\")\n    .queue(\"default\")\n"
        + "    .image(\"registry.baidubce.com/test/pytorch:1.0\")\n    .command(\"echo from-script\");\njob;\n");
    // when
    Result r = aihc("submit", script.toString(), "--json");
    // then
    assertThat(r.status()).as(r.err()).isZero();
    String id = r.json().get("jobId").asText();
    assertThat(aihc("describe", id).out()).contains("from-script");
  }

  @Test
  void givenScriptNotEndingWithJob_whenSubmitted_thenClearError() throws Exception {
    Result r = aihc("submit", write("nojob.jsh", "var x = 1 + 1;\n").toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("must end with an expression or variable holding a Job").doesNotContain("Exception");
  }

  @Test
  void givenSeedJsonWithAliases_whenDryRun_thenPreviewWithWarningsAndNothingCreated() throws Exception {
    String seed = "{\"name\": \"api-0513-2\", \"queueId\": \"default\", \"jobType\": \"PyTorchJob\", \"command\": \"sleep 1d\","
        + " \"jobSpec\": {\"replicas\": 1, \"image\": \"registry.baidubce.com/x/y:1\", \"imageConfig\": "
        + "{\"username\": \"u\", \"password\": \"pw-in-seed\"}}, \"datasource\": []}";
    Result r = aihc("submit", write("seed.json", seed).toString(), "--dry-run");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.err()).contains("warning: WARNING queueId:").contains("warning: WARNING datasource:");
    assertThat(r.out()).contains("POST http://127.0.0.1:").contains("action=CreateJob").contains("\"password\" : \"****\"")
        .doesNotContain("pw-in-seed");
    assertThat(aihc("jobs", "--name", "api-0513-2", "--json").json()).isEmpty();
  }

  @Test
  void givenBadJson_whenSubmitted_thenOneLineWithLineAndColumn() throws Exception {
    Result r = aihc("submit", write("bad.json", "{\"name\": \"x\",\n \"queue\": }").toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err().strip()).startsWith("aihc submit: cannot read job JSON at line 2, column 11").doesNotContain("\tat ");
  }

  @Test
  void givenInvalidJob_whenSubmitted_thenEveryProblemListedAndExitOne() throws Exception {
    Result r = aihc("submit", write("invalid.json", "{\"name\": \"Bad_Name\", \"jobSpec\": {\"replicas\": 0}}").toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("ERROR name:").contains("ERROR jobSpec.replicas:");
  }

  @Test
  void givenABodyWithoutAQueue_whenSubmitted_thenTheClientsQueueTakesItWithAWarning() throws Exception {
    // given: a body as Baidu's Python SDK writes it, the queue left to the queueID query
    com.fasterxml.jackson.databind.node.ObjectNode body =
        (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(job("cli-sdk", "echo sdk").toJson());
    body.remove("queue");

    // when
    Result r = aihc("submit", write("sdk.json", body.toString()).toString());

    // then
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out() + r.err()).contains("warning: queue: cli-sdk names no queue; it goes to this client's queue "
        + "'default'");
    assertThat(aihc("jobs", "--name", "cli-sdk", "--json").json()).hasSize(1);
  }

  @Test
  void givenUsageErrors_whenRun_thenExitTwoWithUsage() throws Exception {
    assertThat(aihc("jobs", "--bogus").status()).isEqualTo(2);
    Result noId = aihc("describe");
    assertThat(noId.status()).isEqualTo(2);
    assertThat(noId.err()).contains("Usage: aihc describe ID");
    assertThat(aihc("priority", "job-x", "urgent").status()).isEqualTo(2);
    assertThat(aihc("nonsense").status()).isEqualTo(2);
  }

  @Test
  void givenUnknownJob_whenDescribed_thenServiceErrorOneLineExitOneAndDebugShowsStack() throws Exception {
    Result r = aihc("describe", "job-doesnotexist");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("NotFound");
    assertThat(aihc("describe", "job-doesnotexist", "--debug").err()).contains("\tat ");
  }

  @Test
  void givenSubmittedJobs_whenListed_thenTableAndJsonAndStatusFilter() throws Exception {
    String id = submitJson(job("cli-list", "sleep 30"));
    Result table = aihc("jobs");
    assertThat(table.status()).isZero();
    assertThat(table.out()).startsWith("ID").contains(id).contains("cli-list");
    JsonNode json = aihc("jobs", "--name", "cli-list", "--json").json();
    assertThat(json).hasSize(1);
    assertThat(json.get(0).get("jobId").asText()).isEqualTo(id);
    assertThat(aihc("jobs", "--status", "Succeeded", "--name", "cli-list", "--json").json()).isEmpty();
    assertThat(aihc("stop", id).out()).contains("stopped " + id);
  }

  @Test
  void givenRunningJob_whenDescribedLoggedEventsStoppedDeleted_thenEachCommandShowsIt() throws Exception {
    // given
    String id = submitJson(job("cli-life", "for i in 1 2 3; do echo tick-$RANK-$i; done; sleep 60"));
    waitFor(() -> aihc("logs", id, "--pod", "worker-0").out().contains("tick-1-3"));
    // when / then
    Result describe = aihc("describe", id);
    assertThat(describe.out()).contains("status     Running").contains("cli-life-master-0").contains("cli-life-worker-0");
    assertThat(aihc("describe", id, "--json").json().get("pods")).hasSize(2);
    Result logs = aihc("logs", id, "--tail", "1");
    assertThat(logs.out()).contains("[master-0] tick-0-3").contains("[worker-0] tick-1-3").doesNotContain("tick-0-2");
    assertThat(aihc("logs", id, "--pod", "master-0").out()).isEqualTo("tick-0-1\ntick-0-2\ntick-0-3\n");
    assertThat(aihc("logs", id, "--json").json().get(0).get("logs")).hasSize(3);
    assertThat(aihc("logs", id, "--pod", "worker-9").status()).isEqualTo(2);
    assertThat(aihc("events", id).out()).contains("TIME").contains("Normal");
    assertThat(aihc("priority", id, "high").out()).contains(id + " priority high");
    Result stop = aihc("stop", id, "job-doesnotexist");
    assertThat(stop.status()).isEqualTo(1);
    assertThat(stop.out()).contains("stopped " + id);
    waitFor(() -> aihc("describe", id, "--json").json().get("status").asText().equals("Stopped"));
    assertThat(aihc("delete", id, "--json").json().get(0).get("result").asText()).isEqualTo("deleted");
    assertThat(aihc("describe", id).status()).isEqualTo(1);
  }

  @Test
  void givenAJobPrintingTerminalEscapes_whenFollowedAndLogged_thenEveryViewShowsThemEscaped() throws Exception {
    // given: a job whose log sets the window title, clears the screen and sends a C1 CSI
    String escapes = "printf '\\033]0;pwned\\007\\033[2Jcleared\\302\\2331m\\n'";
    Result follow = aihc("submit", write("esc.json", job("cli-escapes", escapes).replicas(1).toJson()).toString(),
        "--follow");
    assertThat(follow.status()).as(follow.err()).isZero();
    String id = follow.out().replaceAll("(?s).*submitted cli-escapes as (job-[A-Za-z0-9]+).*", "$1");

    // when
    List<Result> views = List.of(follow, aihc("logs", id), aihc("describe", id), aihc("events", id), aihc("jobs"));

    // then
    assertThat(follow.out()).contains("[master-0] \\e]0;pwned^G\\e[2Jcleared\\x9B1m");
    assertThat(views.get(1).out()).isEqualTo("[master-0] \\e]0;pwned^G\\e[2Jcleared\\x9B1m\n");
    for (Result view : views) {
      assertThat(view.out() + view.err()).as(view.out()).doesNotContain("\u001b", "\u0007", "\u009b");
    }
  }

  @Test
  void givenAJobWhoseWorkerRunsAMissingCommand_whenDescribed_thenItsDiagnosisNamesTheWorker() throws Exception {
    // given: the worker's command does not exist, the master waits until it is ended because of it
    String id = submitJson(job("cli-diag", "if [ \"$RANK\" = 1 ]; then no-such-trainer --lr 3; else sleep 60; fi"));
    waitFor(() -> aihc("describe", id, "--json").json().get("status").asText().equals("Failed"));
    // when
    Result describe = aihc("describe", id);
    // then
    assertThat(describe.out()).contains("\ncommand not found in worker-0 (rank 1): bash: line 1: no-such-trainer: "
        + "command not found\n  worker-0 exited with code 127\n").contains("  hint: the command");
  }

  @Test
  void givenSubmittedJob_whenExported_thenJsonAndJavaRecreateAnEqualJob() throws Exception {
    // given
    Job job = job("cli-export", "sleep 30").cpu(1).memory(1).faultTolerance(ft -> ft.unconditionalRetries(1))
        .retention(Duration.ofDays(2));
    String id = submitJson(job);
    // when
    Result json = aihc("export", id);
    Result java = aihc("export", id, "--java");
    aihc("stop", id);
    // then
    assertThat(json.status()).as(json.err()).isZero();
    // the pool travels in the query, never in the body
    assertThat(Job.fromJson(json.out())).as(json.out() + "\n" + Job.fromJson(json.out()).diff(job)).isEqualTo(job);
    try (JShell shell = JShell.builder().executionEngine("local")
        .compilerOptions("--class-path", System.getProperty("java.class.path")).build()) {
      shell.eval("import dev.aihc.dsl.*;");
      List<SnippetEvent> events = shell.eval("var recreated = " + java.out().strip());
      assertThat(events.get(0).status()).as(java.out()).isEqualTo(jdk.jshell.Snippet.Status.VALID);
      List<SnippetEvent> same = shell.eval("recreated.equals(Job.fromJson(" + quote(job.pool("local").toJson()) + ").pool(\"local\"))");
      assertThat(same.get(0).value()).as(java.out()).isEqualTo("true");
    }
  }

  @Test
  void givenHelpFlag_whenAsked_thenUsageAndExample() throws Exception {
    Result r = aihc("logs", "--help");
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("aihc logs ID").contains("example:").contains("--json");
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  interface Check {
    boolean ok() throws Exception;
  }

  private static void waitFor(Check check) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!check.ok()) {
      assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(deadline);
      Thread.sleep(200);
    }
  }
}
