package dev.aihc.internal.cli;

import dev.aihc.Aihc;
import dev.aihc.client.AihcClient;
import dev.aihc.wire.JobStatus;
import dev.aihc.dsl.AihcException;
import dev.aihc.internal.local.Endpoint;
import dev.aihc.internal.local.EngineClassPath;
import dev.aihc.internal.local.EngineDaemon;
import dev.aihc.internal.local.EngineSockets;
import dev.aihc.internal.local.LocalHome;
import dev.aihc.dsl.DurationText;
import dev.aihc.wire.JobItem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import dev.aihc.internal.text.ControlChars;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code ./aihc local start|stop|status|reset|prune}: the local engine of a home ({@code --home}, else
 * {@code AIHC_LOCAL_HOME}, else {@code ~/.aihc/local}) as a background service. Exit status: 0 done,
 * 1 failed, 2 usage error, 3 {@code status} found no engine running.
 */
public final class LocalCommand {
  static final String USAGE = String.join("\n",
      "usage: aihc local start  [--home DIR] [--port N] [--retention 30d]   start the engine in the background",
      "       aihc local stop   [--home DIR]                                stop it (and the jobs that still run)",
      "       aihc local status [--home DIR]                                URL, pid, uptime, jobs, capacity",
      "       aihc local reset  [--home DIR] [--yes]                        stop everything and empty the home",
      "       aihc local prune  --older-than 7d [--home DIR]                delete jobs that finished before then");
  static final int NOT_RUNNING = 3;

  private final Args args;
  private final LocalHome home;
  private final PrintStream out;
  private final PrintStream err;
  private final InputStream in;

  private LocalCommand(Args args, PrintStream out, PrintStream err, InputStream in) {
    this.args = args;
    this.home = new LocalHome(args.value("--home") == null ? Aihc.localHome() : Path.of(args.value("--home")));
    this.out = out;
    this.err = err;
    this.in = in;
  }

  /** {@code LocalCommand SUBCOMMAND [OPTIONS]}; exits with its status. */
  public static void main(String[] argv) {
    int status = run(Arrays.asList(argv), System.out, System.err, System.in);
    System.out.flush();
    System.exit(status);
  }

  /** Runs a local command; what it prints is escaped like the job commands' (engine.log holds job text). */
  static int run(List<String> argv, PrintStream terminal, PrintStream terminalErr, InputStream in) {
    return ControlChars.escaped(terminal, terminalErr, (out, err) -> runEscaped(argv, out, err, in));
  }

  private static int runEscaped(List<String> argv, PrintStream out, PrintStream err, InputStream in) {
    String sub = argv.isEmpty() ? "" : argv.get(0);
    try {
      Args args = Args.parse(argv.subList(Math.min(1, argv.size()), argv.size()),
          Set.of("--home", "--port", "--retention", "--older-than"), Set.of("--yes", "-y", "--help", "-h"));
      if (args.has("--help") || args.has("-h")) {
        out.println(USAGE);
        return 0;
      }
      if (!args.positional.isEmpty()) throw new UsageException("unexpected argument '" + args.positional.get(0) + "'");
      LocalCommand c = new LocalCommand(args, out, err, in);
      return switch (sub) {
        case "start" -> c.start();
        case "stop" -> c.stop();
        case "status" -> c.status();
        case "reset" -> c.reset();
        case "prune" -> c.prune();
        default -> throw new UsageException(sub.isEmpty() ? "which one?" : "no subcommand '" + sub + "'");
      };
    } catch (UsageException e) {
      err.println("aihc local" + (sub.isEmpty() ? "" : " " + sub) + ": " + e.getMessage() + "\n" + USAGE);
      return 2;
    } catch (AihcException | IllegalStateException e) {
      err.println("aihc local " + sub + ": " + e.getMessage());
      return 1;
    }
  }

  private int start() {
    int port = args.intValue("--port", 0);
    Duration retention = args.value("--retention") == null ? null : duration("--retention");
    EngineDaemon.Start s = EngineDaemon.ensureRunning(home, new EngineDaemon.Options(port, retention,
        EngineDaemon.START_TIMEOUT), () -> EngineClassPath.find(LocalCommand.class), err::println);
    Endpoint e = s.endpoint();
    if (s.started()) {
      out.println("the local engine runs at " + e.url() + " (pid " + e.pid() + ", home " + home.display()
          + ", log " + home.log() + ")");
    } else {
      out.println("the local engine already runs in " + home.display() + " at " + e.url() + " (pid " + e.pid() + ")"
          + (port != 0 && port != e.port() ? "; stop it first to move it to port " + port : ""));
    }
    return 0;
  }

