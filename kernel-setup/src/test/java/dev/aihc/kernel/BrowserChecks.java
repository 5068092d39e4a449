package dev.aihc.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notebooks as people meet them, in one browser front end: a Jupyter server, the aihc-java kernel
 * installed in a prefix, a local engine home of its own, and a real Chromium pressing the front end's own
 * buttons. What a person sees is checked the same way in every front end; each subclass starts its server
 * and opens pages its way. Each notebook opened leaves a picture of the whole page.
 *
 * <p>A notebook of {@code notebooks/} joins the checks by its file name in {@link #NOTEBOOKS} and a test
 * method that opens it with {@link #open(String)}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class BrowserChecks {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The notebooks of {@code notebooks/} the checks open; the server gets copies (it saves what it runs). */
  static final List<String> NOTEBOOKS = List.of("01-quickstart.ipynb", "04-sweep.ipynb", "06-why.ipynb",
      "07-watch.ipynb");
  /** On a loaded 2-core machine: kernel start, engine start and two replicas importing torch. */
  static final Duration NOTEBOOK_TIMEOUT = Duration.ofMinutes(3);
  /** A chart the kernel drew (the front ends draw icons of their own as SVG too). */
  private static final String CHART = ".aihc-chart > svg";
  private EngineHome engine;
  private NotebookServer server;
  private Browser browser;
  private NotebookPage page;

  /** Starts this front end's server on {@code notebooks}; {@code state} is an empty directory of its own. */
  abstract NotebookServer startServer(Path notebooks, Map<String, String> env, Path state);

  /** Opens {@code path} (relative to the server's directory) and waits until its kernel is ready. */
  abstract NotebookPage open(Browser browser, NotebookServer server, String path);

  @BeforeAll
  void start(@TempDir Path work) throws IOException {
    Path notebooks = Files.createDirectories(work.resolve("notebooks"));
    for (String name : NOTEBOOKS) Files.copy(Jupyter.ROOT.resolve("notebooks").resolve(name), notebooks.resolve(name));
    // next to the examples/ they refer to as ../examples
    Files.createSymbolicLink(work.resolve("examples"), Jupyter.ROOT.resolve("examples"));
    Files.writeString(notebooks.resolve("long-job.ipynb"), longJobNotebook());
    Files.writeString(notebooks.resolve("docs.ipynb"), notebook(null, List.of("Job.named(")));
    long started = System.nanoTime();
    engine = EngineHome.create();
    Jupyter.prefix();
    long installed = System.nanoTime();
    browser = Browser.start();
    server = startServer(notebooks, Jupyter.env(engine.env()), Files.createDirectories(work.resolve("server-state")));
    System.out.printf("browser: kernel installed in %.1f s, Chromium and the %s server up in %.1f s%n",
        (installed - started) / 1e9, getClass().getSimpleName(), (System.nanoTime() - installed) / 1e9);
  }

  @AfterAll
  void stop() {
    long started = System.nanoTime();
    try (EngineHome e = engine; Browser b = browser; NotebookServer s = server) {
      // closed in reverse order: the server with its kernels, the browser, then the engine and its jobs
    }
    System.out.printf("browser: all stopped in %.1f s%n", (System.nanoTime() - started) / 1e9);
  }

  private NotebookPage open(String path) {
    page = open(browser, server, path);
    return page;
  }

  /** Shuts the notebook's kernel down, as closing it would: kernels of earlier notebooks need no memory. */
  @AfterEach
  void closeNotebook() {
    if (page != null) page.shutdownKernel();
    page = null;
  }

  @Test
  @Order(1)
  void givenQuickstartNotebook_whenRunAllInTheBrowser_thenFollowRedrawsOneBlockPerReplicaAndNoCellShowsAnError() {
    // given
    long started = System.nanoTime();
    NotebookPage page = open("01-quickstart.ipynb");
    int card = page.cell("job;");
    int submitted = page.cell("var run = local.submit(job);");
    int follow = page.cell("run.follow();");
    int result = page.cell("var result = run.await();");
    int chart = page.cell("run.series(\"loss\").chart();");

    // when: Run All, watching the follow cell's output while it runs
    Watched watched = runAllWatching(page, follow, ".aihc-replica");
    Path picture = page.screenshot("01-quickstart");
    Path lossChart = page.chartPicture(chart, "01-quickstart-loss");

    // then: the cards, the follow cell, the chart
    assertRanCleanly(page, picture);
    assertThat(page.count(card, ".aihc-job")).as("the job's card").isEqualTo(1);
    assertThat(page.text(card)).contains("quickstart-ddp", "--epochs 5");
    assertThat(page.count(submitted, ".aihc-run")).as("the run's card").isEqualTo(1);
    List<String> blocks = page.texts(follow, ".aihc-replica");
    assertThat(blocks).as("follow's blocks, one per replica").hasSize(2);
    assertThat(blocks.get(0)).startsWith("master-0").contains("rank 0 of 2");
    assertThat(blocks.get(1)).startsWith("worker-0").contains("rank 1 epoch 5/5");
    assertThat(watched.mostBlocks()).as("replica blocks at any moment: redrawn, never piled up").isEqualTo(2);
    assertThat(page.count(follow, ".aihc-progress")).as("status lines").isEqualTo(1);
    assertThat(watched.mostOutputs()).as("outputs of the follow cell at any moment: status, 2 replicas, result")
        .isLessThanOrEqualTo(4);
    assertThat(page.text(follow)).contains("Succeeded");
    assertThat(page.text(result)).contains("Succeeded", "all 2 replicas exited with code 0");
    assertThat(page.count(chart, CHART)).as("charts drawn by the loss cell").isEqualTo(1);
    assertThat(page.chartLines(chart)).as("lines of the loss chart (see %s)", lossChart)
        .containsExactlyInAnyOrder("master-0", "worker-0");
    System.out.printf("browser: 01-quickstart ran in Chromium %s in %.1f s; %s%n",
        browser.version(), (System.nanoTime() - started) / 1e9, picture);
  }

  @Test
  @Order(2)
  void givenLongJobFollowed_whenTicking_thenItsBlockIsRedrawnInPlace_andStopEndsFollowWithinTwoSeconds() {
    // given: a job of two minutes, followed, its one block redrawn in place as it ticks (a job this long
    // redraws many times whatever the machine's load; notebook 01's job is over after two or three redraws)
    long started = System.nanoTime();
    NotebookPage page = open("long-job.ipynb");
    int math = 0;
    int card = page.cell("job;");
    int follow = page.cell("run.follow();");
    int next = page.cell("run.status();");
    int stopJob = page.cell("run.stop();");
    page.run(1, card, card + 1, follow);
    page.await("follow() shows the job's ticks", NOTEBOOK_TIMEOUT,
        () -> page.texts(follow, ".aihc-replica").stream().anyMatch(t -> t.contains("tick ")));
    AtomicLong mostBlocks = new AtomicLong();
    Set<String> contents = new HashSet<>();
    page.await("follow() redrew its block three times", Duration.ofSeconds(60), () -> {
      NotebookPage.CellState now = page.state(follow, ".aihc-replica");
      mostBlocks.accumulateAndGet(now.blocks(), Math::max);
      if (now.blocks() > 0) contents.add(now.text());
      return contents.size() >= 3;
    });

    // when: the toolbar's Stop
    long pressed = System.nanoTime();
    page.pressStop();
    page.await("the follow cell ended after Stop", Duration.ofSeconds(30), () -> !page.running(follow));
    double stopSeconds = (System.nanoTime() - pressed) / 1e9;
    page.run(next);
    page.await("the cell after follow() has run", Duration.ofSeconds(60), () -> page.done(next));
    String status = page.text(next);
    page.run(stopJob);
    page.await("the job was stopped", Duration.ofSeconds(60), () -> page.done(stopJob));
    Path picture = page.screenshot("long-job");

    // then
    assertThat(mostBlocks.get()).as("replica blocks at any moment while ticking: redrawn, never piled up")
        .isEqualTo(1);
    assertThat(stopSeconds).as("seconds from Stop to the end of follow() (see %s)", picture).isLessThan(2.0);
    assertThat(status).as("the next cell: the job runs on after Stop").contains("Running");
    assertThat(page.text(stopJob)).contains("Stopped");
    assertThat(page.texts(follow, ".aihc-replica")).hasSize(1).allMatch(t -> t.contains("tick "));
    // the command's two $ are shell, not math: shown as written, though MathJax typesets the markdown above
    assertThat(page.text(card)).as("the job card's command (see %s)", picture)
        .contains("for i in $(seq 600); do echo tick $i; sleep 0.2; done");
    assertThat(page.typesetMath(card)).as("MathJax typeset the job card (see %s)", picture).isFalse();
    page.await("MathJax typeset the markdown cell's formula (it runs on this page)", Duration.ofSeconds(30),
        () -> page.typesetMath(math));
    assertThat(page.errors()).as("error outputs on the page: Stop's own (see %s)", picture)
        .singleElement().asString().containsIgnoringCase("interrupted");
    assertThat(page.consoleErrors()).as("errors in the browser console").isEmpty();
    System.out.printf("browser: Stop ended follow() in %.2f s; notebook done in %.1f s; %s%n", stopSeconds,
        (System.nanoTime() - started) / 1e9, picture);
  }

  @Test
  @Order(3)
  void givenSweepNotebook_whenRunAll_thenOneTableIsRedrawnInPlace_andTheCommandsDollarsShowAsWritten() {
    // given
    long started = System.nanoTime();
    NotebookPage page = open("04-sweep.ipynb");
    int template = page.cell("var template = Job.named(\"sweep\")");
    int sweep = page.cell("var result = sweep.run(local);");
    int best = page.cell("var best = ");

    // when
    Watched watched = runAllWatching(page, sweep, ".aihc-sweep");
    Path picture = page.screenshot("04-sweep");
    Path chart = page.chartPicture(sweep, "04-sweep-accuracy");

    // then: the template's card shows its shell command as written, $LR and all
    assertRanCleanly(page, picture);
    assertThat(page.count(template, ".aihc-job")).as("the template's card").isEqualTo(1);
    assertThat(page.text(template)).as("the template's command (see %s)", picture)
        .contains("echo \"training with LR=$LR\"; sleep 1; awk -v lr=\"$LR\"");
    assertThat(page.typesetMath(template)).as("MathJax typeset the template's card (see %s)", picture).isFalse();
    // one table, redrawn in place as the variants ran, ending with four accuracies and the chart
    assertThat(watched.mostOutputs()).as("outputs of the sweep cell at any moment").isEqualTo(1);
    assertThat(watched.mostBlocks()).as("sweep tables at any moment").isEqualTo(1);
    assertThat(watched.texts()).as("different contents of the one table while it ran").hasSizeGreaterThanOrEqualTo(2);
    assertThat(page.text(sweep)).contains("4 of 4 variants ended", "sweep-lr-0-1", "sweep-lr-0-0001", "0.7188",
        "0.9108", "0.9428", "0.8148");
    assertThat(page.count(sweep, CHART)).as("charts drawn by the sweep cell").isEqualTo(1);
    assertThat(page.chartLines(sweep)).as("lines of the accuracy chart (see %s)", chart).hasSize(1);
    assertThat(page.text(best)).contains("best: LR=0.001 with accuracy 0.9428");
    System.out.printf("browser: 04-sweep ran in %.1f s; %s%n", (System.nanoTime() - started) / 1e9, picture);
  }

  @Test
  @Order(4)
  void givenWhyNotebook_whenRunAll_thenTheAnswersShowAsCards_andFollowRedrawsItsProgressBarInPlace() {
    // given
    long started = System.nanoTime();
    NotebookPage page = open("06-why.ipynb");
    int why = page.cell("var why = waiting.why();");
    int waiting = page.cell("waiting;");
    int preflight = page.cell("aihc.preflight(tooBig);");
    int follow = page.cell("training.follow();");
    int diagnosis = page.cell("var result = failing.await();");

    // when
    Watched watched = runAllWatching(page, follow, ".aihc-replica, .aihc-progress-bar");
    Path picture = page.screenshot("06-why");

    // then
    assertRanCleanly(page, picture);
    assertThat(page.count(why, ".aihc-why")).as("why()'s card").isEqualTo(1);
    assertThat(page.text(why)).contains("it is 1st of 1 waiting job in queue default", "holds-the-queue (3 cpu)");
    assertThat(page.count(waiting, ".aihc-run")).as("the waiting run's card").isEqualTo(1);
    assertThat(page.count(preflight, ".aihc-preflight")).as("the preflight's card").isEqualTo(1);
    assertThat(page.text(preflight)).contains("too-big can never fit queue default");
    assertThat(watched.mostBlocks()).as("follow()'s replica blocks and progress bars at any moment: one of each")
        .isEqualTo(2);
    assertThat(page.count(follow, ".aihc-progress-bar")).as("progress bars").isEqualTo(1);
    assertThat(watched.mostOutputs()).as("outputs of follow() at any moment: status, replica, result")
        .isLessThanOrEqualTo(3);
    assertThat(page.text(follow)).contains("100% · epoch 8/8", "epoch 8/8 loss 0.1", "Succeeded");
    assertThat(page.count(diagnosis, ".aihc-diagnosis")).as("the failed job's diagnosis").isEqualTo(1);
    assertThat(page.text(diagnosis)).contains("worker-0 (rank 1): ValueError: loss is nan at step 2");
    System.out.printf("browser: 06-why ran in %.1f s; %s%n", (System.nanoTime() - started) / 1e9, picture);
  }

  @Test
  @Order(5)
  void givenWatchNotebook_whenRunAll_thenOneOutputRedrawsTheLossChartWithMorePointsEachTime_andEndsWithEveryStep() {
    // given
    long started = System.nanoTime();
    NotebookPage page = open("07-watch.ipynb");
    int watch = page.cell("run.watch(\"loss\");");

    // when: Run All, counting the points of master-0's line at each look while the job prints for 20 s
    List<Long> points = new ArrayList<>();
    Watched watched = runAllWatching(page, watch, ".aihc-watch", () -> {
      long now = page.chartPoints(watch).getOrDefault("master-0", 0L);
      if (now > 0 && (points.isEmpty() || points.get(points.size() - 1) != now)) points.add(now);
    });
    Path view = page.picture(watch, ".aihc-watch", "07-watch-live-curve");
    Path picture = page.screenshot("07-watch");

    // then: one view, its chart redrawn in place with more points each time, the last with all 100 steps
    assertRanCleanly(page, picture);
    assertThat(watched.mostBlocks()).as("watch views at any moment: redrawn, never piled up").isEqualTo(1);
    assertThat(watched.mostOutputs()).as("outputs of the watch cell at any moment: the view, the result")
        .isLessThanOrEqualTo(2);
    assertThat(points).as("points of master-0's line, as each picture came (see %s)", view)
        .isSortedAccordingTo(Long::compare).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(4).endsWith(100L);
    assertThat(page.chartPoints(watch)).as("points of each line at the end")
        .containsExactlyInAnyOrderEntriesOf(Map.of("master-0", 100L, "worker-0", 100L));
    assertThat(page.count(watch, CHART)).as("charts in the watch cell").isEqualTo(1);
    assertThat(page.text(watch)).contains("Succeeded", "100% · step 100/100");
    System.out.printf("browser: 07-watch ran in %.1f s, master-0's points at each picture %s; %s%n",
        (System.nanoTime() - started) / 1e9, points, view);
  }

  @Test
  @Order(6)
  void givenDslCallTyped_whenShiftTabPressed_thenTheTooltipShowsItsSignatureAndJavadoc() {
    // given: a call typed up to its parenthesis in a notebook just opened, the caret after it, as when one is
    // about to fill it in
    NotebookPage page = open("docs.ipynb");
    int cell = page.cell("Job.named(");

    // when
    page.shiftTab(cell);
    page.await("the tooltip shows the Javadoc", Duration.ofSeconds(60), () -> page.tooltip().contains("A new PyTorchJob"));
    Path picture = page.windowPicture("shift-tab-docs", 420);

    // then: the signature and the Javadoc's first sentence, as written
    assertThat(page.tooltip()).as("the tooltip (see %s)", picture).contains("Job.named(String name)",
        "A new PyTorchJob with one replica named name (a lower-case DNS label; checked by validate()).");
    System.out.printf("browser: Shift-Tab documentation shown; %s%n", picture);
  }

  /** What one cell showed while the notebook ran: the most outputs and blocks at any look, and its different texts. */
  private record Watched(long mostOutputs, long mostBlocks, Set<String> texts) {}

  /**
   * Run All, then waits until no cell runs or waits to, and every code cell has run or one shows an error
   * (after which a front end may leave the rest unrun), looking at cell {@code index} and its elements
   * matching {@code blockCss} each time.
   */
  private static Watched runAllWatching(NotebookPage page, int index, String blockCss) {
    return runAllWatching(page, index, blockCss, () -> {});
  }

  /** The same, doing {@code look} at each look too. */
  private static Watched runAllWatching(NotebookPage page, int index, String blockCss, Runnable look) {
    page.runAll();
    AtomicLong mostOutputs = new AtomicLong();
    AtomicLong mostBlocks = new AtomicLong();
    Set<String> texts = new HashSet<>();
    page.await("every cell has run", NOTEBOOK_TIMEOUT, () -> {
      NotebookPage.CellState now = page.state(index, blockCss);
      mostOutputs.accumulateAndGet(now.outputs(), Math::max);
      mostBlocks.accumulateAndGet(now.blocks(), Math::max);
      if (now.blocks() > 0) texts.add(now.text());
      look.run();
      return page.running() == 0 && (page.notRun() == 0 || !page.errors().isEmpty());
    });
    return new Watched(mostOutputs.get(), mostBlocks.get(), texts);
  }

  private static void assertRanCleanly(NotebookPage page, Path picture) {
    assertThat(page.errors()).as("error outputs on the page (see %s)", picture).isEmpty();
    assertThat(page.notRun()).as("code cells without a prompt number").isZero();
    assertThat(page.consoleErrors()).as("errors in the browser console").isEmpty();
  }

  /**
   * A notebook that shows a job's card, follows the two-minute job, then asks its status, then stops it.
   * Its first cell is markdown with a formula, which MathJax typesets: the card's {@code $} must not be.
   */
  private static String longJobNotebook() {
    return notebook("A job that ticks for two minutes; its loss would be $\\ell = \\sum_i x_i^2$.", List.of(
        "var local = Aihc.local().withSink(notebookSink);",
        "var job = Job.named(\"ticker\").queue(\"default\").image(\"busybox:1.36\")\n"
            + "    .command(\"for i in $(seq 600); do echo tick $i; sleep 0.2; done\");\njob;",
        "var run = local.submit(job);\nrun.id();",
        "run.follow();",
        "run.status();",
        "run.stop();\nrun.await(Duration.ofSeconds(30)).status();"));
  }

  /** An aihc-java notebook: a markdown cell of {@code markdown} unless it is null, then code cells of {@code sources}, not yet run. */
  private static String notebook(String markdown, List<String> sources) {
    ObjectNode nb = JSON.createObjectNode();
    nb.put("nbformat", 4).put("nbformat_minor", 5);
    nb.putObject("metadata").putObject("kernelspec").put("name", "aihc-java").put("display_name", "Java (AIHC)")
        .put("language", "java");
    ArrayNode cells = nb.putArray("cells");
    if (markdown != null) {
      ObjectNode cell = cells.addObject();
      cell.put("cell_type", "markdown").put("id", "m1").putObject("metadata");
      cell.put("source", markdown);
    }
    for (String source : sources) {
      ObjectNode cell = cells.addObject();
      cell.put("cell_type", "code").put("id", "c" + cells.size()).putObject("metadata");
      cell.put("source", source).putNull("execution_count");
      cell.putArray("outputs");
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(nb);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
