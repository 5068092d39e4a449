package dev.aihc.local;

import dev.aihc.client.AihcClient;
import dev.aihc.client.Credentials;
import dev.aihc.client.OutputSink;
import dev.aihc.internal.local.LocalHome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@link LocalEngineMain} in a JVM of its own, started with the test class path, so that it can be SIGKILLed. */
final class EngineProcess implements AutoCloseable {
  private final Process process;
  private final URI url;
  private final Path home;
  private final Path stderr;

  private EngineProcess(Process process, URI url, Path home, Path stderr) {
    this.process = process;
    this.url = url;
    this.home = home;
    this.stderr = stderr;
  }

  /** Starts an engine on {@code home} (port 0, 1 s grace) and waits (bounded) for the URL it prints. */
  static EngineProcess start(Path home, String name) throws Exception {
    return start(home, name, 0);
  }

  /**
   * As {@link #start(Path, String)}, with at most {@code maxOpenFiles} descriptors ({@code ulimit -n}, set by the
   * shell that then becomes the JVM); 0 for the limit this JVM has.
   */
  static EngineProcess start(Path home, String name, int maxOpenFiles) throws Exception {
    Path stderr = home.resolveSibling(home.getFileName() + "-" + name + ".err");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> engine = List.of(java, "-cp", System.getProperty("java.class.path"),
        LocalEngineMain.class.getName(), "--home", home.toString(), "--port", "0", "--grace", "1");
    List<String> argv = maxOpenFiles == 0 ? engine
        : List.of("bash", "-c", "ulimit -n " + maxOpenFiles + " && exec \"$@\"", "engine-with-ulimit");
    if (maxOpenFiles != 0) {
      argv = new java.util.ArrayList<>(argv);
      argv.addAll(engine);
    }
    Process p = new ProcessBuilder(argv)
        .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String first;
    try {
      first = CompletableFuture.supplyAsync(() -> {
        try {
          return out.readLine();
        } catch (IOException e) {
          return null;
        }
      }).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      p.destroyForcibly();
      throw new AssertionError("the engine printed no URL within 30 s; stderr: " + read(stderr), e);
    }
    if (first == null || !first.startsWith("http://127.0.0.1:")) {
      p.destroyForcibly();
      throw new AssertionError("expected the URL first but got '" + first + "'; stderr: " + read(stderr));
    }
    return new EngineProcess(p, URI.create(first.trim()), home, stderr);
  }

  URI url() {
    return url;
  }

  /** The keys a started engine made (or found) in its home. */
  Credentials credentials() {
    return new LocalHome(home).keys().resolve();
  }

  /** The real client on this engine with its keys, silent, polling every 100 ms. */
  AihcClient client() {
    return AihcClient.builder().endpoint(url.toString()).credentials(credentials())
        .queue("default").pollInterval(Duration.ofMillis(100)).sink(OutputSink.silent()).build();
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL, then waits (bounded) for the JVM to be gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly(); // SIGKILL on Linux
    if (!process.waitFor(10, TimeUnit.SECONDS)) throw new AssertionError("the engine survived SIGKILL");
  }

  /** SIGTERM (the engine closes and stops its jobs), SIGKILL if that takes over 20 s. */
  @Override
  public void close() {
    if (!process.isAlive()) return;
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  String stderr() {
    return read(stderr);
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
