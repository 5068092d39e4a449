package dev.aihc.internal.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aihc.internal.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
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

  /** What the engine writes into endpoint.json. */
  public byte[] toJson() {
    try {
      return Json.mapper().writeValueAsBytes(Json.mapper().createObjectNode().put("url", url).put("pid", pid));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // an ObjectNode of a string and a number always serializes
    }
  }

  /** The endpoint that endpoint.json's {@code json} names, when it reads well. */
  static Optional<Endpoint> fromJson(byte[] json) {
    try {
      JsonNode node = Json.mapper().readTree(json);
      String url = node.path("url").asText("");
      long pid = node.path("pid").asLong(0);
      return url.startsWith("http://") && pid > 0 ? Optional.of(new Endpoint(url, pid)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

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
