package dev.aihc.kernel;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * A notebook open in a browser front end, read the way a person sees it: through the page's DOM (cells,
 * their prompts and rendered outputs) and the front end's own objects, as its buttons use them. Each front
 * end says where a cell's output is ({@link #outputOf()}, a script expression); what is read there is the
 * same for all. Cells are numbered from 0 among all cells, markdown included.
 */
abstract class NotebookPage {
  static final int WIDTH = 1280;
  static final int HEIGHT = 1000;
  /** Elements MathJax 2 (the classic Notebook) or 3 (JupyterLab) leaves where it typeset math. */
  private static final String TYPESET_MATH = "mjx-container, .MathJax, .MathJax_Display, script[type^='math/tex']";
  /**
   * Logged when a test opens the next notebook: the page it leaves has outputs not saved yet, so the front
   * end asks to confirm leaving, which Chromium does not show to a page nobody clicked in.
   */
  private static final Pattern LEAVING_UNSAVED = Pattern.compile("Blocked attempt to show a 'beforeunload' confirmation");
  final ChromeDriver driver;
  private final NotebookServer server;
  private final String name;
  private final Path pictures;

  NotebookPage(Browser browser, NotebookServer server, String path, Path pictures) {
    this.driver = browser.driver();
    this.server = server;
    this.name = Path.of(path).getFileName().toString();
    this.pictures = pictures;
    driver.manage().logs().get(LogType.BROWSER); // drops what an earlier page logged
  }

  /** A script expression for the output element of cell {@code arguments[0]}. */
  abstract String outputOf();

  /** A script expression for the whole element of cell {@code arguments[0]}, input and output. */
  abstract String cellOf();

  /** A script expression: how many outputs cell {@code arguments[0]} holds, as the front end keeps them. */
  abstract String outputCountOf();

  /** A script expression: whether cell {@code arguments[0]} runs or waits to. */
  abstract String runningOf();

  /** A script expression: whether cell {@code arguments[0]} has run (a number in its prompt). */
  abstract String executedOf();

  /** The index of the one code cell whose source contains {@code marker}. */
  abstract int cell(String marker);

  /** Run All, as the menu does. */
  abstract void runAll();

  /** Runs the cells at {@code indexes}, in order, as Shift-Enter on each would. */
  abstract void run(int... indexes);

  /** Presses the toolbar's Stop button (interrupt the kernel). */
  abstract void pressStop();

  /** Cells running or waiting to run. */
  abstract long running();

  /** Code cells that have not run (no number in their prompt). */
  abstract long notRun();

  /** The text of every error output on the page. */
  abstract List<String> errors();

  /** Puts the caret at the end of the cell at {@code index} and presses Shift-Tab there, as a person would. */
  abstract void shiftTab(int index);

  /** The text of the documentation tooltip Shift-Tab opened, once it is fully shown; "" while there is none. */
  abstract String tooltip();

  /** A picture of the whole notebook in {@code NAME.png}. */
  abstract Path screenshot(String fileName);

  /** Shuts the notebook's kernel down, as the front end's own command does, and waits until it has gone. */
  abstract void shutdownKernel();

  /** Console errors this front end logs whatever the notebook does, each named for its cause. */
  abstract List<Pattern> consoleNoise();

