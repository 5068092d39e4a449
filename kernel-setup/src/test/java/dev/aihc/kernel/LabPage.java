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

/**
 * A notebook open in JupyterLab 4 (the front end built in {@code kernel-setup/lab}), driven through the
 * application object its page publishes as {@code window.jupyterapp}: its commands are what the menus and
 * keys run, its notebook panel holds the cells and their output areas.
 */
final class LabPage extends NotebookPage {
  private static final Duration KERNEL_TIMEOUT = Duration.ofSeconds(120);
  private static final String PANEL = "jupyterapp.shell.currentWidget";
  private static final String CELL = PANEL + ".content.widgets[arguments[0]]";
  /**
   * Console errors that say nothing about the notebook, each named for its cause: jupyter_server 1.23 has no
   * {@code /api/me} (Lab asks who the user is) and no events
   * socket ({@code /api/events/subscribe}, which Lab retries); and Lab asks the contents API whether each
   * absolute path an output prints (the engine's home under /tmp) is a file it could open, which is a 404
   * for a path outside the server's root.
   */
  private static final List<Pattern> CONSOLE_NOISE = List.of(
      Pattern.compile("/api/me\\b.*404"),
      Pattern.compile("/api/events/subscribe"),
      Pattern.compile("/api/contents/tmp/[^ ?]*\\?content=0&hash=0.* 404"));
  private static int workspaces;

  private LabPage(Browser browser, NotebookServer server, String path, Path pictures) {
    super(browser, server, path, pictures);
  }

  /**
   * Opens {@code path} (relative to the server's directory) in a workspace of its own, so that no tab of an
   * earlier notebook reopens beside it, and waits until its kernel is connected and idle.
   */
  static LabPage open(Browser browser, NotebookServer server, String path, Path pictures) {
    LabPage page = new LabPage(browser, server, path, pictures);
    page.driver.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
    page.driver.get(server.url("lab/workspaces/test-" + nextWorkspace() + "/tree/" + path));
    page.await("the notebook opened in Lab and its aihc-java kernel is idle", KERNEL_TIMEOUT, () -> page.bool(
        "var p = window.jupyterapp && " + PANEL + ";"
            + "if (!p || !p.context || p.context.path !== arguments[0] || !p.context.isReady) return false;"
            + "var s = p.sessionContext.session, k = s && s.kernel;"
            + "return !!k && k.name === 'aihc-java' && k.connectionStatus === 'connected' && k.status === 'idle'"
            + " && p.content.widgets.length === p.model.cells.length;", path));
    // the file browser beside the notebook only narrows it
    page.driver.executeScript("jupyterapp.shell.collapseLeft();");
    return page;
  }

  private static synchronized int nextWorkspace() {
    return ++workspaces;
  }

  @Override
  List<Pattern> consoleNoise() {
    return CONSOLE_NOISE;
  }

  @Override
  String outputOf() {
    return CELL + ".outputArea.node";
  }

  @Override
  String cellOf() {
    return CELL + ".node";
  }

  @Override
  String outputCountOf() {
    return CELL + ".model.outputs.length";
  }

  @Override
  String runningOf() {
    // Lab shows [*] in the prompt of a cell that runs or waits to
    return "(" + CELL + ".node.querySelector('.jp-InputPrompt').textContent.indexOf('*') >= 0)";
  }

  @Override
  String executedOf() {
    return "(" + CELL + ".model.executionCount != null)";
  }

  @Override
  int cell(String marker) {
    @SuppressWarnings("unchecked")
    List<Long> found = (List<Long>) driver.executeScript("var m = arguments[0];"
        + "return " + PANEL + ".content.widgets.map(function (w, i) {"
        + "  return w.model.type === 'code' && w.model.sharedModel.getSource().indexOf(m) >= 0 ? i : -1; })"
        + ".filter(function (i) { return i >= 0; });", marker);
    assertThat(found).as("code cells of %s containing %s", name(), marker).hasSize(1);
    return found.get(0).intValue();
  }

