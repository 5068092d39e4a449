package dev.aihc.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A process of another Unix user of this machine ({@code nobody}), started through {@code setpriv}; only
 * possible as root, which is how CI runs. Its output lines are collected as they come.
 */
final class OtherUser implements AutoCloseable {
  static final long NOBODY_UID = 65534;
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
  private static final Path PYTHON = Path.of("/usr/bin/python3");

  private final Process process;
  final List<String> lines = new CopyOnWriteArrayList<>();

  private OtherUser(Process process) {
    this.process = process;
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) lines.add(line);
      } catch (IOException e) {
        // ended
      }
    }, "other-user-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Whether this test run can act as another user: root, with setpriv and the system's Python. */
  static boolean possible() {
    return "root".equals(System.getProperty("user.name")) && Files.isExecutable(SETPRIV) && Files.isExecutable(PYTHON);
  }

  /** The system's Python running {@code script} with {@code args}, as nobody. */
  static OtherUser python(String script, String... args) {
    List<String> command = new ArrayList<>(List.of(SETPRIV.toString(), "--reuid=nobody", "--regid=nogroup",
        "--clear-groups", PYTHON.toString(), "-c", script));
    command.addAll(List.of(args));
    try {
      return new OtherUser(new ProcessBuilder(command).redirectErrorStream(true).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until it printed a line starting with {@code prefix}. */
  OtherUser await(String prefix) {
    TestEngine.awaitTrue(() -> lines.stream().anyMatch(l -> l.startsWith(prefix)),
        "the other user's process to print '" + prefix + "' (printed so far: " + lines + ")");
    return this;
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
