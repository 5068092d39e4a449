package dev.aihc.internal.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aihc.Aihc;
import dev.aihc.client.AihcClient;
import dev.aihc.client.AihcServiceException;
import dev.aihc.client.CredentialsProvider;
import dev.aihc.wire.JobEvent;
import dev.aihc.wire.JobItem;
import dev.aihc.client.FollowOptions;
import dev.aihc.client.JobResult;
import dev.aihc.wire.JobStatus;
import dev.aihc.client.LogRequest;
import dev.aihc.wire.JobLogs;
import dev.aihc.wire.PodItem;
import dev.aihc.client.Run;
import dev.aihc.internal.credentials.ConfigSources;
import dev.aihc.internal.json.Json;
import dev.aihc.internal.local.LocalHome;
import dev.aihc.dsl.AihcException;
import dev.aihc.dsl.InvalidJobException;
import dev.aihc.dsl.Job;
import dev.aihc.dsl.JobJsonException;
import dev.aihc.dsl.Priority;
import dev.aihc.dsl.Problem;
import dev.aihc.internal.shell.ScriptRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import dev.aihc.internal.text.ControlChars;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The job commands of {@code ./aihc} for terminal users (submit, jobs, logs ...; listed in
 * {@code commands.tsv}). Exit status: 0 success, 1 a service or job failure, 2 a usage error.
 * Errors are one line plus the fix; {@code --debug} adds the stack trace.
 */
public final class AihcCli {
  static final Set<String> GLOBAL_VALUED = Set.of("--profile", "--region", "--pool", "--queue", "--endpoint", "--home");
  static final Set<String> GLOBAL_SWITCHES = Set.of("--json", "--debug", "--local", "--cloud");
  private static final String COMMANDS_FILE = "commands.tsv";

  /** A job command: its line of commands.tsv and what AihcCli does for it. */
  private record Command(String name, String args, String summary, String example, Behaviour behaviour) {}

  /** The options a command takes besides the global ones, and what it runs. */
  private record Behaviour(Set<String> valued, Set<String> switches, Function<Ctx, Integer> action) {}

  private static final Map<String, Behaviour> BEHAVIOURS = Map.of(
      "submit", new Behaviour(Set.of(), Set.of("--dry-run", "--follow"), AihcCli::submit),
      "jobs", new Behaviour(Set.of("--status", "--name", "--limit"), Set.of(), AihcCli::jobs),
      "describe", new Behaviour(Set.of(), Set.of(), AihcCli::describe),
      "logs", new Behaviour(Set.of("--pod", "--tail"), Set.of("-f", "--follow"), AihcCli::logs),
      "events", new Behaviour(Set.of(), Set.of(), AihcCli::events),
      "stop", new Behaviour(Set.of(), Set.of(), AihcCli::stop),
      "delete", new Behaviour(Set.of(), Set.of(), AihcCli::delete),
      "priority", new Behaviour(Set.of(), Set.of(), AihcCli::priority),
      "export", new Behaviour(Set.of(), Set.of("--java"), AihcCli::export));

  /**
   * The commands in the order of {@code commands.tsv}, the one list of their names, arguments,
   * summaries and examples: the {@code ./aihc} script reads it too, so that its help starts no JVM.
   */
  private static final Map<String, Command> COMMANDS = load();

