package dev.aihc.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A notebook open in the classic Notebook UI, read the way a person sees it: through the page's DOM
 * (cells, their prompts and rendered outputs) and its {@code Jupyter.notebook} object, as the Notebook's
 * own buttons use it.
 */
final class NotebookPage {
  private static final Duration KERNEL_TIMEOUT = Duration.ofSeconds(120);
  private static final int WIDTH = 1280;
  private static final int HEIGHT = 1000;
  private final ChromeDriver driver;
  private final NotebookServer server;
  private final String name;

  private NotebookPage(ChromeDriver driver, NotebookServer server, String name) {
    this.driver = driver;
    this.server = server;
    this.name = name;
  }

  /** Opens {@code path} (relative to the server's directory) and waits until its kernel is connected. */
  static NotebookPage open(Browser browser, NotebookServer server, String path) {
    NotebookPage page = new NotebookPage(browser.driver(), server, Path.of(path).getFileName().toString());
    page.driver.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
    page.driver.get(server.url("notebooks/" + path));
    page.await("the notebook loaded and its aihc-java kernel connected", KERNEL_TIMEOUT, () -> page.bool(
        "return !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded && Jupyter.notebook.kernel"
            + " && Jupyter.notebook.kernel.is_connected());"));
    return page;
  }

  /** The index among all cells of the one code cell whose source contains {@code marker}. */
  int cell(String marker) {
    @SuppressWarnings("unchecked")
    List<Long> found = (List<Long>) driver.executeScript("var m = arguments[0];"
        + "return Jupyter.notebook.get_cells().map(function (c, i) {"
        + "  return c.cell_type === 'code' && c.get_text().indexOf(m) >= 0 ? i : -1; })"
        + ".filter(function (i) { return i >= 0; });", marker);
    assertThat(found).as("code cells of %s containing %s", name, marker).hasSize(1);
    return found.get(0).intValue();
  }

  /** Cell / Run All. */
  void runAll() {
    driver.executeScript("Jupyter.notebook.execute_all_cells();");
  }

  /** Runs the cells at {@code indexes}, in order, as Shift-Enter on each would. */
  void run(int... indexes) {
    driver.executeScript("Jupyter.notebook.execute_cells(arguments[0]);", java.util.Arrays.stream(indexes).boxed().toList());
  }

  /** Presses the toolbar's Stop button (interrupt the kernel). */
  void pressStop() {
    driver.findElement(By.cssSelector("#maintoolbar button[data-jupyter-action='jupyter-notebook:interrupt-kernel']"))
        .click();
  }

  /** Cells running or waiting to run (the Notebook marks both with the class {@code running}). */
  long running() {
    return number("return document.querySelectorAll('#notebook .cell.running').length;");
  }

  /** Whether the cell at {@code index} runs or waits to. */
  boolean running(int index) {
    return bool("return Jupyter.notebook.get_cell(arguments[0]).element.hasClass('running');", index);
  }

  /** Code cells that have not run (no number in their prompt). */
  long notRun() {
    return number("return Jupyter.notebook.get_cells().filter(function (c) {"
        + "  return c.cell_type === 'code' && typeof c.input_prompt_number !== 'number'; }).length;");
  }

  /** The text of every error output on the page, one per element. */
  @SuppressWarnings("unchecked")
  List<String> errors() {
    return (List<String>) driver.executeScript("return Array.prototype.map.call("
        + "document.querySelectorAll('#notebook .output_error'), function (e) { return e.innerText; });");
  }

  /** How many elements matching {@code css} the output area of cell {@code index} holds. */
  long count(int index, String css) {
    return number("return Jupyter.notebook.get_cell(arguments[0]).output_area.element[0]"
        + ".querySelectorAll(arguments[1]).length;", index, css);
  }

  /** The text a person reads in the output area of cell {@code index}. */
  String text(int index) {
    return (String) driver.executeScript(
        "return Jupyter.notebook.get_cell(arguments[0]).output_area.element[0].innerText;", index);
  }

  /** The texts of the elements matching {@code css} in the output of cell {@code index}. */
  @SuppressWarnings("unchecked")
  List<String> texts(int index, String css) {
    return (List<String>) driver.executeScript("return Array.prototype.map.call("
        + "Jupyter.notebook.get_cell(arguments[0]).output_area.element[0].querySelectorAll(arguments[1]),"
        + " function (e) { return e.innerText; });", index, css);
  }