  /**
   * The browser console's errors since the last call, less {@link #consoleNoise()}: what the page itself
   * got wrong (a failed script, an output it could not show).
   */
  List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .filter(m -> !LEAVING_UNSAVED.matcher(m).find() && consoleNoise().stream().noneMatch(p -> p.matcher(m).find()))
        .toList();
  }

  /** Whether the cell at {@code index} runs or waits to. */
  boolean running(int index) {
    return bool("return " + runningOf() + ";", index);
  }

  /** Whether the cell at {@code index} has run and does not run again now. */
  boolean done(int index) {
    return bool("return " + executedOf() + " && !" + runningOf() + ";", index);
  }

  /** How many elements matching {@code css} the output area of cell {@code index} holds. */
  long count(int index, String css) {
    return number("return " + outputOf() + ".querySelectorAll(arguments[1]).length;", index, css);
  }

  /** The text a person reads in the output area of cell {@code index}. */
  String text(int index) {
    return (String) driver.executeScript("return " + outputOf() + ".innerText;", index);
  }

  /** The texts of the elements matching {@code css} in the output of cell {@code index}. */
  @SuppressWarnings("unchecked")
  List<String> texts(int index, String css) {
    return (List<String>) driver.executeScript("return Array.prototype.map.call("
        + outputOf() + ".querySelectorAll(arguments[1]), function (e) { return e.innerText; });", index, css);
  }

  /** Outputs (displays, results, streams) of cell {@code index}, as the front end keeps them. */
  long outputs(int index) {
    return number("return " + outputCountOf() + ";", index);
  }

  /** Whether MathJax typeset anything in cell {@code index} (its input, if rendered markdown, or its output). */
  boolean typesetMath(int index) {
    return number("return " + cellOf() + ".querySelectorAll(arguments[1]).length;", index, TYPESET_MATH) > 0;
  }

  /** What cell {@code index} shows at one moment, read in one call. */
  record CellState(long outputs, long blocks, String text, boolean running) {}

  /** The state of cell {@code index}, counting the elements matching {@code blockCss} in its output. */
  @SuppressWarnings("unchecked")
  CellState state(int index, String blockCss) {
    Map<String, Object> m = (Map<String, Object>) driver.executeScript("var e = " + outputOf() + ";"
        + "return {outputs: " + outputCountOf() + ", blocks: e.querySelectorAll(arguments[1]).length,"
        + " text: e.innerText, running: " + runningOf() + "};", index, blockCss);
    return new CellState(((Number) m.get("outputs")).longValue(), ((Number) m.get("blocks")).longValue(),
        (String) m.get("text"), Boolean.TRUE.equals(m.get("running")));
  }

  /** The lines of the SVG charts in the output of cell {@code index}: each {@code g.aihc-line}'s name, when it draws a path. */
  @SuppressWarnings("unchecked")
  List<String> chartLines(int index) {
    return (List<String>) driver.executeScript("return Array.prototype.filter.call("
        + outputOf() + ".querySelectorAll('svg g.aihc-line'),"
        + " function (g) { return g.querySelector('path, line, polyline') !== null; })"
        + ".map(function (g) { return g.getAttribute('data-line'); });", index);
  }

  /**
   * The points of each line of the first SVG chart in the output of cell {@code index}, by line name: the
   * moves and line segments of the line's path.
   */
  @SuppressWarnings("unchecked")
  Map<String, Long> chartPoints(int index) {
    return (Map<String, Long>) driver.executeScript("var svg = " + outputOf() + ".querySelector('.aihc-chart > svg'),"
        + " points = {};"
        + "if (svg) svg.querySelectorAll('g.aihc-line').forEach(function (g) {"
        + "  var path = g.querySelector('path'), d = path ? path.getAttribute('d') || '' : '';"
        + "  points[g.getAttribute('data-line')] = (d.match(/[ML]/g) || []).length; });"
        + "return points;", index);
  }

  /** A picture of the first SVG in the output of cell {@code index}, as the page draws it, in {@code NAME.png}. */
  Path chartPicture(int index, String fileName) {
    return picture(index, "svg", fileName);
  }

  /**
   * A picture of the first element matching {@code css} in the output of cell {@code index}, as the page
   * draws it, in {@code NAME.png}.
   */
  Path picture(int index, String css, String fileName) {
    // centred, clear of the front end's fixed header and its shadow; cut out of the window's picture, as
    // Chromium's picture of an element taller than a few hundred pixels caught the top of the page instead
    // (the front ends scroll the notebook inside an element of their own, and the classic one scrolls it back
    // to the top a moment after the window was resized, as screenshot() does: scrolled again until it stays)
    String place = "var e = " + outputOf() + ".querySelector(arguments[1]);"
        + " if (arguments[2]) e.scrollIntoView({block: 'center'}); var r = e.getBoundingClientRect();"
        + " return [r.left, r.top, r.width, r.height];";
    List<List<Number>> rect = new ArrayList<>(List.of(List.of()));
    NotebookServer.poll(Duration.ofSeconds(5), 0, () -> {
      Object scrolled = driver.executeScript(place, index, css, true);
      NotebookServer.sleep(300);
      @SuppressWarnings("unchecked")
      List<Number> now = (List<Number>) driver.executeScript(place, index, css, false);
      rect.set(0, now);
      return now.equals(scrolled);
    });
    try {
      BufferedImage window = ImageIO.read(new ByteArrayInputStream(driver.getScreenshotAs(OutputType.BYTES)));
      int x = Math.max(0, rect.get(0).get(0).intValue());
      int y = Math.max(0, rect.get(0).get(1).intValue());
      int w = Math.min(window.getWidth() - x, (int) Math.ceil(rect.get(0).get(2).doubleValue()));
      int h = Math.min(window.getHeight() - y, (int) Math.ceil(rect.get(0).get(3).doubleValue()));
      return picture(fileName, window.getSubimage(x, y, w, h));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A picture of the top {@code height} pixels of the window as it is, with what floats over the notebook. */
  Path windowPicture(String fileName, int height) {
    // cut, not a smaller window: resizing makes the front ends close their tooltips
    try {
      BufferedImage window = ImageIO.read(new ByteArrayInputStream(driver.getScreenshotAs(OutputType.BYTES)));
      return picture(fileName, window.getSubimage(0, 0, window.getWidth(), Math.min(height, window.getHeight())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Presses Shift-Tab where the focus is. */
  void pressShiftTab() {
    new Actions(driver).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
  }

  /** Polls {@code condition} every 100 ms until it holds; fails after {@code timeout} naming {@code what}. */
  void await(String what, Duration timeout, Supplier<Boolean> condition) {
    if (!NotebookServer.poll(timeout, 100, () -> Boolean.TRUE.equals(condition.get()))) {
      screenshot(name.replace(".ipynb", "") + "-timeout");
      throw new AssertionError("not within " + timeout + " in " + name + ": " + what + "\nerrors on the page: "
          + errors() + "\nnotebook server:\n" + server.logTail());
    }
  }

  /** The notebook's file name. */
  String name() {
    return name;
  }

  Path picture(String fileName, BufferedImage image) throws IOException {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);
    return picture(fileName, png.toByteArray());
  }

  Path picture(String fileName, byte[] png) {
    try {
      Path file = pictures.resolve(fileName + ".png").toAbsolutePath();
      Files.createDirectories(file.getParent());
      Files.write(file, png);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean bool(String script, Object... args) {
    return Boolean.TRUE.equals(driver.executeScript(script, args));
  }

  long number(String script, Object... args) {
    return ((Number) driver.executeScript(script, args)).longValue();
  }
}
