package dev.aihc.local.internal.config;

import dev.aihc.internal.local.LocalHome;
import java.nio.file.Path;

/**
 * Where the engine keeps things under its home directory:
 *
 * <pre>
 * config.json                 pools, data sources, alerts, TensorBoard, time scale (optional, read once)
 * engine.db, engine.db-wal    jobs, pods, events (SQLite)
 * engine.lock                 held while an engine uses this home (holds its pid)
 * credentials                 profile [local] with the accepted keys (mode 600), unless given in the config
 * endpoint.json               {"url": "http://127.0.0.1:PORT", "pid": N} of the running engine; gone after a clean stop
 * port                        the port the last engine listened on, taken again when free
 * engine.log                  the output of an engine started in the background (Aihc.local, ./aihc local start)
 * start.lock                  held while a client starts an engine here, so that two clients start one
 * jobs/&lt;jobId&gt;/&lt;pod&gt;/          a replica's working directory
 * jobs/&lt;jobId&gt;/&lt;pod&gt;.log       its stdout and stderr
 * jobs/&lt;jobId&gt;/&lt;pod&gt;.idx       (time, offset) checkpoints of that log
 * jobs/&lt;jobId&gt;/&lt;pod&gt;.pid/.exit its process group id and exit code, written by the replica's wrapper
 * </pre>
 *
 * The files that clients use too are named by the client's {@link LocalHome}, so that the two sides cannot
 * disagree. The log and bookkeeping files sit beside the working directory, not in it, so a command that lists
 * or cleans its directory does not see them.
 *
 * @param files the part of the layout that clients share
 */
public record Home(LocalHome files) {
  /** The home at {@code root}, made absolute. */
  public Home(Path root) {
    this(new LocalHome(root));
  }

  public Path root() {
    return files.root();
  }

  /**
   * {@code config.json}, read now.
   *
   * @throws IllegalArgumentException naming the file when it is not JSON
   */
  public ConfigFile config() {
    return ConfigFile.read(root().resolve(ConfigFile.NAME));
  }

  public Path database() {
    return files.database();
  }

  public Path lock() {
    return files.engineLock();
  }

  Path endpoint() {
    return files.endpointFile();
  }

  Path port() {
    return root().resolve("port");
  }

  public Path credentials() {
    return files.credentials();
  }

  public Path jobs() {
    return files.jobs();
  }

  public Path jobDir(String jobId) {
    return files.jobDir(jobId);
  }

  public Path workDir(String jobId, String podName) {
    return jobDir(jobId).resolve(podName);
  }

  public Path log(String jobId, String podName) {
    return files.replicaLog(jobId, podName);
  }

  public Path logIndex(String jobId, String podName) {
    return jobDir(jobId).resolve(podName + ".idx");
  }

  /** What a replica's output relay could not write to its log, a line per gap: bytes, a tab, why. */
  public Path lostOutput(String jobId, String podName) {
    return jobDir(jobId).resolve(podName + ".lost");
  }

  public Path pidFile(String jobId, String podName) {
    return jobDir(jobId).resolve(podName + ".pid");
  }

  public Path exitFile(String jobId, String podName) {
    return jobDir(jobId).resolve(podName + ".exit");
  }
}
