package dev.aihc.internal.local;

import dev.aihc.client.CredentialsProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The files of a local engine home that both the engine and its clients use, named here only (the engine's
 * {@code Home} takes them from here and lists the whole layout): {@code endpoint.json}, {@code credentials},
 * {@code engine.db}, {@code engine.lock}, {@code engine.log} and {@code start.lock}; and where a replica's
 * log lies ({@code jobs/<jobId>/<pod>.log}, which the bench reads as it is written), with the pods' names.
 * The pool the engine schedules into by default is named here too, for the client's defaults and the
 * engine's.
 *
 * @param root the home directory, absolute
 */
public record LocalHome(Path root) {
  /** The profile of {@link #credentials()} that holds the engine's keys. */
  public static final String PROFILE = "local";
  /** The id of the engine's default pool. */
  public static final String POOL = "local";

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

  /** The engine's keys: profile {@link #PROFILE} of {@link #credentials()}, read when asked. */
  public CredentialsProvider keys() {
    return CredentialsProvider.profile(credentials(), PROFILE);
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

  /** {@code engine.lock}: held while an engine uses this home (holds its pid). */
  public Path engineLock() {
    return root.resolve("engine.lock");
  }

  /** {@code jobs}: a directory per job. */
  public Path jobs() {
    return root.resolve("jobs");
  }

  /** {@code jobs/<jobId>}: the working directories and logs of a job's replicas. */
  public Path jobDir(String jobId) {
    return jobs().resolve(jobId);
  }

  /** {@code jobs/<jobId>/<podName>.log}: a replica's stdout and stderr. */
  public Path replicaLog(String jobId, String podName) {
    return jobDir(jobId).resolve(podName + ".log");
  }

  /** The pod of replica {@code rank} of job {@code jobName}: rank 0 is {@code <name>-master-0}, rank r {@code <name>-worker-(r-1)}. */
  public static String podName(String jobName, int rank) {
    return jobName + (rank == 0 ? "-master-0" : "-worker-" + (rank - 1));
  }

  /** What endpoint.json says, when it exists and reads well; it may name an engine that has died. */
  public Optional<Endpoint> endpoint() {
    try {
      return Endpoint.fromJson(Files.readAllBytes(endpointFile()));
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
