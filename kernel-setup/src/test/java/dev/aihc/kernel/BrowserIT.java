package dev.aihc.kernel;

import java.nio.file.Path;
import java.util.Map;

/**
 * {@link BrowserChecks} in the classic Jupyter Notebook (Notebook 6, Debian's {@code jupyter-notebook}).
 * Pictures in {@code kernel-setup/target/browser/}.
 */
final class BrowserIT extends BrowserChecks {
  private static final Path PICTURES = Path.of("target", "browser");

  @Override
  NotebookServer startServer(Path notebooks, Map<String, String> env, Path state) {
    return NotebookServer.start(notebooks, env);
  }

  @Override
  NotebookPage open(Browser browser, NotebookServer server, String path) {
    return ClassicPage.open(browser, server, path, PICTURES);
  }
}
