package dev.aihc.kernel;

import java.nio.file.Path;
import java.util.Map;

/**
 * {@link BrowserChecks} in JupyterLab 4: the front end built in {@code kernel-setup/lab} ({@code ./aihc test}
 * builds it), served by Debian's {@code jupyter_server} and {@code jupyterlab_server}, with workspaces and
 * settings of its own. Pictures in {@code kernel-setup/target/browser/lab/}.
 */
final class LabBrowserIT extends BrowserChecks {
  private static final Path PICTURES = Path.of("target", "browser", "lab");

  @Override
  NotebookServer startServer(Path notebooks, Map<String, String> env, Path state) {
    return NotebookServer.startLab(notebooks, env, state);
  }

  @Override
  NotebookPage open(Browser browser, NotebookServer server, String path) {
    return LabPage.open(browser, server, path, PICTURES);
  }
}
