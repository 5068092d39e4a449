package dev.aihc.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A Jupyter server on a free loopback port, with no token, serving {@code dir}: the classic Notebook
 * (Debian's {@code jupyter-notebook}) or the JupyterLab 4 front end built in {@code kernel-setup/lab}
 * (Debian's {@code jupyter_server} and {@code jupyterlab_server}). Kernels come from {@link Jupyter#prefix()}
 * and get the environment given. {@link #close()} stops it and the kernels it started.
 */
final class NotebookServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private final Process process;
  private final Path log;
  private final int port;

  private NotebookServer(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Starts a classic Notebook server on {@code dir} and waits until it answers; fails saying what to install when it cannot. */
  static NotebookServer start(Path dir, Map<String, String> env) {
    String python = requireModule("notebook.notebookapp", "the classic Notebook", "jupyter-notebook");
    int port = freePort();
    return launch(List.of(python, "-m", "notebook", "--no-browser", "--allow-root", "--ip=127.0.0.1",
        "--port=" + port, "--port-retries=0", "--NotebookApp.token=", "--NotebookApp.password=",
        "--NotebookApp.open_browser=False", "--notebook-dir=" + dir), dir, env, port);
  }

  /**
   * Starts the JupyterLab front end of {@code kernel-setup/lab} on {@code dir}, keeping its workspaces and
   * user settings under {@code state} (a fresh directory: Lab reopens the tabs of a saved workspace and
   * starts their kernels), and waits until it answers. Fails saying what to build or install when it cannot.
   */
  static NotebookServer startLab(Path dir, Map<String, String> env, Path state) {
    Path lab = Jupyter.ROOT.resolve("kernel-setup/lab");
    assertThat(lab.resolve("build/bundle.js")).as("the JupyterLab front end is not built: ./aihc test-browser lab "
        + "builds it (npm ci and webpack in %s)", lab).exists();
    String python = requireModule("jupyterlab_server, jupyter_server", "jupyterlab_server",
        "python3-jupyter-server python3-jupyterlab-server");
    try {
      // Every cell laid out wherever the notebook is scrolled: by default Lab skips laying out the cells out
      // of view (content-visibility), and an element not laid out has no innerText to read.
      Path tracker = Files.createDirectories(state.resolve("user-settings/@jupyterlab/notebook-extension"))
          .resolve("tracker.jupyterlab-settings");
      Files.writeString(tracker, "{\"windowingMode\": \"none\"}\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int port = freePort();
    return launch(List.of(python, lab.resolve("lab_server.py").toString(), "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port=" + port, "--ServerApp.port_retries=0", "--ServerApp.token=", "--ServerApp.password=",
        "--ServerApp.open_browser=False", "--ServerApp.allow_root=True", "--ServerApp.root_dir=" + dir,
        "--AihcLab.workspaces_dir=" + state.resolve("workspaces"),
        "--AihcLab.user_settings_dir=" + state.resolve("user-settings")), dir, env, port);
  }

  private static String requireModule(String modules, String what, String packages) {
    String python = Jupyter.python();
    Jupyter.Result probe = Jupyter.run(List.of(python, "-c", "import " + modules), Map.of(), Duration.ofSeconds(60));
    assertThat(probe.exitCode()).as("%s cannot import %s (%s). Install Debian's %s (./aihc test does so when run "
        + "as root)", python, what, probe.output().strip(), packages).isZero();
    return python;
  }

  private static NotebookServer launch(List<String> command, Path dir, Map<String, String> env, int port) {
    try {
      Path log = Files.createTempFile("aihc-notebook-server", ".log");
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile());
      pb.environment().putAll(env);
      pb.environment().put("JUPYTER_DATA_DIR", Jupyter.prefix().resolve("data").toString());
      NotebookServer server = new NotebookServer(pb.start(), log, port);
      server.awaitUp();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The URL of {@code path} on this server, e.g. {@code notebooks/01-quickstart.ipynb}. */
  String url(String path) {
    return "http://127.0.0.1:" + port + "/" + path;
  }

  /** The end of the server's log (kernel starts, errors), for failure messages. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no server log: " + e + ")";
    }
  }

  private void awaitUp() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest status = HttpRequest.newBuilder(URI.create(url("api/status"))).timeout(Duration.ofSeconds(5)).build();
    boolean up = poll(START_TIMEOUT, 200, () -> {
      assertThat(process.isAlive()).as("the notebook server exited with %s:%n%s",
          process.isAlive() ? "" : process.exitValue(), logTail()).isTrue();
      try {
        return http.send(status, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException e) {
        return false; // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for the notebook server", e);
      }
    });
    if (up) return;
    throw new AssertionError("the notebook server did not answer on port " + port + " within " + START_TIMEOUT
        + ":\n" + logTail());
  }

  @Override
  public void close() {
    // SIGTERM: the server shuts its kernels down before it exits; anything left is killed after that.
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      Files.deleteIfExists(log);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // a leftover log file is no failure
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Checks {@code condition} every {@code everyMillis} until it holds (true) or {@code timeout} has passed
   * (false); each caller says what a timeout means.
   */
  static boolean poll(Duration timeout, long everyMillis, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) return false;
      sleep(everyMillis);
    }
    return true;
  }

  /** Sleeps, failing the test when interrupted. */
  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