  @Override
  void runAll() {
    driver.executeScript(PANEL + ".activate(); jupyterapp.commands.execute('notebook:run-all-cells');");
  }

  /** Makes each cell the active one and runs it (Run / Run Selected Cell): the kernel queues them in order. */
  @Override
  void run(int... indexes) {
    driver.executeScript("var p = " + PANEL + ", nb = p.content; p.activate();"
        + "arguments[0].forEach(function (i) { nb.activeCellIndex = i; nb.deselectAll();"
        + "  jupyterapp.commands.execute('notebook:run-cell'); });", Arrays.stream(indexes).boxed().toList());
  }

  @Override
  void pressStop() {
    driver.findElement(By.cssSelector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-NotebookPanel-toolbar"
        + " [data-command='notebook:interrupt-kernel']")).click();
  }

  /** In edit mode, the caret at the end of the cell's editor: where Lab's Shift-Tab opens its tooltip. */
  @Override
  void shiftTab(int index) {
    driver.executeScript("var p = " + PANEL + ", nb = p.content; p.activate(); nb.activeCellIndex = arguments[0];"
        + " nb.deselectAll(); nb.mode = 'edit'; var e = nb.activeCell.editor, n = e.lineCount;"
        + " e.setCursorPosition({line: n - 1, column: e.getLine(n - 1).length}); e.focus();", index);
    pressShiftTab();
  }

  /** Lab's tooltip ({@code .jp-Tooltip}), once it is attached and shown (fixed in place: no offsetParent). */
  @Override
  String tooltip() {
    Object text = driver.executeScript("var t = document.querySelector('.jp-Tooltip');"
        + " return t && !t.classList.contains('lm-mod-hidden') && t.getBoundingClientRect().height > 0"
        + " ? t.innerText : '';");
    return text == null ? "" : text.toString();
  }

  @Override
  void shutdownKernel() {
    driver.executeAsyncScript("var done = arguments[arguments.length - 1];"
        + PANEL + ".sessionContext.shutdown().then(function () { done(); }, function () { done(); });");
  }

  @Override
  long running() {
    return number("return " + PANEL + ".content.widgets.filter(function (w) {"
        + "  var p = w.node.querySelector('.jp-InputPrompt'); return p && p.textContent.indexOf('*') >= 0; }).length;");
  }

  @Override
  long notRun() {
    return number("return " + PANEL + ".content.widgets.filter(function (w) {"
        + "  return w.model.type === 'code' && w.model.executionCount == null; }).length;");
  }

  /** Error outputs, as the cells' models hold them (Lab draws them like stderr, so the DOM cannot tell). */
  @Override
  @SuppressWarnings("unchecked")
  List<String> errors() {
    return (List<String>) driver.executeScript("var errors = [];"
        + PANEL + ".content.widgets.forEach(function (w) {"
        + "  if (w.model.type !== 'code') return;"
        + "  w.model.outputs.toJSON().forEach(function (o) {"
        + "    if (o.output_type === 'error') errors.push(o.ename + ': ' + o.evalue); }); });"
        + "return errors;");
  }

  /**
   * The window is made as tall as the notebook first: Lab scrolls the notebook inside its panel, which a
   * window-sized screenshot would cut.
   */
  @Override
  Path screenshot(String fileName) {
    long height = number("var outer = " + PANEL + ".content.outerNode;"
        + "return window.innerHeight - outer.clientHeight + outer.scrollHeight + 20;");
    driver.manage().window().setSize(new Dimension(WIDTH, (int) Math.min(Math.max(height, HEIGHT), 16_000)));
    try {
      driver.executeScript(PANEL + ".content.outerNode.scrollTop = 0;");
      // best effort, as in the classic page: a picture cut short still helps
      NotebookServer.poll(Duration.ofSeconds(5), 100, () -> bool("var o = " + PANEL + ".content.outerNode;"
          + " return o.scrollHeight <= o.clientHeight + 2;"));
      return picture(fileName, driver.getScreenshotAs(OutputType.BYTES));
    } finally {
      driver.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
    }
  }
}
