package dev.aihc.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;

/** A notebook open in the classic Notebook UI (Notebook 6), driven through its {@code Jupyter.notebook} object. */
final class ClassicPage extends NotebookPage {
  private static final Duration KERNEL_TIMEOUT = Duration.ofSeconds(120);
  /**
   * Console errors that say nothing about the notebook: MathJax 2, typesetting a formula, declares a
   * placeholder web font ({@code MathJax_Blank}) at about:blank, which Chromium refuses to load.
   */
  private static final List<Pattern> CONSOLE_NOISE = List.of(
      Pattern.compile("Access to font at 'about:blank'"),
      Pattern.compile("^about:blank - Failed to load resource"));

  private ClassicPage(Browser browser, NotebookServer server, String path, Path pictures) {
    super(browser, server, path, pictures);
  }

  /** Opens {@code path} (relative to the server's directory) and waits until its kernel is connected. */
  static ClassicPage open(Browser browser, NotebookServer server, String path, Path pictures) {
    ClassicPage page = new ClassicPage(browser, server, path, pictures);
    page.driver.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
    page.driver.get(server.url("notebooks/" + path));
    page.await("the notebook loaded and its aihc-java kernel connected", KERNEL_TIMEOUT, () -> page.bool(
        "return !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded && Jupyter.notebook.kernel"
            + " && Jupyter.notebook.kernel.is_connected());"));
    return page;
  }

  @Override
  List<Pattern> consoleNoise() {
    return CONSOLE_NOISE;
  }

  @Override
  String outputOf() {
    return "Jupyter.notebook.get_cell(arguments[0]).output_area.element[0]";
  }

  @Override
  String cellOf() {
    return "Jupyter.notebook.get_cell(arguments[0]).element[0]";
  }

  @Override
  String outputCountOf() {
    return "Jupyter.notebook.get_cell(arguments[0]).output_area.outputs.length";
  }

  @Override
  String runningOf() {
    // the Notebook marks running and queued cells alike with the class running
    return "Jupyter.notebook.get_cell(arguments[0]).element.hasClass('running')";
  }

  @Override
  String executedOf() {
    return "(typeof Jupyter.notebook.get_cell(arguments[0]).input_prompt_number === 'number')";
  }

  @Override
  int cell(String marker) {
    @SuppressWarnings("unchecked")
    List<Long> found = (List<Long>) driver.executeScript("var m = arguments[0];"
        + "return Jupyter.notebook.get_cells().map(function (c, i) {"
        + "  return c.cell_type === 'code' && c.get_text().indexOf(m) >= 0 ? i : -1; })"
        + ".filter(function (i) { return i >= 0; });", marker);
    assertThat(found).as("code cells of %s containing %s", name(), marker).hasSize(1);
    return found.get(0).intValue();
  }

  @Override
  void runAll() {
    driver.executeScript("Jupyter.notebook.execute_all_cells();");
  }

  @Override
  void run(int... indexes) {
    driver.executeScript("Jupyter.notebook.execute_cells(arguments[0]);", Arrays.stream(indexes).boxed().toList());
  }

  @Override
  void pressStop() {
    driver.findElement(By.cssSelector("#maintoolbar button[data-jupyter-action='jupyter-notebook:interrupt-kernel']"))
        .click();
  }

  @Override
  void shiftTab(int index) {
    driver.executeScript("var c = Jupyter.notebook.get_cell(arguments[0]); Jupyter.notebook.select(arguments[0]);"
        + "c.edit_mode(); var cm = c.code_mirror; cm.focus(); cm.setCursor(cm.lineCount(), 0);", index);
    pressShiftTab();
  }

  /** The Notebook's {@code #tooltip}, once it has faded in (opacity 1): a picture taken earlier is half transparent. */
  @Override
  String tooltip() {
    Object text = driver.executeScript("var t = document.getElementById('tooltip');"
        + " return t && t.offsetParent !== null && getComputedStyle(t).opacity === '1' ? t.innerText : '';");
    return text == null ? "" : text.toString();
  }

  @Override
  void shutdownKernel() {
    driver.executeAsyncScript("var done = arguments[arguments.length - 1];"
        + "Jupyter.notebook.session.delete(function () { done(); }, function () { done(); });");
  }

  @Override
  long running() {
    return number("return document.querySelectorAll('#notebook .cell.running').length;");
  }

  @Override
  long notRun() {
    return number("return Jupyter.notebook.get_cells().filter(function (c) {"
        + "  return c.cell_type === 'code' && typeof c.input_prompt_number !== 'number'; }).length;");
  }

  @Override
  @SuppressWarnings("unchecked")
  List<String> errors() {
    return (List<String>) driver.executeScript("return Array.prototype.map.call("
        + "document.querySelectorAll('#notebook .output_error'), function (e) { return e.innerText; });");
  }

  /**
   * The window is made as tall as the notebook first: the Notebook scrolls inside its own element, which a
   * window-sized screenshot would cut.
   */
  @Override
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
}
