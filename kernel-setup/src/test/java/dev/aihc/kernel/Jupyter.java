package dev.aihc.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The machine's Jupyter, driven as a user would: {@code ./aihc kernel install --prefix} into a
 * temporary directory, then notebooks executed headless by nbconvert. A missing Jupyter fails the
 * tests that use it (the message says what to install); it never skips them.
 */
final class Jupyter {
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration NOTEBOOK_TIMEOUT = Duration.ofMinutes(3);
  private static Path prefix;
  private static String python;

  private Jupyter() {}

  /** The result of one command. */
  record Result(int exitCode, String output) {}

  /** The prefix the aihc-java kernel was installed into for this test run (installed on first use). */
  static synchronized Path prefix() {
    if (prefix == null) {
      try {
        Path dir = Files.createTempDirectory("aihc-kernel-it");
        Result r = run(List.of("bash", ROOT.resolve("aihc").toString(), "kernel", "install", "--prefix", dir.toString()),
            Map.of("AIHC_NO_BUILD", "1"), Duration.ofMinutes(2));
        assertThat(r.exitCode()).as("./aihc kernel install --prefix %s:%n%s", dir, r.output()).isZero();
        prefix = dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return prefix;
  }

  /** The installed kernel's directory. */
  static Path kernelDir() {
    return prefix().resolve("share/jupyter/kernels/aihc-java");
  }

  /** Environment that makes Jupyter find the kernels under {@link #prefix()} and nothing of the user's. */
  static Map<String, String> env() {
    Path p = prefix();
    return Map.of("JUPYTER_PATH", p.resolve("share/jupyter").toString(),
        "JUPYTER_RUNTIME_DIR", p.resolve("runtime").toString(),
        "JUPYTER_CONFIG_DIR", p.resolve("config").toString());
  }

  /** {@link #env()} plus {@code extra} (a kernel inherits the environment of what starts it). */
  static Map<String, String> env(Map<String, String> extra) {
    Map<String, String> env = new java.util.HashMap<>(env());
    env.putAll(extra);
    return env;
  }

  /** A Python that can run notebooks: /usr/bin/python3 (Debian's Jupyter) or python3 on PATH. */
  static synchronized String python() {
    if (python != null) return python;
    List<String> tried = new ArrayList<>();
    for (String candidate : List.of("/usr/bin/python3", "python3")) {
      Result r = run(List.of(candidate, "-c", "import nbformat, nbclient, nbconvert, jupyter_client"), Map.of(),
          Duration.ofSeconds(60));
      if (r.exitCode() == 0) return python = candidate;
      tried.add(candidate + ": " + r.output().strip().lines().reduce((a, b) -> b).orElse("exit " + r.exitCode()));
    }
    throw new AssertionError("No Python here can run notebooks (" + String.join("; ", tried) + "). Install "
        + "Debian's jupyter-client jupyter-nbconvert python3-nbclient (./aihc test does so when run as root)");
  }

  /** Executes {@code notebook} with nbconvert into {@code outDir}; fails on any cell error. Returns the executed notebook. */
  static JsonNode execute(Path notebook, Path outDir) {
    return execute(notebook, outDir, Map.of());
  }

  /** As {@link #execute(Path, Path)}, the kernel's environment having {@code extraEnv} as well. */
  static JsonNode execute(Path notebook, Path outDir, Map<String, String> extraEnv) {
    Result r = run(List.of(python(), "-m", "nbconvert", "--to", "notebook", "--execute",
        "--ExecutePreprocessor.timeout=120", "--ExecutePreprocessor.startup_timeout=120",
        "--output-dir", outDir.toString(), notebook.toString()), env(extraEnv), NOTEBOOK_TIMEOUT);
    assertThat(r.exitCode()).as("nbconvert --execute %s:%n%s", notebook.getFileName(), r.output()).isZero();
    return read(outDir.resolve(notebook.getFileName()));
  }

  static JsonNode read(Path notebook) {
    try {
      return JSON.readTree(notebook.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every output of a code cell, joined: HTML and plain text of results and displays, stream text, errors. */
  static String outputs(JsonNode cell) {
    StringBuilder s = new StringBuilder();
    for (JsonNode o : cell.path("outputs")) {
      s.append("[").append(o.path("output_type").asText()).append("]\n");
      o.path("data").fields().forEachRemaining(e -> s.append(e.getKey()).append(": ").append(text(e.getValue())).append('\n'));
      s.append(text(o.path("text"))).append(o.path("ename").asText()).append(o.path("evalue").asText()).append('\n');
    }
    return s.toString();
  }

  /**
   * The points of line {@code line} of a chart in {@code outputs} (its SVG as the kernel wrote it): the moves
   * and segments of the line's path; 0 when there is no such line.
   */
  static long chartPoints(String outputs, String line) {
    Matcher m = Pattern.compile("data-line=['\"]" + Pattern.quote(line) + "['\"]>.*?<path d=['\"]([^'\"]*)['\"]",
        Pattern.DOTALL).matcher(outputs);
    return m.find() ? m.group(1).chars().filter(c -> c == 'M' || c == 'L').count() : 0;
  }

  /** The code cell whose source contains {@code marker} (exactly one must). */
  static JsonNode cell(JsonNode notebook, String marker) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode c : notebook.path("cells")) {
      if (c.path("cell_type").asText().equals("code") && text(c.path("source")).contains(marker)) found.add(c);
    }
    assertThat(found).as("code cells containing %s", marker).hasSize(1);
    return found.get(0);
  }

  /** A notebook string field, stored as one string or a list of lines. */
  static String text(JsonNode node) {
    if (node.isArray()) {
      StringBuilder s = new StringBuilder();
      node.forEach(n -> s.append(n.asText()));
      return s.toString();
    }
    return node.isMissingNode() || node.isNull() ? "" : node.asText();
  }

  /** The script {@code name} of the test resources' {@code notebook-tests/}, copied to a file for Python to run. */
  static Path script(String name) {
    try (InputStream in = Jupyter.class.getResourceAsStream("/notebook-tests/" + name)) {
      if (in == null) throw new IllegalArgumentException("no test resource notebook-tests/" + name);
      Path script = Files.createTempFile(name.replace(".py", ""), ".py");
      script.toFile().deleteOnExit();
      Files.write(script, in.readAllBytes());
      return script;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a command, merging its output; kills it after {@code timeout}. */
  static Result run(List<String> command, Map<String, String> env, Duration timeout) {
    try {
      Path log = Files.createTempFile("aihc-it", ".log");
      ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile());
      pb.environment().putAll(env);
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        return new Result(127, command.get(0) + ": " + e.getMessage());
      }
      boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      Files.deleteIfExists(log);
      return done ? new Result(p.exitValue(), output) : new Result(-1, "timed out after " + timeout + ":\n" + output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
  }
}
