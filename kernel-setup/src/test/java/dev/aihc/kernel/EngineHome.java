package dev.aihc.kernel;

import dev.aihc.Aihc;
import dev.aihc.client.AihcClient;
import dev.aihc.internal.local.EngineDaemon;
import dev.aihc.internal.local.LocalHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A local engine home of its own for kernels whose cells call {@code Aihc.local()}: they get
 * {@code AIHC_LOCAL_HOME} pointing here, start the engine in it (detached, as for a user), and
 * {@link #close()} stops that engine and its jobs and deletes the home.
 */
final class EngineHome implements AutoCloseable {
  private final Path root;

  private EngineHome(Path root) {
    this.root = root;
  }

  static EngineHome create() {
    try {
      return new EngineHome(Files.createTempDirectory("aihc-nb-engine"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The environment a kernel needs to use this home. */
  Map<String, String> env() {
    return Map.of("AIHC_LOCAL_HOME", root.toString());
  }

  /** A client of this home's engine (started if none runs). */
  AihcClient client() {
    return Aihc.local(root, message -> {});
  }

  /** The secret key of the engine's credentials file (which only the engine and its clients read). */
  String secretAccessKey() {
    return new LocalHome(root).keys().resolve().secretAccessKey();
  }

  /** Every file of the home (database, logs, events, job directories) but the credentials file. */
  List<Path> filesButCredentials() {
    Path credentials = new LocalHome(root).credentials();
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).filter(f -> !f.equals(credentials)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The end of the engine's log, for failure messages. */
  String logTail() {
    return new LocalHome(root).logTail(40);
  }

  @Override
  public void close() {
    EngineDaemon.stop(new LocalHome(root), Duration.ofSeconds(60));
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory is no failure
    }
  }
}
