package dev.aihc.internal.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What {@code <home>/endpoint.json} says: the URL ({@code http://127.0.0.1:PORT}) and pid of the
 * engine that last started in a home.
 *
 * @param url the base URL, without a trailing slash
 * @param pid the engine's process id
 */
public record Endpoint(String url, long pid) {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

  /** The port of {@link #url}. */
  public int port() {
    return URI.create(url).getPort();
  }

  /**
   * Whether that engine runs and accepts connections: its process is alive and its port answers. A file
   * left by a killed engine names a dead pid (or, after pid reuse, a process not listening there).
   */
  public boolean answers() {
    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) return false;
    URI uri = URI.create(url);
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) CONNECT_TIMEOUT.toMillis());
      return true;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  /** When the engine's process started, when the system says. */
  public Optional<Instant> startedAt() {
    return ProcessHandle.of(pid).flatMap(p -> p.info().startInstant());
  }
}