  private static Map<String, Command> load() {
    Map<String, Command> commands = new LinkedHashMap<>();
    try (InputStream in = AihcCli.class.getResourceAsStream(COMMANDS_FILE)) {
      if (in == null) throw new IllegalStateException(COMMANDS_FILE + " is missing from the class path");
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) continue;
        String[] f = line.split("\t", -1);
        if (f.length != 4 || Arrays.stream(f).anyMatch(String::isBlank) || !BEHAVIOURS.containsKey(f[0])) {
          throw new IllegalStateException(COMMANDS_FILE + ": '" + line + "' is not NAME, ARGUMENTS, SUMMARY and EXAMPLE "
              + "separated by tabs, NAME one of " + new TreeSet<>(BEHAVIOURS.keySet()));
        }
        commands.put(f[0], new Command(f[0], f[1], f[2], f[3], BEHAVIOURS.get(f[0])));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!commands.keySet().equals(BEHAVIOURS.keySet())) {
      throw new IllegalStateException(COMMANDS_FILE + " lists " + commands.keySet() + " but AihcCli runs "
          + new TreeSet<>(BEHAVIOURS.keySet()));
    }
    return commands;
  }

  /** What a command runs with. */
  private record Ctx(Args args, PrintStream out, PrintStream err, Function<Args, AihcClient> connect) {
    AihcClient client() {
      AihcClient client = connect.apply(args);
      // With --json, stdout carries one JSON document: progress and log lines would break it.
      return json() ? client.withSink(dev.aihc.client.OutputSink.silent()) : client;
    }

    boolean json() {
      return args.has("--json");
    }
  }

  private AihcCli() {}

  /** {@code AihcCli COMMAND ARGS...}; exits with the command's status. */
  public static void main(String[] argv) {
    int status = run(Arrays.asList(argv), System.out, System.err, AihcCli::connect);
    System.out.flush();
    System.exit(status);
  }

  /** The commands with their one-line summaries; {@code ./aihc help} prints the same lines from the same file. */
  public static String summaries() {
    StringBuilder s = new StringBuilder();
    for (Command c : COMMANDS.values()) {
      s.append(String.format("  %-36s %s%n", c.name + " " + c.args, c.summary));
    }
    return s.toString();
  }

  /**
   * Runs a job command. Everything it prints goes through {@link ControlChars#escaping}: its views show
   * what jobs wrote (log lines, names, reasons, events), which must not drive the terminal.
   */
  static int run(List<String> argv, PrintStream terminal, PrintStream terminalErr, Function<Args, AihcClient> connect) {
    return ControlChars.escaped(terminal, terminalErr, (out, err) -> runEscaped(argv, out, err, connect));
  }

  private static int runEscaped(List<String> argv, PrintStream out, PrintStream err, Function<Args, AihcClient> connect) {
    if (argv.isEmpty() || !COMMANDS.containsKey(argv.get(0))) {
      err.println("aihc: unknown job command " + (argv.isEmpty() ? "(none)" : "'" + argv.get(0) + "'")
          + ". Commands:\n" + summaries());
      return 2;
    }
    Command command = COMMANDS.get(argv.get(0));
    boolean debug = argv.contains("--debug");
    try {
      Set<String> valued = new java.util.HashSet<>(GLOBAL_VALUED);
      valued.addAll(command.behaviour.valued());
      Set<String> switches = new java.util.HashSet<>(GLOBAL_SWITCHES);
      switches.addAll(command.behaviour.switches());
      if (argv.contains("--help") || argv.contains("-h")) {
        out.print(help(command.name));
        return 0;
      }
      Args args = Args.parse(argv.subList(1, argv.size()), valued, switches);
      return command.behaviour.action().apply(new Ctx(args, out, err, connect));
    } catch (UsageException e) {
      err.println("aihc " + command.name + ": " + e.getMessage() + ". Usage: aihc " + command.name + " " + command.args);
      return 2;
    } catch (InvalidJobException e) {
      err.println("aihc " + command.name + ": " + e.getMessage());
      return 1;
    } catch (AihcException | JobJsonException e) {
      err.println("aihc " + command.name + ": " + oneLine(e.getMessage()));
      if (debug) e.printStackTrace(err);
      return 1;
    } catch (RuntimeException e) {
      err.println("aihc " + command.name + ": unexpected " + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage())
          + (debug ? "" : ". Run again with --debug for the stack trace"));
      if (debug) e.printStackTrace(err);
      return 1;
    }
  }

  /** {@code aihc help COMMAND}. */
  public static String help(String name) {
    Command c = COMMANDS.get(name);
    if (c == null) return "aihc: no command '" + name + "'\n";
    return "aihc " + c.name + " " + c.args + "\n  " + c.summary + "\n\nexample:\n  " + c.example
        + "\n\noptions for every job command:\n"
        + "  --json              machine-readable output\n"
        + "  --local             the local engine (the default unless the cloud is configured)\n"
        + "  --cloud             the AIHC cloud from the credentials chain and settings\n"
        + "  --region R --pool P --queue Q --profile NAME   the cloud, explicitly\n"
        + "  --home DIR          the local engine's home (default ~/.aihc/local)\n"
        + "  --debug             stack traces on errors\n";
  }

  private static String oneLine(String message) {
    if (message == null) return "(no message)";
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl) + " …";
  }

  /** The client a command line asks for: explicit cloud flags, else {@link Aihc#connect()} semantics. */
  static AihcClient connect(Args args) {
    // The settings and the credentials chain read the profile's name where they read the others' (this
    // process is the command's own, so the property is set for its one client).
    if (args.value("--profile") != null) System.setProperty(ConfigSources.PROFILE_PROPERTY, args.value("--profile"));
    boolean cloud = args.has("--cloud") || args.value("--region") != null || args.value("--profile") != null;
    if (args.value("--endpoint") != null) {
      Path home = args.value("--home") == null ? Aihc.localHome() : Path.of(args.value("--home"));
      return AihcClient.builder().endpoint(args.value("--endpoint"))
          .credentials(CredentialsProvider.chain(CredentialsProvider.defaultChain(),
              new LocalHome(home).keys()))
          .pool(Optional.ofNullable(args.value("--pool")).orElse(Aihc.LOCAL_POOL))
          .queue(Optional.ofNullable(args.value("--queue")).orElse(Aihc.LOCAL_QUEUE)).build();
    }
    AihcClient client;
    if (cloud) {
      client = args.value("--region") != null
          ? Aihc.cloud(args.value("--region"), args.value("--pool"), args.value("--queue")) : Aihc.cloud();
    } else if (args.has("--local") || args.value("--home") != null || !Aihc.cloudConfigured()) {
      // "starting the local engine…" on standard error: standard output is the command's (--json)
      Path home = args.value("--home") == null ? Aihc.localHome() : Path.of(args.value("--home"));
      client = Aihc.local(home, System.err::println);
    } else {
      client = Aihc.cloud();
    }
    AihcClient.Builder b = client.toBuilder();
    if (args.value("--pool") != null) b.pool(args.value("--pool"));
    if (args.value("--queue") != null) b.queue(args.value("--queue"));
    return b.build();
  }

  // ---------------------------------------------------------------- commands

  private static int submit(Ctx c) {
    List<String> p = c.args.positional;
    if (p.size() != 1) throw new UsageException("submit takes one FILE");
    Job job = readJob(Path.of(p.get(0)), c);
    for (Problem w : job.validate().warnings()) c.err.println("warning: " + w);
    AihcClient client = c.client();
    if (c.args.has("--dry-run")) {
      if (c.json()) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("method", "POST");
        var preview = client.preview(job);
        o.put("url", preview.url());
        o.set("headers", Json.mapper().valueToTree(preview.headers()));
        o.set("body", readTree(preview.body()));
        c.out.println(o.toPrettyString());
      } else {
        c.out.println(client.preview(job));
      }
      return 0;
    }
    Run run = client.submit(job);
    if (c.json()) {
      ObjectNode o = Json.mapper().createObjectNode().put("jobId", run.id()).put("jobName", job.name());
      if (!c.args.has("--follow")) {
        c.out.println(o.toPrettyString());
        return 0;
      }
    } else {
      c.out.println("submitted " + job.name() + " as " + run.id());
    }
    if (c.args.has("--follow")) {
      JobResult result = c.json() ? run.await() : run.follow();
      if (c.json()) {
        c.out.println(Json.mapper().createObjectNode().put("jobId", run.id()).put("jobName", job.name())
            .put("status", result.status().wireName()).put("reason", result.reason()).toPrettyString());
      } else {
        c.out.println(result);
      }
      return result.isSuccess() ? 0 : 1;
    }
    return 0;
  }

  private static Job readJob(Path file, Ctx c) {
    if (!Files.isReadable(file)) throw new UsageException("cannot read " + file);
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UsageException("cannot read " + file + ": " + e.getMessage());
    }
    if (!file.toString().endsWith(".jsh")) return Job.fromJson(text);
    try (ScriptRunner runner = new ScriptRunner(System.getProperty("java.class.path"), c.err)) {
      int status = runner.runScript(file.toString(), text);
      if (status != 0) throw new AihcException(file + " failed (see above); nothing was submitted");
      Object value = runner.lastValue().orElse(null);
      if (value instanceof Job job) return job;
      throw new AihcException(file + " must end with an expression or variable holding a Job, but its last snippet "
          + (value == null ? "has no value" : "is a " + value.getClass().getSimpleName())
          + ". End it with the job, e.g. a line `job;`");
    }
  }

  private static int jobs(Ctx c) {
    JobStatus status = null;
    if (c.args.value("--status") != null) {
      status = JobStatus.fromWire(c.args.value("--status"));
      if (status == JobStatus.UNKNOWN) {
        throw new UsageException("--status must be one of Created, Running, Succeeded, Failed, Stopped, ... but was '"
            + c.args.value("--status") + "'");
      }
    }
    int limit = c.args.intValue("--limit", 100);
    JobStatus s = status;
    String name = c.args.value("--name");
    List<JobItem> items = c.client().jobs(q -> {
      var query = q;
      if (s != null) query = query.status(s);
      if (name != null) query = query.name(name);
      return query;
    }).limit(limit).toList();
    if (c.json()) {
      c.out.println(Json.mapper().valueToTree(items).toPrettyString());
      return 0;
    }
    Table t = new Table("ID", "NAME", "STATUS", "CREATED", "QUEUE", "REASON");
    for (JobItem i : items) t.row(i.jobId(), i.name(), i.status(), i.createdAt(), i.queueId(), i.reason());
    c.out.print(items.isEmpty() ? "no jobs\n" : t.toString());
    return 0;
  }

  private static String oneId(Ctx c, String what) {
    if (c.args.positional.size() != 1) throw new UsageException(what + " takes one job id");
    return c.args.positional.get(0);
  }

  private static int describe(Ctx c) {
    String id = oneId(c, "describe");
    JobItem item = c.client().describeJob(id, true);
    if (c.json()) {
      c.out.println(Json.mapper().valueToTree(item).toPrettyString());
      return 0;
    }
    c.out.println(item.jobId() + "  " + item.name());
    c.out.println("  status     " + item.status() + (item.reason() == null || item.reason().isEmpty() ? "" : " — " + item.reason()));
    c.out.println("  created    " + item.createdAt() + (item.finishedAt() == null || item.finishedAt().isEmpty() ? "" : ", finished " + item.finishedAt()));
    c.out.println("  queue      " + item.queueId() + " in pool " + item.resourcePoolId());
    c.out.println("  priority   " + item.priority());
    c.out.println("  command    " + item.command());
    if (item.jobSpec() != null) c.out.println("  image      " + item.jobSpec().path("image").asText());
    if (!item.pods().isEmpty()) {
      Table t = new Table("POD", "TYPE", "STATUS", "RESTARTS", "EXIT", "REASON");
      for (PodItem p : item.pods()) {
        t.row(p.podName(), p.replicaType(), p.status(), p.restarts(), p.exitCode(), p.reason());
      }
      c.out.print("\n" + t);
    }
    if (item.status() == JobStatus.FAILED) {
      c.client().job(id).diagnosis().ifPresent(d -> c.out.println("\n" + d));
    }
    return 0;
  }

  private static int logs(Ctx c) {
    String id = oneId(c, "logs");
    AihcClient client = c.client();
    Run run = client.job(id);
    if (c.args.has("-f") || c.args.has("--follow")) {
      // the last lines of each replica first (20, or --tail N), then what comes
      String tail = c.args.value("--tail");
      JobResult result = run.follow(tail == null ? FollowOptions.defaults()
          : tail.equals("all") ? FollowOptions.all() : FollowOptions.tail(c.args.intValue("--tail", 0)));
      c.out.println(result);
      return 0;
    }
    int tail = c.args.intValue("--tail", 0);
    String pod = c.args.value("--pod");
    JobItem item = run.describe();
    List<PodItem> pods = item.pods();
    if (pod != null) {
      String full = pod.startsWith(item.name() + "-") ? pod : item.name() + "-" + pod;
      pods = pods.stream().filter(p -> p.podName().equals(full)).toList();
      if (pods.isEmpty()) {
        throw new UsageException("job " + id + " has no pod '" + pod + "'; its pods are "
            + item.pods().stream().map(p -> p.shortName(item.name())).toList());
      }
    }
    ArrayNode json = Json.mapper().createArrayNode();
    for (PodItem p : pods) {
      List<String> lines = allLines(client, id, p.podName());
      if (tail > 0 && lines.size() > tail) lines = lines.subList(lines.size() - tail, lines.size());
      String source = p.shortName(item.name());
      if (c.json()) {
        ObjectNode o = json.addObject().put("podName", p.podName());
        lines.forEach(o.putArray("logs")::add);
      } else {
        for (String l : lines) c.out.println(pods.size() == 1 && pod != null ? l : "[" + source + "] " + l);
      }
    }
    if (c.json()) c.out.println(json.toPrettyString());
    return 0;
  }

  private static List<String> allLines(AihcClient client, String id, String podName) {
    List<String> lines = new ArrayList<>();
    String marker = "";
    while (true) {
      JobLogs page = client.describeJobLogs(LogRequest.of(id, podName).marker(marker));
      lines.addAll(page.logs());
      if (page.logs().isEmpty() || page.nextMarker().isEmpty() || page.nextMarker().equals(marker)) return lines;
      marker = page.nextMarker();
    }
  }

  private static int events(Ctx c) {
    String id = oneId(c, "events");
    List<JobEvent> events = c.client().describeJobEvents(id, null, null).events();
    if (c.json()) {
      c.out.println(Json.mapper().valueToTree(events).toPrettyString());
      return 0;
    }
    Table t = new Table("TIME", "TYPE", "REASON", "MESSAGE");
    for (JobEvent e : events) t.row(e.firstTimestamp(), e.type(), e.reason(), e.message());
    c.out.print(events.isEmpty() ? "no events\n" : t.toString());
    return 0;
  }

  private static int stop(Ctx c) {
    return eachId(c, "stop", (client, id) -> client.stopJob(id), "stopped");
  }

  private static int delete(Ctx c) {
    return eachId(c, "delete", (client, id) -> client.deleteJob(id), "deleted");
  }

  private static int eachId(Ctx c, String what, java.util.function.BiConsumer<AihcClient, String> action, String done) {
    if (c.args.positional.isEmpty()) throw new UsageException(what + " takes one or more job ids");
    AihcClient client = c.client();
    int status = 0;
    ArrayNode json = Json.mapper().createArrayNode();
    for (String id : c.args.positional) {
      try {
        action.accept(client, id);
        if (c.json()) json.addObject().put("jobId", id).put("result", done);
        else c.out.println(done + " " + id);
      } catch (AihcServiceException e) {
        status = 1;
        if (c.json()) json.addObject().put("jobId", id).put("error", e.errorCode()).put("message", e.serviceMessage());
        else c.err.println("aihc " + what + ": " + id + ": " + oneLine(e.getMessage()));
      }
    }
    if (c.json()) c.out.println(json.toPrettyString());
    return status;
  }

  private static int priority(Ctx c) {
    if (c.args.positional.size() != 2) throw new UsageException("priority takes a job id and high, normal or low");
    Priority p;
    try {
      p = Priority.fromWire(c.args.positional.get(1));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    c.client().modifyJob(c.args.positional.get(0), p);
    if (c.json()) {
      c.out.println(Json.mapper().createObjectNode().put("jobId", c.args.positional.get(0))
          .put("priority", p.wireName()).toPrettyString());
    } else {
      c.out.println(c.args.positional.get(0) + " priority " + p.wireName());
    }
    return 0;
  }

  private static int export(Ctx c) {
    String id = oneId(c, "export");
    Job job = c.client().describeJob(id, false).toJob();
    c.out.println(c.args.has("--java") ? job.toJava() + ";" : job.toJson());
    return 0;
  }

  private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (IOException e) {
      return Json.mapper().getNodeFactory().textNode(json);
    }
  }
}
