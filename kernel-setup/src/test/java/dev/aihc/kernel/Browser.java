package dev.aihc.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium, headless, driven through its own ChromeDriver by Selenium. Both are named by path:
 * Selenium's driver manager would download drivers from the internet, which this machine cannot reach.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Starts Chromium with a profile of its own; fails saying what to install when it is missing. */
  static Browser start() {
    for (Path tool : new Path[] {CHROMIUM, CHROMEDRIVER}) {
      assertThat(Files.isExecutable(tool)).as("%s is missing: install Debian's chromium and chromium-driver "
          + "(./aihc test does so when run as root)", tool).isTrue();
    }
    try {
      Path profile = Files.createTempDirectory("aihc-chromium");
      ChromeDriverService service = new ChromeDriverService.Builder()
          .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
          .withLogFile(profile.resolve("chromedriver.log").toFile()).build();
      ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
      // --no-sandbox: Chromium refuses to run as root with its sandbox; the pages are our own, on loopback.
      options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
          "--window-size=1280,1000", "--user-data-dir=" + profile.resolve("user-data"), "--no-first-run");
      // the console's messages, for the tests that check the page logged no error
      LoggingPreferences logs = new LoggingPreferences();
      logs.enable(LogType.BROWSER, Level.ALL);
      options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30)).pageLoadTimeout(Duration.ofSeconds(60));
      return new Browser(driver, profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ChromeDriver driver() {
    return driver;
  }

  /** Chromium's version line, for the test's report. */
  String version() {
    return String.valueOf(driver.getCapabilities().getBrowserVersion());
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      } catch (IOException e) {
        // a leftover profile directory is no failure
      }
    }
  }
}
