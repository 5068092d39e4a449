package dev.aihc.local.internal.config;

import dev.aihc.internal.local.Endpoint;
import dev.aihc.internal.local.PrivateFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * {@code <home>/endpoint.json}, {@code {"url": "http://127.0.0.1:PORT", "pid": N}}: how clients of a home
 * ({@code Aihc.local(home)}) find its running engine, and find it again after a restart on another
 * port. Written atomically once the engine serves; removed by a clean stop. Also {@code <home>/port},
 * the port to take again next time.
 */
public final class EndpointFile {
  private EndpointFile() {}

  public static void write(Home home, URI url, int port) throws IOException {
    replace(home.endpoint(), ours(url).toJson());
    replace(home.port(), (port + "\n").getBytes(StandardCharsets.US_ASCII));
  }

  /** The port the last engine of this home listened on, when recorded. */
  public static Optional<Integer> lastPort(Home home) {
    try {
      String text = Files.readString(home.port(), StandardCharsets.US_ASCII).trim();
      int port = Integer.parseInt(text);
      return port > 0 && port <= 65535 ? Optional.of(port) : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Removes endpoint.json when it still names this process at {@code url}: a client then knows at once
   * that no engine runs, instead of trying a closed port.
   */
  public static void removeIfOurs(Home home, URI url) {
    if (home.files().endpoint().filter(ours(url)::equals).isEmpty()) return;
    try {
      Files.deleteIfExists(home.endpoint());
    } catch (IOException e) {
      // clients check that the pid is alive anyway
    }
  }

  private static Endpoint ours(URI url) {
    return new Endpoint(url.toString(), ProcessHandle.current().pid());
  }

  private static void replace(Path file, byte[] content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    PrivateFiles.file(tmp);
    Files.write(tmp, content);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
