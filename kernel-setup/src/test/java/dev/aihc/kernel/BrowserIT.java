package dev.aihc.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notebooks as people meet them: the classic Jupyter Notebook server, the aihc-java kernel installed
 * in a prefix, a local engine home of its own, and a real Chromium pressing the Notebook's own buttons.
 * Each notebook opened leaves a picture of the whole page in {@code kernel-setup/target/browser/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class BrowserIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** On a loaded 2-core machine: kernel start, engine start and two replicas importing torch. */
  private static final Duration NOTEBOOK_TIMEOUT = Duration.ofMinutes(3);
  private static EngineHome engine;
  private static NotebookServer server;
  private static Browser browser;

  @TempDir static Path work;

  @BeforeAll
  static void start() throws IOException {
    // The Notebook saves what it runs: it gets copies, next to the examples/ they refer to as ../examples.
    Path notebooks = Files.createDirectories(work.resolve("notebooks"));
    Files.copy(Jupyter.ROOT.resolve("notebooks/01-quickstart.ipynb"), notebooks.resolve("01-quickstart.ipynb"));
    Files.createSymbolicLink(work.resolve("examples"), Jupyter.ROOT.resolve("examples"));
    Files.writeString(notebooks.resolve("long-job.ipynb"), longJobNotebook());
    long started = System.nanoTime();
    engine = EngineHome.create();
    Jupyter.prefix();
    long installed = System.nanoTime();
    browser = Browser.start();
    server = NotebookServer.start(notebooks, Jupyter.env(engine.env()));
    System.out.printf("browser: kernel installed in %.1f s, Chromium and the notebook server up in %.1f s%n",
        (installed - started) / 1e9, (System.nanoTime() - installed) / 1e9);
  }

  @AfterAll
  static void stop() {
    long started = System.nanoTime();
    try (EngineHome e = engine; Browser b = browser; NotebookServer s = server) {
      // closed in reverse order: the server with its kernels, the browser, then the engine and its jobs
    }
    System.out.printf("browser: all stopped in %.1f s%n", (System.nanoTime() - started) / 1e9);
  }

  @Test
  @Order(1)
  void givenQuickstartNotebook_whenRunAllInTheBrowser_thenFollowRedrawsOneBlockPerReplicaAndNoCellShowsAnError() {
    // given
    long started = System.nanoTime();
    NotebookPage page = NotebookPage.open(browser, server, "01-quickstart.ipynb");
    int follow = page.cell("run.follow();");
    int result = page.cell("var result = run.await();");
    int chart = page.cell("run.series(\"loss\").chart();");

    // when: Cell / Run All, watching the follow cell's output while it runs
    page.runAll();
    AtomicLong mostBlocks = new AtomicLong();
    AtomicLong mostOutputs = new AtomicLong();
    page.await("every cell has run", NOTEBOOK_TIMEOUT, () -> {
      NotebookPage.CellState now = page.state(follow, ".aihc-replica");
      mostBlocks.accumulateAndGet(now.blocks(), Math::max);
      mostOutputs.accumulateAndGet(now.outputs(), Math::max);
      return page.running() == 0;
    });
    Path picture = page.screenshot("01-quickstart");
    Path lossChart = page.chartPicture(chart, "01-quickstart-loss");

    // then: the follow cell
    assertThat(page.errors()).as("error outputs on the page (see %s)", picture).isEmpty();
    assertThat(page.notRun()).as("code cells without a prompt number").isZero();
    List<String> blocks = page.texts(follow, ".aihc-replica");
    assertThat(blocks).as("follow's blocks, one per replica").hasSize(2);
    assertThat(blocks.get(0)).startsWith("master-0").contains("rank 0 of 2");
    assertThat(blocks.get(1)).startsWith("worker-0").contains("rank 1 epoch 5/5");
    assertThat(mostBlocks.get()).as("replica blocks at any moment: redrawn, never piled up").isEqualTo(2);
    assertThat(page.count(follow, ".aihc-progress")).as("status lines").isEqualTo(1);
    assertThat(mostOutputs.get()).as("outputs of the follow cell at any moment: status, 2 replicas, result")
        .isLessThanOrEqualTo(4);
    assertThat(page.text(follow)).contains("Succeeded");
    assertThat(page.text(result)).contains("Succeeded", "all 2 replicas exited with code 0");
    assertThat(page.count(chart, "svg")).as("charts drawn by the loss cell").isEqualTo(1);
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
    NotebookPage page = NotebookPage.open(browser, server, "long-job.ipynb");
    int follow = page.cell("run.follow();");
    int next = page.cell("run.status();");
    int stopJob = page.cell("run.stop();");
    page.run(0, 1, follow);
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
    page.await("the cell after follow() has run", Duration.ofSeconds(60), () -> !page.running(next));
    String status = page.text(next);
    page.run(stopJob);
    page.await("the job was stopped", Duration.ofSeconds(60), () -> !page.running(stopJob));
    Path picture = page.screenshot("long-job");

    // then
    assertThat(mostBlocks.get()).as("replica blocks at any moment while ticking: redrawn, never piled up")
        .isEqualTo(1);
    assertThat(stopSeconds).as("seconds from Stop to the end of follow() (see %s)", picture).isLessThan(2.0);
    assertThat(status).as("the next cell: the job runs on after Stop").contains("Running");
    assertThat(page.text(stopJob)).contains("Stopped");
    assertThat(page.texts(follow, ".aihc-replica")).hasSize(1).allMatch(t -> t.contains("tick "));
    System.out.printf("browser: Stop ended follow() in %.2f s; notebook done in %.1f s; %s%n", stopSeconds,
        (System.nanoTime() - started) / 1e9, picture);
  }

  /** A notebook that follows a two-minute job, then asks its status, then stops it. */
  private static String longJobNotebook() {
    ObjectNode nb = JSON.createObjectNode();
    nb.put("nbformat", 4).put("nbformat_minor", 5);
    nb.putObject("metadata").putObject("kernelspec").put("name", "aihc-java").put("display_name", "Java (AIHC)")
        .put("language", "java");
    ArrayNode cells = nb.putArray("cells");
    for (String source : List.of(
        "var local = Aihc.local().withSink(notebookSink);",
        "var run = local.submit(Job.named(\"ticker\").queue(\"default\").image(\"busybox:1.36\")\n"
            + "    .command(\"for i in $(seq 600); do echo tick $i; sleep 0.2; done\"));\nrun.id();",
        "run.follow();",
        "run.status();",
        "run.stop();\nrun.await(Duration.ofSeconds(30)).status();")) {
      ObjectNode cell = cells.addObject();
      cell.put("cell_type", "code").put("id", "c" + cells.size()).putObject("metadata");
      cell.put("source", source).putNull("execution_count");
      cell.putArray("outputs");
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(nb);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
