package dev.aihc.kernel;

import static dev.aihc.kernel.Jupyter.cell;
import static dev.aihc.kernel.Jupyter.outputs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.JobStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every notebook under notebooks/, executed headless in the installed aihc-java kernel; those that call
 * {@code Aihc.local()} get a local engine home of their own (AIHC_LOCAL_HOME), whose engine is stopped
 * after the last test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class NotebooksIT {
  private static final Path NOTEBOOKS = Jupyter.ROOT.resolve("notebooks");
  /** The secrets 05-cloud types into its cells; the engine's own secret key is added to them. */
  private static final List<String> NOTEBOOK_SECRETS =
      List.of("SECRET-EXAMPLE-NOT-A-REAL-SECRET", "registry-password-EXAMPLE");
  private static EngineHome engine;

  /** Shared by the tests, so the last one can read every executed notebook. */
  @TempDir static Path out;

  @BeforeAll
  static void engineHome() {
    engine = EngineHome.create();
  }

  @AfterAll
  static void stopEngine() {
    engine.close();
  }

  @Test
  void givenQuickstartNotebook_whenExecutedOnTheLocalEngine_thenTwoReplicasTrainAndTheJobSucceeds() {
    // when
    JsonNode nb = execute("01-quickstart.ipynb");

    // then
    assertThat(outputs(cell(nb, "var job = Job.named(\"quickstart-ddp\")")))
        .contains("text/html: <div class=\"tex2jax_ignore mathjax_ignore\"><div class=\"aihc-job\"", "Job quickstart-ddp", ">valid<", "train_ddp.py");
    assertThat(outputs(cell(nb, "job.validate();"))).contains("<div class=\"aihc-problems\"", "no problems");
    assertThat(outputs(cell(nb, "local.preview(job);")))
        .contains("<div class=\"aihc-preview\"", "action=CreateJob", ">****</span>", "quickstart-ddp");
    assertThat(outputs(cell(nb, "var run = local.submit(job);"))).contains("<div class=\"aihc-run\"", "quickstart-ddp");
    assertThat(outputs(cell(nb, "run.follow();")))
        .contains("class=\"aihc-progress\"", "class=\"aihc-replica\"", "<b>master-0</b>", "<b>worker-0</b>")
        .contains("rank 0 of 2", "rank 1 of 2", "rank 1 epoch 5/5", "accuracy ")
        .contains("<div class=\"aihc-result\"", ">Succeeded<");
    assertThat(outputs(cell(nb, "run.logs(\"master-0\")"))).containsPattern("accuracy 0\\.\\d+ on 2000 held-out points");
    assertThat(outputs(cell(nb, "run.series(\"loss\").chart();"))).contains("text/html: ", "<svg")
        .contains("Chart[loss: epoch vs loss, 2 lines: master-0 (5 points), worker-0 (5 points)]")
        .containsPattern("class=['\"]aihc-line['\"] data-line=['\"]master-0['\"]")
        .containsPattern("class=['\"]aihc-line['\"] data-line=['\"]worker-0['\"]");
    assertThat(outputs(cell(nb, "var result = run.await();")))
        .contains("text/plain: Succeeded: all 2 replicas exited with code 0 (quickstart-ddp job-", ">Succeeded<");
    assertThat(engine.client().jobs(q -> q.name("quickstart-ddp")).map(JobItem::status))
        .as("on the engine; its log:%n%s", engine.logTail()).containsExactly(JobStatus.SUCCEEDED);
  }

  @Test
  void givenFaultToleranceNotebook_whenExecuted_thenTheFlakyJobSucceedsAfterTwoRestartsAndTheHangIsDetected() {
    // when
    JsonNode nb = execute("03-fault-tolerance.ipynb");

    // then: retries on the default engine
    assertThat(outputs(cell(nb, "var flaky = Job.named(\"flaky\")")))
        .contains("<div class=\"aihc-job\"", "--max-num-of-unconditional-retry=2");
    assertThat(outputs(cell(nb, "var run = local.submit(flaky);")))
        .contains("class=\"aihc-progress\"", " · 2 restarts", "attempt 1", "attempt 3", "training done")
        .contains("[aihc-local] ---- restart 1 of 2: master-0 exited with code 3 ----",
            "[aihc-local] ---- restart 2 of 2: master-0 exited with code 3 ----")
        .contains("<div class=\"aihc-result\"", ">Succeeded<");
    String card = outputs(cell(nb, "run;"));
    assertThat(card).contains("<div class=\"aihc-run\"", "<b>Restarting</b>", ">Succeeded<");
    assertThat(card.substring(card.indexOf("aihc-pods"))).as("restarts of master-0").contains(">2<");
    assertThat(outputs(cell(nb, "run.events();"))).contains("aihc-record-table", "× JobEvent")
        .contains("restart 1 of 2: master-0 exited with code 3", "restart 2 of 2: master-0 exited with code 3");

    // then: a hang on an engine whose minute lasts a second
    assertThat(outputs(cell(nb, "var hung = fast.submit(silent);")))
        .contains(" · 1 restart", "step 1", "resumed from the checkpoint", ">Succeeded<")
        .contains("master-0 is hung: no new log output for 2s (--hang-detection-log-timeout-minutes)");
    assertThat(outputs(cell(nb, "hung.events()"))).contains("2 × JobEvent", ">jobHang<", ">Restarting<");
    assertThat(outputs(cell(nb, "engine.close();"))).contains("text/plain: false");
  }

  @Test
  void givenWhyNotebook_whenExecuted_thenWaitingExplainedPreflightRefusesProgressBarAndTheCulpritRankNamed() {
    // when
    JsonNode nb = execute("06-why.ipynb");

    // then: the waiting job, its warning, its explanation and its card
    assertThat(outputs(cell(nb, "var waiting = aihc.submit("))).contains("warning: waits-its-turn will not start now "
        + "in queue default: it needs 2 cpu (2 replicas × 1) at once; queue default has 1 of 4 free now (1 short");
    assertThat(outputs(cell(nb, "var why = waiting.why();"))).contains("<div class=\"aihc-why\"", "Waiting: why",
        "it is 1st of 1 waiting job in queue default", "1 running job holds what it needs: job-", "holds-the-queue (3 cpu)");
    assertThat(outputs(cell(nb, "waiting;"))).contains("<div class=\"aihc-run\"", ">Created<", "aihc-why");
    // a preflight refusing a job too big for the queue
    assertThat(outputs(cell(nb, "aihc.preflight(tooBig);"))).contains("<div class=\"aihc-preflight\"",
        "too-big can never fit queue default", "it needs 8 cpu (4 replicas × 2) at once, but queue default has only 4 cpu");
    // a progress bar in the status line, above the replica block, ending full
    String followed = outputs(cell(nb, "training.follow();"));
    assertThat(followed).contains("aihc-progress-bar", "100% · epoch 8/8", "epoch 8/8 loss 0.1", ">Succeeded<");
    assertThat(followed.indexOf("aihc-progress-bar")).isLessThan(followed.indexOf("class=\"aihc-replica\""));
    assertThat(outputs(cell(nb, "training.progress();"))).contains("epoch 8/8");
    // the failed 2-replica job's diagnosis names rank 1, not the rank that lost its peer
    assertThat(outputs(cell(nb, "var result = failing.await();"))).contains("<div class=\"aihc-diagnosis\"",
        "Python exception in worker-0 (rank 1): ValueError: loss is nan at step 2", "master-0 ended because of it");
    assertThat(outputs(cell(nb, "result.diagnosis().get();"))).contains("train.py&quot;, line 8, in &lt;module&gt;");
    assertThat(outputs(cell(nb, "engine.close();"))).contains("text/plain: false");
  }

  @Test
  void givenSweepNotebook_whenExecutedOnTheLocalEngine_thenOneTableRedrawnInPlaceEndsWithFourAccuraciesAndTheirChart() {
    // when
    JsonNode nb = execute("04-sweep.ipynb");

    // then
    assertThat(outputs(cell(nb, "var sweep = Sweep.of(template)")))
        .contains("[sweep-lr-0-1, sweep-lr-0-01, sweep-lr-0-001, sweep-lr-0-0001]");
    JsonNode run = cell(nb, "var result = sweep.run(local);");
    String shown = outputs(run);
    assertThat(run.path("outputs")).as("one output, redrawn in place: %s", shown).hasSize(1);
    assertThat(shown).contains("<div class=\"aihc-sweep\"", "class=\"aihc-sweep-table\"", "4 of 4 variants ended")
        .contains(">sweep-lr-0-1<", ">sweep-lr-0-0001<", ">0.7188<", ">0.9108<", ">0.9428<", ">0.8148<")
        .doesNotContain(">waiting<", "running");
    assertThat(shown.split(">Succeeded<", -1)).as("a status badge per variant").hasSize(5);
    assertThat(shown).contains("<div class=\"aihc-chart\"><svg ", ">accuracy by LR</text>", ">LR</text>");
    assertThat(shown.split("class='aihc-line'", -1)).as("one line: accuracy against LR").hasSize(2);
    assertThat(shown).contains("text/plain: LR      job", "done: 4 of 4 variants ended");
    assertThat(outputs(cell(nb, "var best = "))).contains("best: LR=0.001 with accuracy 0.9428");
    assertThat(engine.client().jobs(q -> q.name("sweep-lr-")).map(JobItem::status))
        .as("on the engine; its log:%n%s", engine.logTail()).hasSize(4).containsOnly(JobStatus.SUCCEEDED);
  }

  @Test
  void givenWatchNotebook_whenExecutedOnTheLocalEngine_thenOneOutputEndsWithTheChartOfEveryStepOfBothReplicas() {
    // when
    JsonNode nb = execute("07-watch.ipynb");

    // then: the watch's one view (redrawn in place: nbconvert keeps its last picture) and the result
    JsonNode watch = cell(nb, "run.watch(\"loss\");");
    String shown = outputs(watch);
    assertThat(watch.path("outputs")).as("the view and the result: %s", shown).hasSize(2);
    assertThat(shown).contains("<div class=\"aihc-watch\">", "class=\"aihc-progress\"", ">Succeeded<",
        "100% · step 100/100", "<div class=\"aihc-chart\"><svg ", "loss: 2 replicas, 200 values | master-0 ",
        "text/plain: Succeeded: all 2 replicas exited with code 0 (live-curve job-");
    assertThat(Jupyter.chartPoints(shown, "master-0")).as("points of master-0's line").isEqualTo(100);
    assertThat(Jupyter.chartPoints(shown, "worker-0")).as("points of worker-0's line").isEqualTo(100);
    assertThat(outputs(cell(nb, "run.series(\"loss\").toString();"))).contains("loss: 2 replicas, 200 values");
  }

  @Test
  void givenValidateImportDiffNotebook_whenExecuted_thenCardsProblemTablesAndDiffsShow() {
    // when
    JsonNode nb = execute("02-validate-import-diff.ipynb");

    // then
    assertThat(outputs(cell(nb, "var job = Job.named(\"bert-sft\")")))
        .contains("text/html: <div class=\"tex2jax_ignore mathjax_ignore\"><div class=\"aihc-job\"", "Job bert-sft", ">valid<", "pfs-pxE6jz")
        .contains("text/plain: Job bert-sft (PyTorchJob)");
    assertThat(outputs(cell(nb, "var broken = ")))
        .contains("<div class=\"aihc-job\"", "3 errors, 1 warning", "class=\"aihc-problem-table\"");
    assertThat(outputs(cell(nb, "broken.validate();")))
        .contains("<div class=\"aihc-problems\"", "class=\"aihc-error\"", "class=\"aihc-warning\"",
            "unconditional retries must be 0..3 but was 5", "mountPath must be absolute but was &#39;logs&#39;");
    assertThat(outputs(cell(nb, "broken.requireValid();")))
        .contains("[stream]", "has 3 errors and was not submitted");
    assertThat(outputs(cell(nb, "var seed = Job.fromJson(seedJson);")))
        .contains("Job api-0513-2", "NCCL_IB_DISABLE=0", "pfs-pxE6jz");
    assertThat(outputs(cell(nb, "seed.validate();")))
        .contains("class=\"aihc-warning\"", "queueId", "datasource");
    assertThat(outputs(cell(nb, "seed.diff(job);")))
        .contains("<div class=\"aihc-diff\"", "jobSpec.replicas", "api-0513-2");
    String comparison = outputs(cell(nb, "var comparison = Runs.compare(runs)"));
    assertThat(comparison).contains("<div class=\"aihc-comparison\"", "2 runs compared", ">compare-narrow<", ">compare-wide<")
        .contains(">jobSpec.replicas</th>", ">loss</th>", ">0.25<", ">0.0769<");
    assertThat(comparison.split(">Succeeded<", -1)).as("both runs succeeded").hasSize(3);
    String chart = outputs(cell(nb, "comparison.chart(\"loss\");"));
    assertThat(chart).contains("<div class=\"aihc-chart\"><svg ", "data-line='compare-narrow job-", "data-line='compare-wide job-")
        .contains(">loss by run</text>", ">epoch</text>");
    assertThat(chart.split("class='aihc-line'", -1)).as("a line per run").hasSize(3);
  }

  @Test
  void givenCloudNotebook_whenExecuted_thenSignedPreviewShowsMaskedAndNoSecretAppears() {
    // when
    JsonNode nb = execute("05-cloud.ipynb");

    // then
    assertThat(outputs(cell(nb, "aihc.preview(job);")))
        .contains("<div class=\"aihc-preview\"", "https://aihc.bj.baidubce.com/?action=CreateJob&amp;resourcePoolId=cce-1uji3ib5",
            ">Authorization</span>: bce-auth-v1/AKIDEXAMPLE-NOT-A-REAL-KEY/", ">****</span>", "x-bce-date");
    assertThat(outputs(cell(nb, ".toCurl()"))).contains("curl -sS -X POST", ";x-bce-date/****'");
    assertThat(outputs(cell(nb, "CredentialsProvider.chain(")))
        .contains("No AIHC credentials found", "system properties", "no-such-dir");
    StringBuilder all = new StringBuilder();
    nb.path("cells").forEach(c -> all.append(outputs(c)));
    assertThat(all).as("every output").doesNotContain(NOTEBOOK_SECRETS.toArray(String[]::new));
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void givenEveryNotebookExecuted_whenTheirOutputsAndTheEngineHomeAreRead_thenNoSecretAppearsOutsideTheCredentialsFile()
      throws IOException {
    // given: the notebooks the other tests executed, and the engine their kernels signed requests to
    List<String> secrets = new ArrayList<>(NOTEBOOK_SECRETS);
    secrets.add(engine.secretAccessKey());
    List<Path> executed;
    try (Stream<Path> files = Files.list(out)) {
      executed = files.filter(f -> f.toString().endsWith(".ipynb")).sorted().collect(Collectors.toList());
    }
    assertThat(executed).as("executed notebooks").hasSizeGreaterThanOrEqualTo(5);

    // when: the outputs of every cell (05-cloud types its fake secrets into cells: sources may hold them)
    List<String> texts = new ArrayList<>();
    for (Path notebook : executed) {
      StringBuilder all = new StringBuilder(notebook + ":\n");
      Jupyter.read(notebook).path("cells").forEach(c -> all.append(outputs(c)));
      texts.add(all.toString());
    }
    for (Path f : engine.filesButCredentials()) texts.add(f + ":\n" + Files.readString(f, StandardCharsets.ISO_8859_1));

    // then
    for (String text : texts) {
      for (String secret : secrets) {
        assertThat(text).as("a secret in %s", text.substring(0, text.indexOf('\n'))).doesNotContain(secret);
      }
    }
  }

  @Test
  void givenNotebooksDirectory_whenListed_thenEachNotebookIsExecutedByATestHere() throws IOException {
    // given
    List<String> names;
    try (Stream<Path> files = Files.list(NOTEBOOKS)) {
      names = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".ipynb")).sorted()
          .collect(Collectors.toList());
    }

    // when
    String source = Files.readString(Jupyter.ROOT.resolve("kernel-setup/src/test/java/dev/aihc/kernel/NotebooksIT.java"));

    // then
    assertThat(names).isNotEmpty().allSatisfy(n -> assertThat(source).contains("execute(\"" + n + "\")"));
  }

  /** Executes notebooks/{@code name} with this class's engine home; fails on any cell error. */
  private JsonNode execute(String name) {
    return Jupyter.execute(NOTEBOOKS.resolve(name), out, engine.env());
  }

  @Test
  void givenCommittedNotebooks_whenRead_thenTheyCarryNoOutputsAndNameTheAihcKernel() throws IOException {
    // given
    List<Path> notebooks;
    try (Stream<Path> files = Files.list(NOTEBOOKS)) {
      notebooks = files.filter(f -> f.toString().endsWith(".ipynb")).sorted().collect(Collectors.toList());
    }
    assertThat(notebooks).isNotEmpty();

    for (Path notebook : notebooks) {
      // when
      JsonNode nb = Jupyter.read(notebook);

      // then
      assertThat(nb.at("/metadata/kernelspec/name").asText()).as("%s kernel", notebook).isEqualTo("aihc-java");
      for (JsonNode c : nb.path("cells")) {
        if (!c.path("cell_type").asText().equals("code")) continue;
        assertThat(c.path("outputs")).as("%s outputs of %s", notebook.getFileName(), Jupyter.text(c.path("source")))
            .isEmpty();
        assertThat(c.path("execution_count").isNull()).as("%s execution count", notebook.getFileName()).isTrue();
      }
    }
  }
}
