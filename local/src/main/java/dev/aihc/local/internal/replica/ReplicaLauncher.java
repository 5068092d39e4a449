package dev.aihc.local.internal.replica;

import dev.aihc.dsl.EnvVar;
import dev.aihc.dsl.InjectedEnv;
import dev.aihc.internal.local.CleanEnvironment;
import dev.aihc.internal.local.PrivateFiles;
import dev.aihc.local.internal.config.Home;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts replicas as process groups and signals them.
 *
 * <p>A replica runs as {@code setsid bash -c WRAPPER aihc-replica <command> <pidFile> <exitFile>}.
 * The JVM's child is not a process-group leader, so {@code setsid} makes itself a session leader and
 * execs bash in place: {@link Process#pid()} is then the process group id, and
 * {@code kill -TERM -- -PGID} reaches the command and everything it started. The wrapper records its
 * pid and, when the command ends, its exit code in files, so an engine that was killed and restarted
 * can re-attach to a still-running replica (identified by its working directory) or learn how it
 * ended. Output passes through a relay of the replica's own (a small Perl process, {@code relay.pl}) to the log
 * file in append mode, so nothing passes through the JVM, lines written while the engine is down are kept, and a
 * log the full disk has no room for does not end the command: the relay counts what it could not write and marks
 * the gap in the log once it can ({@link dev.aihc.local.internal.logs.LogMonitor} reports it). A job with data sources runs its command inside
 * bubblewrap ({@link Sandbox}); the wrapper stays outside it, so the pid file, the exit file and the
 * working directory that recovery checks are the same either way.
 */
public final class ReplicaLauncher implements AutoCloseable {
  static final String MASTER_ADDR = "127.0.0.1";
  // $1 command, $2 pid file, $3 exit file, $4 log, $5 lost-output file, $6 engine home, $7 the relay's Perl
  // (empty: no relay). The user's command runs in its own bash, as on AIHC, with umask 077: the engine home is
  // private, and so is what the wrapper and the command write in it. The wrapper traps TERM and INT with a no-op
  // (a trapped signal, unlike an ignored one, is reset to the default in the command) so that on a group SIGTERM
  // it outlives the command, records how the command ended and only then exits: the command gets its whole grace
  // period. The command's output goes to the relay (relay.pl), started first, outside the memory limit, with TERM
  // and INT ignored (a group SIGTERM must not cut the command's output off); once the command ended the wrapper
  // tells the relay (SIGWINCH, whose default is to be ignored: one that comes before the relay handles it is lost,
  // not fatal, and the relay then ends at the end of its input) and waits for it to drain, so the log holds every
  // line before the end is recorded. Without perl the output goes straight to the log, as before the relay.
  private static final String RELAY = "if [ -n \"$7\" ]; then exec 3> >(trap '' TERM INT; exec perl -e \"$7\""
      + " \"$4\" \"$5\" \"$6\"); relay=$!; else exec 3>&1; relay=; fi; ";
  // A wait cut short by the wrapper's own TERM trap is waited again, while the relay is there to wait for.
  private static final String DRAIN = "; ec=$?; exec 3>&-; if [ -n \"$relay\" ]; then kill -WINCH \"$relay\""
      + " 2>/dev/null; wait \"$relay\"; while [ $? -gt 128 ]; do kill -0 \"$relay\" 2>/dev/null || break;"
      + " wait \"$relay\"; done; fi";
  private static final String WRAPPER =
      "umask 077; trap true TERM INT; echo $$ > \"$2\"; " + RELAY + ReplicaLauncher.MEMORY_LIMIT
          + ReplicaLauncher.COMMAND + " >&3 2>&3 3>&-" + DRAIN + "; echo $ec > \"$3\"; exit $ec";
  // The same with the command in a bubblewrap sandbox (${@:8} is bwrap's command line up to "--"). bwrap
  // sits between the wrapper and the command in the same process group, so a group SIGTERM reaches it
  // too, and bwrap (without a pid namespace) just dies, orphaning the command and reporting 143 before
  // the command has ended. So bwrap runs with TERM and INT ignored, and env gives the command the default
  // handling back (an ignored signal would otherwise be inherited): the command gets the signal, bwrap
  // waits for it and exits with its code.
  private static final String SANDBOXED_WRAPPER =
      "umask 077; trap true TERM INT; echo $$ > \"$2\"; " + RELAY + ReplicaLauncher.MEMORY_LIMIT
          + "(trap '' TERM INT; exec \"${@:8}\" env --default-signal=TERM,INT " + ReplicaLauncher.COMMAND
          + ") >&3 2>&3 3>&-" + DRAIN + "; echo $ec > \"$3\"; exit $ec";
  /** The relay's Perl, or empty where there is no perl (the output then goes straight to the log). */
  private static final String RELAY_SCRIPT = Platform.onPath("perl").isPresent() ? relayScript() : "";
  /**
   * The prefix under which the command's own variables reach the wrapper. The wrapper, setsid and bwrap
   * run outside the sandbox and before the memory limit, so a job's BASH_ENV, LD_PRELOAD or PATH must not
   * apply to them: the job's env arrives renamed, and only the bash that becomes the command gives the
   * variables their names (COMMAND). Names that are not shell identifiers (a job may say my.var) cannot
   * be renamed back and arrive as they are: none of them means anything to bash or the loader.
   */
  static final String JOB_ENV_PREFIX = "AIHC_JOB_ENV_";
  // $1 the command: a bash with the wrapper's environment names the job's variables, then becomes the
  // command's bash ($BASH, this bash's own path: the job's PATH does not choose it), named plain bash as
  // before, which is how its errors begin (bash: line 1: ...) and how diagnoses read them.
  private static final String COMMAND = "\"$BASH\" -c 'for v in ${!" + JOB_ENV_PREFIX + "@}; do export \"${v#"
      + JOB_ENV_PREFIX + "}=${!v}\"; unset \"$v\"; done; exec -a bash \"$BASH\" -c \"$1\"' aihc-command \"$1\"";
  // The replica's memory limit (see ReplicaMemory), taken before the command starts so that all it starts
  // is held to it: join the replica's cgroup, or limit the address space.
  private static final String MEMORY_LIMIT = "[ -z \"$" + ReplicaMemory.CGROUP_PROCS_ENV + "\" ] || echo $$ > \"$"
      + ReplicaMemory.CGROUP_PROCS_ENV + "\"; [ -z \"$" + ReplicaMemory.ULIMIT_ENV + "\" ] || ulimit -v \"$"
      + ReplicaMemory.ULIMIT_ENV + "\"; ";

  private final Home home;
  private final GroupSignals signals = new GroupSignals();

  public ReplicaLauncher(Home home) {
    this.home = home;
  }

  /**
   * What one replica needs to start.
   *
   * @param jobId the job id
   * @param jobName the job name
   * @param podName the pod name
   * @param rank 0 for the master, N+1 for worker-N
   * @param worldSize the replica count
   * @param masterPort the port rank 0 listens on
   * @param command the job's command
   * @param envs the job's envs
   * @param tensorboardLogPath the TensorBoard log path, or null
   * @param maxRestarts PET_MAX_RESTARTS
   * @param cudaVisibleDevices the GPU ids handed to this replica, comma-separated; empty for none (no
   *     GPU, or a CPU rehearsal), which hides every GPU from it
   * @param sandbox the bubblewrap command line up to {@code --} that mounts the data sources, or empty
   * @param memoryLimit what the wrapper reads to hold the replica to its memory (see {@link ReplicaMemory}),
   *     empty for none
   */
  public record Spec(String jobId, String jobName, String podName, int rank, int worldSize, int masterPort,
      String command, List<EnvVar> envs, String tensorboardLogPath, int maxRestarts, String cudaVisibleDevices,
      List<String> sandbox, Map<String, String> memoryLimit) {}

  /** Starts the replica in {@code <home>/jobs/<jobId>/<pod>/}, appending output to its log. */
  public Process start(Spec spec) throws IOException {
    Path workDir = home.workDir(spec.jobId(), spec.podName());
    PrivateFiles.directories(workDir);
    Path log = home.log(spec.jobId(), spec.podName());
    PrivateFiles.file(log); // the redirect below would create it with the umask's mode
    List<String> argv = new ArrayList<>(List.of("setsid", "bash", "-c",
        spec.sandbox().isEmpty() ? WRAPPER : SANDBOXED_WRAPPER, "aihc-replica", spec.command(),
        home.pidFile(spec.jobId(), spec.podName()).toString(),
        home.exitFile(spec.jobId(), spec.podName()).toString(), log.toString(),
        home.lostOutput(spec.jobId(), spec.podName()).toString(), home.root().toString(), RELAY_SCRIPT));
    argv.addAll(spec.sandbox());
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.directory(workDir.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    CleanEnvironment.retainBasics(pb.environment());
    pb.environment().putAll(wrapperEnvironment(spec));
    return pb.start();
  }

  private static String relayScript() {
    try (java.io.InputStream in = ReplicaLauncher.class.getResourceAsStream("relay.pl")) {
      if (in == null) throw new IllegalStateException("relay.pl is missing from the engine's jar");
      // without its comments and indentation: the script is the relay's command line, which ps shows
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#")).collect(java.util.stream.Collectors.joining("\n"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * What the wrapper starts with, besides the engine's basics ({@link CleanEnvironment}): the command's
   * variables ({@link #environment}), those that are shell identifiers renamed with {@link #JOB_ENV_PREFIX},
   * and the memory limit's, which the wrapper itself reads.
   */
  static Map<String, String> wrapperEnvironment(Spec spec) {
    Map<String, String> env = new LinkedHashMap<>();
    environment(spec).forEach((name, value) -> env.put(IDENTIFIER.matcher(name).matches() ? JOB_ENV_PREFIX + name
        : name, value));
    env.putAll(spec.memoryLimit());
    return env;
  }

  private static final java.util.regex.Pattern IDENTIFIER = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * The command's own variables: the job's envs, then what the platform injects (which wins, as on AIHC).
   * Of the engine's environment only its basics (PATH, HOME, the locale: {@link CleanEnvironment}) are
   * under them; nothing else of it reaches a replica.
   */
  static Map<String, String> environment(Spec spec) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar e : spec.envs()) env.put(e.name(), e.value());
    String port = Integer.toString(spec.masterPort());
    String world = Integer.toString(spec.worldSize());
    String rank = Integer.toString(spec.rank());
    put(env, InjectedEnv.MASTER_ADDR, MASTER_ADDR);
    put(env, InjectedEnv.MASTER_PORT, port);
    put(env, InjectedEnv.WORLD_SIZE, world);
    put(env, InjectedEnv.RANK, rank);
    put(env, InjectedEnv.PET_NNODES, world);
    put(env, InjectedEnv.PET_NODE_RANK, rank);
    put(env, InjectedEnv.PET_MASTER_ADDR, MASTER_ADDR);
    put(env, InjectedEnv.PET_MASTER_PORT, port);
    put(env, InjectedEnv.PET_MAX_RESTARTS, Integer.toString(spec.maxRestarts()));
    put(env, InjectedEnv.AIHC_JOB_NAME, spec.jobName());
    put(env, InjectedEnv.AIHC_JOB_ID, spec.jobId());
    // Set even when empty: a replica must never see (and take) a GPU the scheduler did not hand it.
    put(env, InjectedEnv.CUDA_VISIBLE_DEVICES, spec.cudaVisibleDevices());
    if (spec.tensorboardLogPath() != null) put(env, InjectedEnv.AIHC_TENSORBOARD_LOG_PATH, spec.tensorboardLogPath());
    env.putAll(spec.memoryLimit());
    return env;
  }

  private static void put(Map<String, String> env, InjectedEnv name, String value) {
    env.put(name.name(), value);
  }

  /** A TCP port on 127.0.0.1 that is free right now, for MASTER_PORT. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * Sends {@code signal} (TERM or KILL) to process group {@code pgid}; a group that is already gone
   * is not an error, and a group whose number now belongs to someone else is left alone.
   */
  public void signalGroup(long pgid, String signal) {
    if (leaderOursOrGone(pgid)) signals.send(pgid, signal);
  }

  /**
   * Sends {@code signal} to the group that {@code leader} (a process group leader this engine started)
   * leads, while it lives: a living leader holds its number, so the group cannot be anyone else's.
   */
  public void signalGroupOf(ProcessHandle leader, String signal) {
    if (leader.isAlive()) signals.send(leader.pid(), signal);
  }

  /**
   * Whether group {@code pgid} may be signalled: its leader (the process whose pid is {@code pgid}) is
   * gone, or works under this home's job directories as every leader the engine starts does. Pids are
   * reused, quickly where pid_max is 32768 and tests start thousands of processes: once a replica's
   * whole group has ended, a late signal to its number (an adopted replica's exit seen a moment late, a
   * delayed SIGKILL) would otherwise hit whatever group now leads with it. While any member of our
   * group lives, the number cannot be reused, so a missing leader is safe to signal.
   */
  private boolean leaderOursOrGone(long pgid) {
    Path cwd;
    try {
      cwd = Files.readSymbolicLink(Path.of("/proc", Long.toString(pgid), "cwd"));
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return true; // no such process (or a zombie): the leader is gone
    }
    try {
      return cwd.startsWith(home.jobs().toRealPath());
    } catch (IOException e) {
      return cwd.startsWith(home.jobs());
    }
  }

  /**
   * The still-running leader of a replica started by an earlier engine: alive, started when recorded
   * ({@code procStart}, ticks since boot; null when the earlier engine did not get to record it), and
   * working in the pod's directory. Either check alone tells it from an unrelated process that reused
   * the pid; the start time also from one that happens to work in the same directory.
   */
  public Optional<ProcessHandle> findRunning(long pid, Long procStart, String jobId, String podName) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (handle.isEmpty()) return Optional.empty();
    if (procStart != null && !ProcStat.startTicks(pid).equals(Optional.of(procStart))) return Optional.empty();
    try {
      Path cwd = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd"));
      Path expected = home.workDir(jobId, podName).toRealPath();
      return cwd.equals(expected) ? handle : Optional.empty();
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether process {@code pid} is alive and works in {@code dir}, which tells a process the engine
   * started from an unrelated one that reused its pid.
   */
  public boolean isRunningIn(long pid, Path dir) {
    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) return false;
    try {
      return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd")).equals(dir.toRealPath());
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  /**
   * The leader of a replica an earlier engine started just before it died, before the wrapper wrote
   * its pid file: the session leader ({@code setsid}) working in the pod's directory, found in /proc.
   */
  public Optional<ProcessHandle> findUnrecorded(String jobId, String podName) {
    Path dir = home.workDir(jobId, podName);
    if (!Files.isDirectory(dir)) return Optional.empty(); // never got as far as starting
    Path expected;
    try {
      expected = dir.toRealPath();
    } catch (IOException e) {
      return Optional.empty();
    }
    return ProcessHandle.allProcesses()
        .filter(p -> ProcStat.session(p.pid()).equals(Optional.of(p.pid())))
        .filter(p -> expected.equals(cwd(p.pid())))
        .findFirst();
  }

  private static Path cwd(long pid) {
    try {
      return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd"));
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return null;
    }
  }

  /** The pid the replica's wrapper recorded, when it got that far. */
  public Optional<Long> recordedPid(String jobId, String podName) {
    return readNumber(home.pidFile(jobId, podName)).map(Long::valueOf);
  }

  /** The exit code the replica's wrapper recorded; empty when it was killed by a signal (or never ran). */
  public Optional<Integer> recordedExitCode(String jobId, String podName) {
    return readNumber(home.exitFile(jobId, podName)).map(Integer::valueOf);
  }

  private static Optional<String> readNumber(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
      return text.matches("[0-9]{1,18}") ? Optional.of(text) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** How a replica ended, for its events and its job's reason: "exited with code 137 (SIGKILL)". */
  public static String describeExit(Integer code) {
    if (code == null) return "ended without leaving an exit code (killed by a signal?)";
    String signal = switch (code) {
      case 130 -> " (SIGINT)";
      case 137 -> " (SIGKILL)";
      case 143 -> " (SIGTERM)";
      default -> "";
    };
    return "exited with code " + code + signal;
  }

  /** Sends the signals already asked for, then stops the helper that sends them (see {@link GroupSignals}). */
  @Override
  public void close() {
    signals.close();
  }
}