  /** Output areas (displays, results, streams) of cell {@code index}, as the Notebook keeps them. */
  long outputs(int index) {
    return number("return Jupyter.notebook.get_cell(arguments[0]).output_area.outputs.length;", index);
  }

  /** What cell {@code index} shows at one moment, read in one call. */
  record CellState(long outputs, long blocks, String text, boolean running) {}

  /** The state of cell {@code index}, counting the elements matching {@code blockCss} in its output. */
  @SuppressWarnings("unchecked")
  CellState state(int index, String blockCss) {
    java.util.Map<String, Object> m = (java.util.Map<String, Object>) driver.executeScript(
        "var c = Jupyter.notebook.get_cell(arguments[0]), e = c.output_area.element[0];"
            + "return {outputs: c.output_area.outputs.length, blocks: e.querySelectorAll(arguments[1]).length,"
            + " text: e.innerText, running: c.element.hasClass('running')};", index, blockCss);
    return new CellState(((Number) m.get("outputs")).longValue(), ((Number) m.get("blocks")).longValue(),
        (String) m.get("text"), Boolean.TRUE.equals(m.get("running")));
  }

  /** The lines of the SVG charts in the output of cell {@code index}: each {@code g.aihc-line}'s name, when it draws a path. */
  @SuppressWarnings("unchecked")
  List<String> chartLines(int index) {
    return (List<String>) driver.executeScript("return Array.prototype.filter.call("
        + "Jupyter.notebook.get_cell(arguments[0]).output_area.element[0].querySelectorAll('svg g.aihc-line'),"
        + " function (g) { return g.querySelector('path, line, polyline') !== null; })"
        + ".map(function (g) { return g.getAttribute('data-line'); });", index);
  }

  /** A picture of the first SVG in the output of cell {@code index}, as the page draws it, in {@code target/browser/NAME.png}. */
  Path chartPicture(int index, String fileName) {
    // centred, clear of the Notebook's fixed header and its shadow
    driver.executeScript("Jupyter.notebook.get_cell(arguments[0]).output_area.element[0].querySelector('svg')"
        + ".scrollIntoView({block: 'center'});", index);
    org.openqa.selenium.WebElement svg = (org.openqa.selenium.WebElement) driver.executeScript(
        "return Jupyter.notebook.get_cell(arguments[0]).output_area.element[0].querySelector('svg');", index);
    return picture(fileName, svg.getScreenshotAs(OutputType.BYTES));
  }

  /** Polls {@code condition} every 100 ms until it holds; fails after {@code timeout} naming {@code what}. */
  void await(String what, Duration timeout, Supplier<Boolean> condition) {
    if (!NotebookServer.poll(timeout, 100, () -> Boolean.TRUE.equals(condition.get()))) {
      screenshot(name.replace(".ipynb", "") + "-timeout");
      throw new AssertionError("not within " + timeout + " in " + name + ": " + what + "\nerrors on the page: "
          + errors() + "\nnotebook server:\n" + server.logTail());
    }
  }

  /**
   * A picture of the whole notebook in {@code target/browser/NAME.png}: the window is made as tall as the
   * notebook (the Notebook scrolls inside its own element, which a window-sized screenshot would cut).
   */
  Path screenshot(String fileName) {
    long height = number("return document.getElementById('header').offsetHeight"
        + " + document.getElementById('notebook').scrollHeight + 40;");
    driver.manage().window().setSize(new Dimension(WIDTH, (int) Math.min(Math.max(height, HEIGHT), 16_000)));
    try {
      // the Notebook sizes its scrolling element on the resize event; wait until it shows everything, or take
      // what it shows after 5 s (a picture cut short still helps; a failure here would hide the test's own)
      driver.executeScript("document.getElementById('site').scrollTop = 0;");
      NotebookServer.poll(Duration.ofSeconds(5), 100, () -> bool("var s = document.getElementById('site');"
          + " return s.scrollHeight <= s.clientHeight + 2;"));
      return picture(fileName, driver.getScreenshotAs(OutputType.BYTES));
    } finally {
      driver.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
    }
  }

  private static Path picture(String fileName, byte[] png) {
    try {
      Path file = Path.of("target", "browser", fileName + ".png").toAbsolutePath();
      Files.createDirectories(file.getParent());
      Files.write(file, png);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean bool(String script, Object... args) {
    return Boolean.TRUE.equals(driver.executeScript(script, args));
  }

  private long number(String script, Object... args) {
    return ((Number) driver.executeScript(script, args)).longValue();
  }
}
