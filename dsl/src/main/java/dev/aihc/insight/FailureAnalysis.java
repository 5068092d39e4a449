package dev.aihc.insight;

import dev.aihc.wire.JobEvent;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.PodItem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a failed job left (its pods' exit codes and reasons, events, the end of each log) and
 * decides the cause and the replica that started it. Pure: {@link Diagnoser} fetches the inputs.
 *
 * <p>The culprit is the replica whose own failure has a root cause (an exception, running out of
 * memory, a missing command, a signal it did not get from the platform), before one that only failed to
 * talk to its peers (those fail because a peer died), before one the platform ended because the job had
 * already failed. Within a tier, the replica the job's reason names (the engine names the first one to
 * fail), then the earliest warning, then the lowest rank.
 */
final class FailureAnalysis {
  /** What is known of one replica. */
  record PodClues(String shortName, PodItem pod, List<JobEvent> events, List<String> logTail) {}

  private static final int EVIDENCE_LOG_LINES = 3;
  /** The local engine writes this line between two attempts of a restarted job. */
  private static final String RESTART_SEPARATOR = "[aihc-local] ---- ";
  private static final Pattern FRAME = Pattern.compile("^\\s*File \"([^\"]+)\", line (\\d+)(, in .*)?$");
  private static final Pattern EXCEPTION_LINE = Pattern.compile("^[A-Za-z_][\\w.]*(Error|Exception|Exit|Interrupt|"
      + "Warning|Failure|Timeout)\\b.*|^[A-Za-z_][\\w.]*: .*");
  private static final Pattern OOM = Pattern.compile("MemoryError|out of memory|OOMKilled|OutOfMemory|"
      + "can't allocate memory|Cannot allocate memory|std::bad_alloc|memory limit", Pattern.CASE_INSENSITIVE);
  private static final Pattern CUDA = Pattern.compile("CUDA error|cudaError|device-side assert|CUBLAS_STATUS|"
      + "CUDNN_STATUS|unhandled cuda error|illegal memory access|no CUDA GPUs are available|NVIDIA driver");
  private static final Pattern COMMUNICATION = Pattern.compile("Connection closed by peer|Connection reset by peer|"
      + "Connection refused|Socket Timeout|[Gg]loo|NCCL|ProcessGroup|store based barrier|DistNetworkError|"
      + "DistStoreError|Rendezvous|TCPStore|connect\\(\\) timed out|Broken pipe|collective operation timeout|"
      + "Timed out initializing process group|Address already in use|c10d");
  private static final Pattern RENDEZVOUS = Pattern.compile("Socket Timeout|store based barrier|"
      + "Timed out initializing|Rendezvous|connect\\(\\) timed out|Connection refused|DistStoreError");
  private static final Pattern NOT_FOUND = Pattern.compile("command not found|No such file or directory|"
      + "Permission denied|cannot execute");
  private static final Pattern IMAGE_PULL = Pattern.compile("ErrImagePull|ImagePullBackOff|pull image|"
      + "InvalidImageName|manifest unknown", Pattern.CASE_INSENSITIVE);
  private static final Pattern HANG = Pattern.compile("\\bis hung\\b|\\bhung\\b|jobHang|hang detect",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern EXIT_CODE = Pattern.compile("exited with code (\\d+)");

  private FailureAnalysis() {}

  /** One replica's failure as read from its clues. */
  private record Finding(String pod, FailureCause cause, List<String> evidence, int tier, boolean named,
      String firstWarning, int rank, String detail) {}

  static Diagnosis analyse(JobItem job, List<JobEvent> jobEvents, List<PodClues> pods) {
    String jobReason = job.reason() == null ? "" : job.reason();
    List<Finding> findings = new ArrayList<>();
    for (PodClues p : pods) finding(p, jobReason, jobEvents).ifPresent(findings::add);
    if (findings.isEmpty()) return withoutReplica(job, jobEvents);
    findings.sort(Comparator.comparingInt(Finding::tier)
        .thenComparing(f -> !f.named())
        .thenComparing(Finding::firstWarning)
        .thenComparingInt(Finding::rank));
    Finding f = findings.get(0);
    // Everyone else that did not succeed ended because of it, or is being ended as the job fails.
    List<String> others = pods.stream().filter(p -> !p.shortName().equals(f.pod()))
        .filter(p -> !"Succeed".equalsIgnoreCase(p.pod().status()) && !"Succeeded".equalsIgnoreCase(p.pod().status()))
        .filter(p -> p.pod().reason() == null || !p.pod().reason().startsWith("not started"))
        .map(PodClues::shortName).toList();
    return new Diagnosis(f.cause(), f.pod(), f.evidence(), hint(f, others));
  }

  private static Optional<Finding> finding(PodClues p, String jobReason, List<JobEvent> jobEvents) {
    PodItem pod = p.pod();
    String reason = pod.reason() == null ? "" : pod.reason();
    Integer exit = pod.exitCode();
    boolean failed = "Failed".equalsIgnoreCase(pod.status()) || (exit != null && exit != 0);
    boolean victim = reason.startsWith("terminated because the job failed") || reason.startsWith("stopped")
        || reason.startsWith("not started") || reason.startsWith("ended for the job's restart");
    if (!failed && !victim) return Optional.empty();
    if (reason.startsWith("not started")) return Optional.empty();
    String name = p.shortName();
    boolean named = jobReason.startsWith(name + " ");
    String firstWarning = p.events().stream().filter(e -> "Warning".equalsIgnoreCase(e.type()))
        .map(e -> e.firstTimestamp() == null ? "" : e.firstTimestamp()).min(String::compareTo).orElse("~");
    int rank = Diagnosis.rankOf(name).orElse(Integer.MAX_VALUE);
    if (exit == null) exit = exitCodeIn(reason);
    List<String> evidence = new ArrayList<>();
    String exitLine = name + " " + (reason.isEmpty() ? describeExit(exit) : reason);
    List<String> log = lastAttempt(p.logTail());

    // Events first: the platform knows of hangs, OOM kills and image pulls better than the log does.
    List<String> eventTexts = new ArrayList<>();
    for (JobEvent e : p.events()) eventTexts.add(e.reason() + ": " + e.message());
    for (JobEvent e : jobEvents) {
      if (e.message() != null && e.message().startsWith(name + " ")) eventTexts.add(e.reason() + ": " + e.message());
    }
    String podText = reason + "\n" + String.join("\n", eventTexts);
    if (IMAGE_PULL.matcher(podText).find()) {
      evidence.add(firstMatch(eventTexts, IMAGE_PULL).orElse(exitLine));
      return Optional.of(new Finding(name, FailureCause.IMAGE_PULL, evidence, 0, named, firstWarning, rank, ""));
    }
    if (HANG.matcher(reason).find() || eventTexts.stream().anyMatch(t -> t.startsWith("jobHang"))) {
      evidence.add(name + " " + (HANG.matcher(reason).find() ? reason
          : firstMatch(eventTexts, HANG).orElse(reason)));
      log.stream().skip(Math.max(0, log.size() - 2)).forEach(l -> evidence.add(0, "[" + name + "] last line: " + l));
      return Optional.of(new Finding(name, FailureCause.HANG, evidence, 0, named, firstWarning, rank, ""));
    }
    if (reason.contains("OOMKilled") || podText.contains("OOMKilled")) {
      evidence.add(exitLine);
      tailOf(log, 2).forEach(l -> evidence.add(evidence.size() - 1, "[" + name + "] " + l));
      return Optional.of(new Finding(name, FailureCause.OUT_OF_MEMORY, evidence, 0, named, firstWarning, rank, ""));
    }

    Optional<Traceback> tb = Traceback.last(log);
    if (tb.isPresent()) {
      Traceback t = tb.get();
      evidence.add(exitLine);
      if (t.frame() != null) evidence.add("[" + name + "] " + t.frame().strip());
      if (t.source() != null) evidence.add("[" + name + "] " + t.source().strip());
      evidence.add("[" + name + "] " + t.exception());
      FailureCause cause = classify(t.exception());
      int tier = switch (cause) {
        case COMMUNICATION_FAILURE -> 2;
        default -> 0;
      };
      return Optional.of(new Finding(name, cause, evidence, tier, named, firstWarning, rank, t.exception()));
    }
    Optional<String> logClue = firstMatchFromEnd(log, OOM);
    if (logClue.isPresent()) {
      evidence.add(exitLine);
      evidence.add("[" + name + "] " + logClue.get());
      return Optional.of(new Finding(name, FailureCause.OUT_OF_MEMORY, evidence, 0, named, firstWarning, rank, ""));
    }
    if (exit != null && (exit == 127 || exit == 126)) {
      evidence.add(exitLine);
      firstMatchFromEnd(log, NOT_FOUND).ifPresent(l -> evidence.add("[" + name + "] " + l));
      return Optional.of(new Finding(name, FailureCause.COMMAND_NOT_FOUND, evidence, victim ? 1 : 0, named,
          firstWarning, rank, exit == 126 ? "not executable" : ""));
    }
    Optional<String> cuda = firstMatchFromEnd(log, CUDA);
    if (cuda.isPresent()) {
      evidence.add(exitLine);
      evidence.add("[" + name + "] " + cuda.get());
      return Optional.of(new Finding(name, FailureCause.CUDA_ERROR, evidence, 0, named, firstWarning, rank, ""));
    }
    Optional<String> comm = firstMatchFromEnd(log, COMMUNICATION);
    if (comm.isPresent() && !victim) {
      evidence.add(exitLine);
      evidence.add("[" + name + "] " + comm.get());
      return Optional.of(new Finding(name, FailureCause.COMMUNICATION_FAILURE, evidence, 2, named, firstWarning, rank,
          comm.get()));
    }
    if (victim) {
      evidence.add(exitLine);
      return Optional.of(new Finding(name, FailureCause.NONZERO_EXIT, evidence, 3, named, firstWarning, rank, ""));
    }
    if (exit == null || exit > 128) {
      String signal = exit == null ? "" : signalName(exit - 128);
      evidence.add("[" + name + "] " + (exit == null ? reason.isEmpty() ? "ended without an exit code" : reason
          : "killed by " + signal + " (exit code " + exit + ")"));
      tailOf(log, 1).forEach(l -> evidence.add(0, "[" + name + "] last line: " + l));
      // SIGTERM and SIGKILL are also how a platform ends a replica because of another one.
      int tier = "SIGTERM".equals(signal) || exit == null ? 1 : 0;
      return Optional.of(new Finding(name, FailureCause.KILLED_BY_SIGNAL, evidence, tier, named, firstWarning, rank,
          signal));
    }
    evidence.add(exitLine);
    tailOf(log, EVIDENCE_LOG_LINES).forEach(l -> evidence.add(evidence.size() - 1, "[" + name + "] " + l));
    return Optional.of(new Finding(name, FailureCause.NONZERO_EXIT, evidence, 1, named, firstWarning, rank,
        exit == null ? "" : exit.toString()));
  }

  /** A job that failed without a replica to blame: its reason and its last warning say why. */
  private static Diagnosis withoutReplica(JobItem job, List<JobEvent> jobEvents) {
    List<String> evidence = new ArrayList<>();
    if (job.reason() != null && !job.reason().isEmpty()) evidence.add(job.reason());
    for (int i = jobEvents.size() - 1; i >= 0; i--) {
      JobEvent e = jobEvents.get(i);
      if ("Warning".equalsIgnoreCase(e.type())) {
        String text = e.reason() + ": " + e.message();
        if (!evidence.contains(e.message())) evidence.add(0, text);
        break;
      }
    }
    String all = String.join("\n", evidence);
    if (IMAGE_PULL.matcher(all).find()) {
      return new Diagnosis(FailureCause.IMAGE_PULL, "", evidence, imagePullHint());
    }
    return new Diagnosis(FailureCause.UNKNOWN, "", evidence,
        "no replica left a clue: look at run.events() and every replica's log (run.logs(pod))");
  }

  static FailureCause classify(String exceptionLine) {
    if (OOM.matcher(exceptionLine).find()) return FailureCause.OUT_OF_MEMORY;
    if (CUDA.matcher(exceptionLine).find()) return FailureCause.CUDA_ERROR;
    if (COMMUNICATION.matcher(exceptionLine).find()) return FailureCause.COMMUNICATION_FAILURE;
    return FailureCause.PYTHON_EXCEPTION;
  }

  private static String hint(Finding f, List<String> others) {
    String ended = others.isEmpty() ? "" : " (" + String.join(", ", others) + " ended because of it)";
    return switch (f.cause()) {
      case OUT_OF_MEMORY -> f.pod() + " needed more memory than it has: give each replica more (.memory(GB)), or "
          + "lower the batch size or the model's footprint" + ended;
      case PYTHON_EXCEPTION -> "fix the exception raised in " + f.pod() + " at the line shown" + ended;
      case COMMUNICATION_FAILURE -> RENDEZVOUS.matcher(f.detail()).find()
          ? f.pod() + " gave up waiting for the other replicas to join the process group: check that "
              + (others.isEmpty() ? "every replica" : String.join(", ", others))
              + " started and reached init_process_group (its log), and raise the timeout if they start slowly"
          : f.pod() + " lost a peer in a collective: look at the other replicas' logs for the one that died first, "
              + "and set NCCL_DEBUG=INFO (or TORCH_DISTRIBUTED_DEBUG=DETAIL) to see more";
      case CUDA_ERROR -> "run again with CUDA_LAUNCH_BLOCKING=1 to see the failing call; check the GPU's memory and "
          + "that the image's CUDA matches the driver" + ended;
      case COMMAND_NOT_FOUND -> f.detail().equals("not executable")
          ? "the command is not executable: chmod +x it in the image, or run it with its interpreter"
          : "the command (or a program it runs) is not in the image or on its PATH: use an absolute path, or "
              + "install it in the image";
      case KILLED_BY_SIGNAL -> switch (f.detail()) {
        case "SIGKILL" -> f.pod() + " was killed (SIGKILL): often the kernel's OOM killer, else someone or "
            + "something outside the job; give it more memory or look at who sent it" + ended;
        case "SIGSEGV", "SIGBUS", "SIGABRT", "SIGILL", "SIGFPE" -> f.pod() + " crashed in native code ("
            + f.detail() + "): look for a mismatched library or extension; faulthandler.enable() prints where"
            + ended;
        default -> f.pod() + " was ended by " + (f.detail().isEmpty() ? "a signal" : f.detail())
            + " it did not handle" + ended;
      };
      case HANG -> f.pod() + " made no progress until hang detection ended it, and no restart was left: look for "
          + "a collective one rank never entered or a deadlocked data loader (py-spy dump --pid shows where it "
          + "waits), or lengthen the hang timeouts if a step is just slow";
      case IMAGE_PULL -> imagePullHint();
      case NONZERO_EXIT -> f.pod() + " exited with code " + f.detail() + ": read the end of its log "
          + "(run.logs(\"" + f.pod() + "\"))" + ended;
      case UNKNOWN -> "look at run.events() and every replica's log";
    };
  }

  private static String imagePullHint() {
    return "check the image's name and explicit tag, and give imageAuth(user, password) for a private registry";
  }

  /** The lines of the last attempt: after the local engine's restart separator, if any. */
  private static List<String> lastAttempt(List<String> tail) {
    for (int i = tail.size() - 1; i >= 0; i--) {
      if (tail.get(i).startsWith(RESTART_SEPARATOR)) return tail.subList(i + 1, tail.size());
    }
    return tail;
  }

  private static List<String> tailOf(List<String> lines, int n) {
    List<String> nonBlank = lines.stream().filter(l -> !l.isBlank()).toList();
    return nonBlank.subList(Math.max(0, nonBlank.size() - n), nonBlank.size());
  }

  private static Optional<String> firstMatch(List<String> lines, Pattern p) {
    return lines.stream().filter(l -> p.matcher(l).find()).findFirst();
  }

  private static Optional<String> firstMatchFromEnd(List<String> lines, Pattern p) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (p.matcher(lines.get(i)).find()) return Optional.of(lines.get(i).strip());
    }
    return Optional.empty();
  }

  private static Integer exitCodeIn(String reason) {
    Matcher m = EXIT_CODE.matcher(reason);
    return m.find() ? Integer.valueOf(m.group(1)) : null;
  }

  private static String describeExit(Integer exit) {
    return exit == null ? "failed" : "exited with code " + exit;
  }

  static String signalName(int n) {
    return switch (n) {
      case 1 -> "SIGHUP";
      case 2 -> "SIGINT";
      case 3 -> "SIGQUIT";
      case 4 -> "SIGILL";
      case 6 -> "SIGABRT";
      case 7 -> "SIGBUS";
      case 8 -> "SIGFPE";
      case 9 -> "SIGKILL";
      case 11 -> "SIGSEGV";
      case 13 -> "SIGPIPE";
      case 15 -> "SIGTERM";
      default -> "signal " + n;
    };
  }

  /** The last Python traceback of a log: the user's innermost frame, its source line, the exception. */
  record Traceback(String frame, String source, String exception) {
    static Optional<Traceback> last(List<String> lines) {
      int start = -1;
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (lines.get(i).startsWith("Traceback (most recent call last)")) {
          start = i;
          break;
        }
      }
      if (start < 0) return Optional.empty();
      String frame = null;
      String source = null;
      String userFrame = null;
      String userSource = null;
      for (int i = start + 1; i < lines.size(); i++) {
        String l = lines.get(i);
        Matcher m = FRAME.matcher(l);
        if (m.matches()) {
          frame = l;
          source = i + 1 < lines.size() && lines.get(i + 1).startsWith("    ") ? lines.get(i + 1) : null;
          if (!isLibrary(m.group(1))) {
            userFrame = frame;
            userSource = source;
          }
          continue;
        }
        if (!l.startsWith(" ") && !l.isBlank() && EXCEPTION_LINE.matcher(l).matches()) {
          return Optional.of(new Traceback(userFrame != null ? userFrame : frame,
              userFrame != null ? userSource : source, l.strip()));
        }
      }
      return Optional.empty();
    }

    private static boolean isLibrary(String file) {
      String f = file.toLowerCase(Locale.ROOT);
      return f.contains("/site-packages/") || f.contains("/dist-packages/") || f.matches(".*/lib/python3[.0-9]*/.*")
          || f.startsWith("<");
    }
  }
}
