package dev.aihc.insight;

import dev.aihc.wire.JobEvent;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.PodItem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a failed job left (its pods' exit codes and reasons, events, the end of each log) and
 * decides the cause and the replica that started it. Pure: {@link Diagnoser} fetches the inputs, and
 * {@link LogClues} reads each log.
 *
 * <p>The culprit is the replica whose own failure has a root cause (an exception, running out of
 * memory, a missing command, a signal it did not get from the platform), before one that only failed to
 * talk to its peers (those fail because a peer died), before one the platform ended because the job had
 * already failed. Within a tier, the replica whose torchrun summary says it failed first, else the one
 * the job's reason names (the engine names the first one to fail), then the earliest warning, then the
 * lowest rank. A collective that timed out is a symptom: a peer that raised is the culprit; a peer that
 * had finished, or that sits silent, makes it a hang.
 */
final class FailureAnalysis {
  /** What is known of one replica. */
  record PodClues(String shortName, PodItem pod, List<JobEvent> events, List<String> logTail) {}

  /** Evidence lines longer than this are cut: a CUDA OOM message runs to 500 characters. */
  private static final int EVIDENCE_CHARS = 300;
  private static final int MAX_EVIDENCE = 6;
  /** The local engine writes this line between two attempts of a restarted job. */
  private static final String RESTART_SEPARATOR = "[aihc-local] ---- ";
  private static final Pattern IMAGE_PULL = Pattern.compile("ErrImagePull|ImagePullBackOff|pull image|"
      + "InvalidImageName|manifest unknown", Pattern.CASE_INSENSITIVE);
  private static final Pattern HANG = Pattern.compile("\\bis hung\\b|\\bhung\\b|jobHang|hang detect",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern EXIT_CODE = Pattern.compile("exited with code (\\d+)");

  private FailureAnalysis() {}

  /** What kind of memory, of communication failure, of hang: it picks the hint. */
  private enum Kind { NONE, GPU, HOST, SHM, USAGE, NOT_EXECUTABLE, RENDEZVOUS, TIMEOUT, PEER, FINISHED, SILENT }

  /** One replica's failure as read from its clues. */
  private record Finding(String pod, FailureCause cause, Kind kind, List<String> evidence, int tier, boolean named,
      String time, String firstWarning, int rank, String detail) {}

  static Diagnosis analyse(JobItem job, List<JobEvent> jobEvents, List<PodClues> pods) {
    String jobReason = job.reason() == null ? "" : job.reason();
    List<Finding> findings = new ArrayList<>();
    for (PodClues p : pods) finding(p, jobReason, jobEvents).ifPresent(findings::add);
    if (findings.isEmpty()) return withoutReplica(job, jobEvents);
    findings.sort(Comparator.comparingInt(Finding::tier)
        .thenComparing(f -> !f.named())
        .thenComparing(Finding::firstWarning)
        .thenComparingInt(Finding::rank));
    Finding f = firstByTime(findings);
    if (f.cause() == FailureCause.COMMUNICATION_FAILURE && f.kind() == Kind.TIMEOUT) f = hang(f, findings, pods);
    String culprit = f.pod();
    // Everyone else that did not succeed ended because of it, or is being ended as the job fails.
    List<String> others = pods.stream().filter(p -> !p.shortName().equals(culprit))
        .filter(p -> !succeeded(p.pod()))
        .filter(p -> p.pod().reason() == null || !p.pod().reason().startsWith("not started"))
        .map(PodClues::shortName).toList();
    return new Diagnosis(f.cause(), f.pod(), f.evidence(), hint(f, others), loggedRank(f, pods));
  }

  /** The global rank the culprit's log shows for the line the diagnosis ends on (its exception, its error). */
  private static OptionalInt loggedRank(Finding f, List<PodClues> pods) {
    String key = f.evidence().isEmpty() ? "" : f.evidence().get(f.evidence().size() - 1);
    String prefix = "[" + f.pod() + "] ";
    if (key.startsWith(prefix)) key = key.substring(prefix.length());
    if (key.endsWith("…")) key = key.substring(0, key.length() - 1); // cut: what is left still names the line
    for (PodClues p : pods) {
      if (p.shortName().equals(f.pod())) return LogClues.of(lastAttempt(p.logTail())).rankOf(key);
    }
    return OptionalInt.empty();
  }

  /**
   * The first of the best tier, unless every replica of that tier has a torchrun summary: then the one
   * whose summary says it failed first, whatever order the platform saw them end in.
   */
  private static Finding firstByTime(List<Finding> sorted) {
    List<Finding> best = sorted.stream().filter(f -> f.tier() == sorted.get(0).tier()).toList();
    if (best.size() < 2 || best.stream().anyMatch(f -> f.time() == null)) return best.get(0);
    return best.stream().min(Comparator.comparing(Finding::time)).orElseThrow();
  }

  /**
   * A collective timed out in {@code f}'s replica and no replica raised. A peer that had already
   * finished leaves {@code f}'s replica waiting: it hangs. A peer that failed without a word of its
   * own is the one that hangs.
   */
  private static Finding hang(Finding f, List<Finding> findings, List<PodClues> pods) {
    for (PodClues p : pods) {
      if (p.shortName().equals(f.pod()) || !succeeded(p.pod())) continue;
      List<String> evidence = new ArrayList<>();
      evidence.add(cut("[" + p.shortName() + "] exited with code 0"
          + LogClues.of(p.logTail()).last(1).stream().map(l -> " after: " + l).findFirst().orElse("")));
      evidence.addAll(f.evidence());
      return new Finding(f.pod(), FailureCause.HANG, Kind.FINISHED, evidence, 0, f.named(), f.time(),
          f.firstWarning(), f.rank(), p.shortName());
    }
    for (PodClues p : pods) {
      if (p.shortName().equals(f.pod()) || succeeded(p.pod())) continue;
      boolean silent = findings.stream().noneMatch(x -> x.pod().equals(p.shortName()) && x.tier() < 3);
      if (!silent) continue;
      List<String> evidence = new ArrayList<>(f.evidence());
      LogClues.of(lastAttempt(p.logTail())).last(1).forEach(l -> evidence.add(cut("[" + p.shortName() + "] last line: "
          + l)));
      return new Finding(p.shortName(), FailureCause.HANG, Kind.SILENT, evidence, 0, false, null, "~",
          Diagnosis.rankOf(p.shortName()).orElse(Integer.MAX_VALUE), f.pod());
    }
    return f;
  }

  private static boolean succeeded(PodItem pod) {
    return "Succeed".equalsIgnoreCase(pod.status()) || "Succeeded".equalsIgnoreCase(pod.status());
  }

  private static Optional<Finding> finding(PodClues p, String jobReason, List<JobEvent> jobEvents) {
    PodItem pod = p.pod();
    String reason = pod.reason() == null ? "" : pod.reason();
    Integer exit = pod.exitCode();
    boolean failed = "Failed".equalsIgnoreCase(pod.status()) || (exit != null && exit != 0);
    // A job turns Failed before the platform has ended its other replicas: one still Running then is being
    // ended, and what its log says (a traceback printed before it hung on the way out) counts all the same.
    boolean ending = "Running".equalsIgnoreCase(pod.status()) && exit == null;
    boolean victim = ending || reason.startsWith("terminated because the job failed") || reason.startsWith("stopped")
        || reason.startsWith("not started") || reason.startsWith("ended for the job's restart");
    if (!failed && !victim) return Optional.empty();
    if (reason.startsWith("not started")) return Optional.empty();
    String name = p.shortName();
    if (exit == null) exit = exitCodeIn(reason);
    String exitLine = name + " " + (ending && reason.isEmpty() ? "still running when the job failed"
        : reason.isEmpty() ? describeExit(exit) : reason);
    LogClues log = LogClues.of(lastAttempt(p.logTail()));
    Optional<LogClues.ChildFailure> child = log.childFailure();
    Found found = new Found(name, jobReason.startsWith(name + " "), child.map(LogClues.ChildFailure::time).orElse(null),
        p.events().stream().filter(e -> "Warning".equalsIgnoreCase(e.type()))
            .map(e -> e.firstTimestamp() == null ? "" : e.firstTimestamp()).min(String::compareTo).orElse("~"),
        Diagnosis.rankOf(name).orElse(Integer.MAX_VALUE));

    // Events first: the platform knows of hangs, OOM kills and image pulls better than the log does.
    List<String> eventTexts = new ArrayList<>();
    for (JobEvent e : p.events()) eventTexts.add(e.reason() + ": " + e.message());
    for (JobEvent e : jobEvents) {
      if (e.message() != null && e.message().startsWith(name + " ")) eventTexts.add(e.reason() + ": " + e.message());
    }
    String podText = reason + "\n" + String.join("\n", eventTexts);
    if (IMAGE_PULL.matcher(podText).find()) {
      return found.of(FailureCause.IMAGE_PULL, Kind.NONE, 0, "",
          List.of(firstMatch(eventTexts, IMAGE_PULL).orElse(exitLine)));
    }
    if (HANG.matcher(reason).find() || eventTexts.stream().anyMatch(t -> t.startsWith("jobHang"))) {
      List<String> evidence = new ArrayList<>();
      log.last(2).forEach(l -> evidence.add("[" + name + "] last line: " + l));
      evidence.add(name + " " + (HANG.matcher(reason).find() ? reason : firstMatch(eventTexts, HANG).orElse(reason)));
      return found.of(FailureCause.HANG, Kind.NONE, 0, "", evidence);
    }
    String rankLine = child.map(LogClues.ChildFailure::rank).orElse(null);
    Optional<LogClues.Traceback> tb = log.traceback().filter(t -> !log.terminated());
    Optional<String[]> signal = log.signal();
    if (podText.contains("OOMKilled")) {
      String oom = reason.contains("OOMKilled") ? exitLine : firstMatch(eventTexts, Pattern.compile("OOMKilled"))
          .map(t -> name + " " + t).orElse(exitLine);
      String key = signal.map(s -> s[1]).or(() -> tb.map(LogClues.Traceback::exception))
          .or(() -> log.last(1).stream().findFirst()).orElse(null);
      // what it was doing when it was killed, then how its log says it ended
      String doing = log.last(2).stream().filter(l -> !l.equals(key)).reduce((a, b) -> b).orElse(null);
      return found.of(FailureCause.OUT_OF_MEMORY, Kind.HOST, 0, "", evidence(name, oom, rankLine, doing, null, key));
    }

    Optional<String> shm = log.sharedMemory();
    if (shm.isPresent()) {
      return found.of(FailureCause.OUT_OF_MEMORY, Kind.SHM, 0, "", evidence(name, exitLine, rankLine, shm.get(),
          null, tb.map(LogClues.Traceback::exception).orElse(null)));
    }
    Optional<String> gpu = log.gpuMemory().or(() -> log.abort().filter(LogClues::isGpuMemory));
    if (gpu.isPresent()) {
      return found.of(FailureCause.OUT_OF_MEMORY, Kind.GPU, 0, "", evidence(name, exitLine, rankLine, gpu.get(),
          tb.orElse(null), null));
    }
    Optional<String> host = log.hostMemory();
    if (host.isPresent()) {
      return found.of(FailureCause.OUT_OF_MEMORY, Kind.HOST, 0, "", evidence(name, exitLine, rankLine, host.get(),
          tb.orElse(null), null));
    }
    Optional<String> cuda = log.cuda();
    if (cuda.isPresent()) {
      return found.of(FailureCause.CUDA_ERROR, Kind.NONE, 0, "", evidence(name, exitLine, rankLine, cuda.get(),
          tb.orElse(null), null));
    }
    Optional<String> notFound = log.commandNotFound();
    if (notFound.isPresent() || (exit != null && (exit == 127 || exit == 126))) {
      boolean notExecutable = (exit != null && exit == 126) || notFound.map(l -> l.endsWith("Permission denied"))
          .orElse(false);
      return found.of(FailureCause.COMMAND_NOT_FOUND, notExecutable ? Kind.NOT_EXECUTABLE : Kind.NONE,
          victim && notFound.isEmpty() ? 1 : 0, "", evidence(name, exitLine, null, null, null, notFound.orElse(null)));
    }
    Optional<String> usage = log.usageError();
    if (usage.isPresent()) {
      return found.of(FailureCause.PYTHON_EXCEPTION, Kind.USAGE, 0, usage.get(),
          evidence(name, exitLine, rankLine, null, null, usage.get()));
    }
    if (tb.isPresent()) {
      String text = tb.get().text();
      if (LogClues.isCommunication(text)) {
        Kind kind = LogClues.isTimeout(text) ? Kind.TIMEOUT : LogClues.isRendezvous(text) ? Kind.RENDEZVOUS : Kind.PEER;
        return found.of(FailureCause.COMMUNICATION_FAILURE, kind, 2, text,
            evidence(name, exitLine, rankLine, null, tb.get(), null));
      }
      return found.of(FailureCause.PYTHON_EXCEPTION, Kind.NONE, 0, text,
          evidence(name, exitLine, rankLine, null, tb.get(), null));
    }
    Optional<String> timeout = log.collectiveTimeout();
    if (timeout.isPresent()) {
      return found.of(FailureCause.COMMUNICATION_FAILURE, Kind.TIMEOUT, 2, timeout.get(),
          evidence(name, exitLine, rankLine, null, null, timeout.get()));
    }
    String exitSignal = exit != null && exit > 128 && !victim ? signalName(exit - 128) : null;
    String logSignal = signal.map(s -> s[0]).orElse(null);
    if (logSignal != null || (exitSignal != null && !exitSignal.equals("SIGTERM") && !exitSignal.equals("SIGINT"))) {
      String sig = logSignal != null ? logSignal : exitSignal;
      String key = "[" + name + "] killed by " + sig + (exit != null && exit > 128 ? " (exit code " + exit + ")" : "");
      List<String> evidence = new ArrayList<>();
      if (signal.isPresent()) {
        evidence.addAll(evidence(name, exitLine, rankLine, log.crashFrame().orElse(null), null, signal.get()[1]));
      } else {
        log.last(1).forEach(l -> evidence.add("[" + name + "] last line: " + l));
      }
      evidence.add(key);
      return found.of(FailureCause.KILLED_BY_SIGNAL, Kind.NONE, 0, sig, evidence);
    }
    if (child.isPresent() && child.get().code() > 0) {
      LogClues.ChildFailure c = child.get();
      return found.of(FailureCause.NONZERO_EXIT, Kind.NONE, 1, Integer.toString(c.code()),
          evidence(name, exitLine, c.rank(), null, null, c.exitcode()));
    }
    Optional<String> rendezvous = log.rendezvous();
    if (rendezvous.isPresent() && !victim) {
      return found.of(FailureCause.COMMUNICATION_FAILURE, Kind.RENDEZVOUS, 2, rendezvous.get(),
          evidence(name, exitLine, null, null, null, rendezvous.get()));
    }
    Optional<String> comm = log.communication();
    if (comm.isPresent() && !victim) {
      return found.of(FailureCause.COMMUNICATION_FAILURE, Kind.PEER, 2, comm.get(),
          evidence(name, exitLine, null, null, null, comm.get()));
    }
    if (victim || (exit == null && reason.isEmpty())) {
      // Ended by the platform, or failed on AIHC (no exit code) without a word: no cause of its own.
      List<String> evidence = new ArrayList<>();
      log.last(1).forEach(l -> evidence.add("[" + name + "] last line: " + l));
      evidence.add(exitLine);
      return found.of(FailureCause.NONZERO_EXIT, Kind.NONE, 3, exit == null ? "" : exit.toString(), evidence);
    }
    if (exit == null || exit > 128) {
      String sig = exit == null ? "" : signalName(exit - 128);
      List<String> evidence = new ArrayList<>();
      log.last(1).forEach(l -> evidence.add("[" + name + "] last line: " + l));
      evidence.add("[" + name + "] " + (exit == null ? reason : "killed by " + sig + " (exit code " + exit + ")"));
      // SIGTERM and SIGINT are also how a platform ends a replica because of another one.
      return found.of(FailureCause.KILLED_BY_SIGNAL, Kind.NONE, 1, sig, evidence);
    }
    List<String> evidence = new ArrayList<>();
    log.last(3).forEach(l -> evidence.add("[" + name + "] " + l));
    evidence.add(exitLine);
    return found.of(FailureCause.NONZERO_EXIT, Kind.NONE, 1, exit.toString(), evidence);
  }

  /** What a finding of one replica shares whatever its cause. */
  private record Found(String pod, boolean named, String time, String firstWarning, int rank) {
    Optional<Finding> of(FailureCause cause, Kind kind, int tier, String detail, List<String> evidence) {
      return Optional.of(new Finding(pod, cause, kind, evidence, tier, named, time, firstWarning, rank, detail));
    }
  }

  /**
   * The few lines that show it: how the replica ended, torchrun's rank line, the line that names the
   * cause, the user's frame and its source, and last the key line (the exception, the error).
   */
  private static List<String> evidence(String pod, String exitLine, String rankLine, String clue,
      LogClues.Traceback tb, String key) {
    List<String> out = new ArrayList<>();
    out.add(cut(exitLine));
    if (rankLine != null) out.add(cut("[" + pod + "] " + rankLine));
    String last = key != null ? key : tb != null ? tb.exception() : null;
    if (clue != null && !clue.equals(last) && (tb == null || !tb.text().contains(clue))) {
      out.add(cut("[" + pod + "] " + clue));
    }
    if (tb != null) {
      if (tb.frame() != null) out.add(cut("[" + pod + "] " + tb.frame()));
      if (tb.source() != null && out.size() < MAX_EVIDENCE - 1) out.add(cut("[" + pod + "] " + tb.source()));
    }
    if (last != null) out.add(cut("[" + pod + "] " + last));
    return out;
  }

  private static String cut(String line) {
    return line.length() <= EVIDENCE_CHARS ? line : line.substring(0, EVIDENCE_CHARS) + "…";
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

  private static String hint(Finding f, List<String> others) {
    String ended = others.isEmpty() ? "" : " (" + String.join(", ", others) + " ended because of it)";
    String peers = others.isEmpty() ? "every replica" : String.join(", ", others);
    return switch (f.cause()) {
      case OUT_OF_MEMORY -> switch (f.kind()) {
        case GPU -> f.pod() + " ran out of GPU memory: lower the batch size (or the micro-batch, the sequence "
            + "length), turn on gradient checkpointing or mixed precision, or shard the model (FSDP, ZeRO); "
            + "PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True helps when the memory is fragmented" + ended;
        case SHM -> f.pod() + " ran out of shared memory (/dev/shm), which DataLoader workers and NCCL use between "
            + "processes: use fewer DataLoader workers (num_workers) or smaller batches, or give the replica a "
            + "bigger /dev/shm (a memory-backed volume mounted there)" + ended;
        default -> f.pod() + " needed more memory than it has: give each replica more (.memory(GB)), or load less "
            + "at once (a streamed dataset, fewer DataLoader workers, the model loaded shard by shard)" + ended;
      };
      case PYTHON_EXCEPTION -> f.kind() == Kind.USAGE
          ? "the command's arguments were refused (" + f.detail() + "): fix them in the job's command; the script's "
              + "--help lists what it takes" + ended
          : "fix the exception raised in " + f.pod() + " at the line shown" + ended;
      case COMMUNICATION_FAILURE -> f.kind() == Kind.RENDEZVOUS
          ? f.pod() + " could not reach the other replicas or join the process group: check that " + peers
              + " started and reached init_process_group (its log), that MASTER_ADDR and MASTER_PORT name the "
              + "master, and raise the timeout if they start slowly"
          : f.pod() + " lost a peer in a collective: look at the other replicas' logs for the one that died first, "
              + "and set NCCL_DEBUG=INFO (or TORCH_DISTRIBUTED_DEBUG=DETAIL) to see more";
      case CUDA_ERROR -> (f.evidence().stream().anyMatch(e -> e.contains("Assertion `") || e.contains("device-side"))
          ? "a device-side assert is most often an index out of range (a label >= the number of classes, a token id "
              + ">= the vocabulary size): check the data; " : "")
          + "run again with CUDA_LAUNCH_BLOCKING=1 to see the failing call; check that the image's CUDA matches the "
          + "driver" + ended;
      case COMMAND_NOT_FOUND -> f.kind() == Kind.NOT_EXECUTABLE
          ? "the command is not executable: chmod +x it in the image, or run it with its interpreter"
          : "the command (or a program it runs) is not in the image or on its PATH: use an absolute path, or "
              + "install it in the image";
      case KILLED_BY_SIGNAL -> switch (f.detail()) {
        case "SIGKILL" -> f.pod() + " was killed (SIGKILL): often the kernel's OOM killer, else someone or "
            + "something outside the job; give it more memory or look at who sent it" + ended;
        case "SIGSEGV" -> f.pod() + " crashed with a segmentation fault (SIGSEGV) in native code: most often an "
            + "extension built for another torch or CUDA version; python -X faulthandler prints the line it died on"
            + ended;
        case "SIGBUS", "SIGABRT", "SIGILL", "SIGFPE" -> f.pod() + " crashed in native code (" + f.detail()
            + "): look for a mismatched library or extension; python -X faulthandler prints where" + ended;
        default -> f.pod() + " was ended by " + (f.detail().isEmpty() ? "a signal" : f.detail())
            + " it did not handle" + ended;
      };
      case HANG -> switch (f.kind()) {
        case FINISHED -> f.pod() + " waited in a collective after " + f.detail() + " had finished (exit 0): the "
            + "replicas ran different numbers of collectives, often from uneven data per rank (a DistributedSampler "
            + "with drop_last, or torch.distributed.algorithms.Join)";
        case SILENT -> f.pod() + " stopped making progress while " + f.detail() + " waited for it in a collective "
            + "until the timeout: look at what it was doing (py-spy dump --pid shows where each thread waits): a "
            + "data loader, a checkpoint write, a collective only some ranks call";
        default -> f.pod() + " made no progress until hang detection ended it, and no restart was left: look for "
            + "a collective one rank never entered or a deadlocked data loader (py-spy dump --pid shows where it "
            + "waits), or lengthen the hang timeouts if a step is just slow";
      };
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

  private static Optional<String> firstMatch(List<String> lines, Pattern p) {
    return lines.stream().filter(l -> p.matcher(l).find()).findFirst();
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
}
