package dev.aihc.internal.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aihc.internal.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The files of a local engine home that clients use (the engine's {@code Home} lists them all):
 * {@code endpoint.json}, {@code credentials}, {@code engine.log} and {@code start.lock}.
 *
 * @param root the home directory, absolute
 */
public record LocalHome(Path root) {
  /** The home at {@code root}, made absolute. */
  public LocalHome {
    root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
  }

  /** {@code endpoint.json}: url and pid of the running engine. */
  public Path endpointFile() {
    return root.resolve("endpoint.json");
  }

  /** {@code credentials}: profile [local] with the keys the engine accepts. */
  public Path credentials() {
    return root.resolve("credentials");
  }

  /** {@code engine.log}: the output of an engine started in the background. */
  public Path log() {
    return root.resolve("engine.log");
  }

  /** {@code start.lock}: held while a client starts an engine here. */
  public Path startLock() {
    return root.resolve("start.lock");
  }

  /** {@code engine.db}: present once an engine has run here. */
  public Path database() {
    return root.resolve("engine.db");
  }

  /** What endpoint.json says, when it exists and reads well; it may name an engine that has died. */
  public Optional<Endpoint> endpoint() {
    try {
      JsonNode node = Json.mapper().readTree(Files.readAllBytes(endpointFile()));
      String url = node.path("url").asText("");
      long pid = node.path("pid").asLong(0);
      return url.startsWith("http://") && pid > 0 ? Optional.of(new Endpoint(url, pid)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The engine that runs here and answers, if any. */
  public Optional<Endpoint> running() {
    return endpoint().filter(Endpoint::answers);
  }

  /** The last {@code lines} lines of engine.log, or a note that there is none. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log(), StandardCharsets.UTF_8);
      List<String> tail = new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size()));
      return tail.isEmpty() ? "(" + log() + " is empty)" : String.join("\n", tail);
    } catch (IOException e) {
      return "(no " + log() + ")";
    }
  }

  /** {@code ~/.aihc/local} when under the user's home directory, else the absolute path. */
  public String display() {
    Path userHome = Path.of(System.getProperty("user.home")).toAbsolutePath().normalize();
    return root.startsWith(userHome) && !root.equals(userHome)
        ? "~/" + userHome.relativize(root) : root.toString();
  }
}