  private int stop() {
    Optional<Endpoint> e = home.running();
    if (!EngineDaemon.stop(home, EngineDaemon.STOP_TIMEOUT)) {
      out.println("no local engine runs in " + home.display());
      return 0;
    }
    out.println("stopped the local engine in " + home.display() + e.map(x -> " (pid " + x.pid() + ")").orElse("")
        + "; jobs that were still running were stopped");
    return 0;
  }

  private int status() {
    Optional<Endpoint> e = home.running();
    if (e.isEmpty()) {
      out.println("no local engine runs in " + home.display() + ". Start one with ./aihc local start");
      return NOT_RUNNING;
    }
    try (AihcClient client = client(e.get())) {
      out.print(LocalStatus.of(home, e.get(), client).render());
    }
    return 0;
  }

  private int reset() {
    if (!Files.isDirectory(home.root())) {
      out.println("nothing to reset: " + home.display() + " does not exist");
      return 0;
    }
    requireEngineHome();
    if (!args.has("--yes") && !args.has("-y") && !confirmed()) {
      err.println("aihc local reset: nothing was changed");
      return 1;
    }
    // An engine adopts what a killed one left running, so that stopping it stops those replicas too.
    if (home.running().isEmpty() && Files.exists(home.database())) {
      EngineDaemon.ensureRunning(home, EngineDaemon.Options.DEFAULT, () -> EngineClassPath.find(LocalCommand.class),
          err::println);
    }
    EngineDaemon.stop(home, EngineDaemon.STOP_TIMEOUT);
    int removed = empty(home.root());
    out.println("reset " + home.display() + ": the engine and its jobs are stopped and " + removed
        + (removed == 1 ? " entry was" : " entries were") + " deleted");
    return 0;
  }

  private int prune() {
    if (args.value("--older-than") == null) throw new UsageException("prune needs --older-than, such as 7d");
    Duration age = duration("--older-than");
    Instant cutoff = Instant.now().minus(age);
    int deleted = 0;
    int kept = 0;
    try (AihcClient client = Aihc.local(home.root(), err::println)) {
      List<JobItem> finished = new ArrayList<>();
      for (JobStatus s : JobStatus.terminal()) finished.addAll(client.jobs(s).toList());
      for (JobItem job : finished) {
        if (finishedBefore(job, cutoff)) {
          client.deleteJob(job.jobId());
          deleted++;
        } else {
          kept++;
        }
      }
    }
    out.println("pruned " + deleted + (deleted == 1 ? " job" : " jobs") + " that finished more than "
        + DurationText.format(age) + " ago; " + kept + " finished " + (kept == 1 ? "job" : "jobs") + " kept");
    return 0;
  }

  private static boolean finishedBefore(JobItem job, Instant cutoff) {
    if (job.finishedAt() == null || job.finishedAt().isEmpty()) return false;
    try {
      return Instant.parse(job.finishedAt()).isBefore(cutoff);
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private Duration duration(String flag) {
    try {
      return DurationText.parse(args.value(flag)).toDuration();
    } catch (IllegalArgumentException e) {
      throw new UsageException(flag + ": " + e.getMessage());
    }
  }

  /** Refuses to empty a directory that is not an engine home: a typo in --home must not wipe a folder. */
  private void requireEngineHome() {
    boolean engineFiles = Files.exists(home.database()) || Files.exists(home.endpointFile())
        || Files.exists(home.engineLock());
    boolean empty;
    try (Stream<Path> entries = Files.list(home.root())) {
      empty = entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new AihcException("cannot read " + home.root() + ": " + e.getMessage(), e);
    }
    if (!engineFiles && !empty) {
      throw new AihcException(home.root() + " does not look like a local engine home (no engine.db); nothing was "
          + "deleted. Check --home or AIHC_LOCAL_HOME");
    }
  }

  private boolean confirmed() {
    out.print("reset stops the local engine in " + home.display() + " with every job still running, and deletes all "
        + "its jobs, logs and keys. Type yes to go on: ");
    out.flush();
    try {
      String answer = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
      return answer != null && answer.trim().equalsIgnoreCase("yes");
    } catch (IOException e) {
      return false;
    }
  }

  /** Deletes everything under {@code dir}, keeping {@code dir}; returns how many top-level entries went. */
  private static int empty(Path dir) {
    List<Path> top;
    try (Stream<Path> entries = Files.list(dir)) {
      top = entries.toList();
    } catch (IOException e) {
      throw new AihcException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    for (Path entry : top) {
      try (Stream<Path> walk = Files.walk(entry)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
      } catch (IOException e) {
        throw new AihcException("cannot delete " + entry + ": " + e.getMessage(), e);
      }
    }
    return top.size();
  }

  private AihcClient client(Endpoint e) {
    return AihcClient.builder().endpoint(e.url())
        .credentials(home.keys()).socketFactory(new EngineSockets(home))
        .pool(Aihc.LOCAL_POOL).queue(Aihc.LOCAL_QUEUE).build();
  }
}
