package dev.aihc.insight;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the end of one replica's log says about how it failed, read the way the launchers print it:
 * the {@code [rank1]:}, {@code [default0]:} and {@code 1:} prefixes taken off, Python tracebacks (also
 * rich's boxed ones, and one whose header is cut off), torchrun's ChildFailedError summary, a shell's
 * missing command, an argparse usage error, and the lines CUDA, NCCL, gloo, the DataLoader and the
 * kernel print when they fail. Each clue is the line that shows it, without its launcher prefix.
 */
final class LogClues {
  private static final Pattern RANK_PREFIX = Pattern.compile("^\\[rank(\\d+)\\]: ?");
  private static final Pattern SUMMARY_RANK = Pattern.compile("^rank\\s*:\\s*(\\d+)");
  private static final Pattern PREFIX = Pattern.compile("^(?:\\[[A-Za-z_]*\\d+\\]: ?|\\d{1,5}: )");
  private static final Pattern FRAME = Pattern.compile("^\\s*File \"([^\"]+)\", line (\\d+)(, in .*)?$");
  /** A frame of rich's boxed traceback: {@code │ /workspace/train.py:71 in main   │}. */
  private static final Pattern RICH_FRAME = Pattern.compile("^│ (\\S+\\.py):(\\d+) in (\\S+)\\s*│$");
  private static final Pattern EXCEPTION_LINE = Pattern.compile("^[A-Za-z_][\\w.]*(Error|Exception|Exit|Interrupt|"
      + "Warning|Failure|Timeout)\\b.*|^[A-Za-z_][\\w.]*: .*");
  /** Launchers that re-raise a child's failure as their own: their traceback is not the cause. */
  private static final Pattern LAUNCHER_EXCEPTION = Pattern.compile("^(?:torch\\.distributed\\.elastic\\."
      + "multiprocessing\\.errors\\.)?ChildFailedError\\b|^(?:subprocess\\.)?CalledProcessError: Command '\\[");
  /** What a replica ended by the platform raises: not a cause of its own. */
  private static final Pattern TERMINATED = Pattern.compile("SignalException: Process \\d+ got signal: (15|2|1)\\b"
      + "|^KeyboardInterrupt\\b");
  private static final Pattern NOT_FOUND = Pattern.compile("^(?:/usr)?(?:/bin/)?(?:sh|bash|dash)(?:: line \\d+| ?: ?\\d+)?: "
      + "(?:exec: )?\\S+: (?:not found|command not found|Permission denied)$|: command not found$|"
      + "^/usr/bin/env: .+: No such file or directory$");
  private static final Pattern USAGE_ERROR = Pattern.compile("^\\S+: error: .+");
  private static final Pattern SHM = Pattern.compile("insufficient shared memory|out of shared memory|"
      + "killed by signal: Bus error|/dev/shm\\S*.*No space left on device|No space left on device.*/dev/shm|"
      + "unable to write to file </torch_\\S*>: No space left on device|posix_fallocate failed : No space left",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern GPU_OOM = Pattern.compile("CUDA out of memory|OutOfMemoryError: CUDA|"
      + "Cuda failure '?out of memory|CUDA error: out of memory|CUBLAS_STATUS_ALLOC_FAILED|cudaMalloc\\w* failed|"
      + "cudaErrorMemoryAllocation|Failed to CUDA calloc|HIP out of memory", Pattern.CASE_INSENSITIVE);
  private static final Pattern HOST_OOM = Pattern.compile("^MemoryError\\b|\\bMemoryError: |std::bad_alloc|"
      + "Cannot allocate memory|can't allocate memory|OOMKilled|Out of memory: Killed process");
  private static final Pattern CUDA = Pattern.compile("device-side assert|\\.cu:\\d+: .*Assertion `.*` failed|"
      + "illegal memory access|misaligned address|CUDA error|cudaError|CUBLAS_STATUS_|CUDNN_STATUS_|"
      + "no CUDA GPUs are available|NVIDIA driver|CUDA driver version is insufficient|unspecified launch failure|"
      + "uncorrectable ECC error");
  private static final Pattern ASSERTION = Pattern.compile("Assertion `.*` failed");
  private static final Pattern TIMEOUT = Pattern.compile("Watchdog caught collective operation timeout|"
      + "Timed out waiting \\d+ms for (?:recv|send) operation|collective operation timeout|"
      + "NCCL timeout|ProcessGroupGloo.*[Tt]imed out");
  private static final Pattern RENDEZVOUS = Pattern.compile("Rendezvous\\w*Error|DistNetworkError|DistStoreError|"
      + "TCPStore|waiting for clients|Socket Timeout|store based barrier|Timed out initializing process group|"
      + "Connection refused|Name or service not known|Temporary failure in name resolution|No route to host|"
      + "connect\\(\\) timed out|client socket has (?:failed|timed out)|Address already in use|"
      + "failed to connect to any network address");
  private static final Pattern COMMUNICATION = Pattern.compile("Connection closed by (?:remote )?peer|"
      + "Connection reset by peer|Broken pipe|DistBackendError|NCCL error|NCCL WARN|ncclSystemError|"
      + "ncclRemoteError|ncclInternalError|communicator was aborted|remote process exited|"
      + "gloo/transport|ProcessGroupNCCL|Socket recv failed");
  /** How a process, its launcher or Python says it died of a signal. */
  private static final Pattern PROCESS_SIGNAL = Pattern.compile("Signal \\d+ \\((SIG[A-Z]+)\\) received by PID|"
      + "exitcode: (-\\d+)|<Signals\\.(SIG[A-Z]+): \\d+>|killed by signal: (Killed|Segmentation fault|Aborted)|"
      + "Fatal Python error: (Segmentation fault|Aborted|Bus error)");
  /** How a shell reports a child a signal ended: {@code bash: line 1:  57 Segmentation fault (core dumped) python ...}. */
  private static final Pattern SHELL_SIGNAL = Pattern.compile("\\b(Segmentation fault|Bus error|Aborted|Killed)"
      + " +\\(core dumped\\)|^\\S+: line \\d+: +\\d+ (Segmentation fault|Killed|Aborted|Bus error)\\s");
  /** A frame of faulthandler's dump: {@code File "/workspace/train.py", line 88 in <module>}. */
  private static final Pattern CRASH_FRAME = Pattern.compile("^\\s*File \"([^\"]+)\", line \\d+ in .*$");
  /** Lines a shell prints when the platform ends it: not what the replica was doing. */
  private static final Pattern SHELL_END = Pattern.compile("^Terminated$|^\\S+: line \\d+: +\\d+ Terminated\\b");
  private static final Pattern GLOG = Pattern.compile("^[IWEF]\\d{4} ");
  private static final Pattern ROOT_CAUSE = Pattern.compile("^Root Cause \\(first observed failure\\):");
  private static final Pattern SUMMARY_FIELD = Pattern.compile("^\\s+(time|host|rank|exitcode|error_file|traceback)"
      + "\\s*: ?(.*)$");
  private static final Pattern LIBRARY = Pattern.compile(".*/(?:site|dist)-packages/.*|.*/lib/python3[.0-9]*/.*|<.*");

  /** A Python traceback: the user's innermost frame and its source line, the exception and the lines after it. */
  record Traceback(String frame, String source, String exception, List<String> message) {
    /** The exception with the lines of its message that follow it (NCCL's "Last error: ..."). */
    String text() {
      return message.isEmpty() ? exception : exception + "\n" + String.join("\n", message);
    }
  }

  /**
   * torchrun's summary of the failure it saw first.
   *
   * @param time when ({@code 2024-12-06_18:44:17}), which orders the replicas' failures
   * @param rank the {@code rank : 3 (local_rank: 1)} line
   * @param exitcode the {@code exitcode : -9 (pid: 1322)} line
   * @param code the child's exit code, negative for a signal
   * @param traceback the {@code traceback :} line, or the exception of the traceback it holds
   */
  record ChildFailure(String time, String rank, String exitcode, int code, String traceback) {}

  private final List<String> lines;
  /** The global rank each line's {@code [rankN]:} prefix named, or -1. */
  private final int[] ranks;

  private LogClues(List<String> lines, int[] ranks) {
    this.lines = lines;
    this.ranks = ranks;
  }

  /** The clues of {@code tail}, the end of a log. */
  static LogClues of(List<String> tail) {
    List<String> stripped = new ArrayList<>(tail.size());
    int[] ranks = new int[tail.size()];
    for (String l : tail) {
      Matcher rank = RANK_PREFIX.matcher(l);
      ranks[stripped.size()] = rank.find() ? Integer.parseInt(rank.group(1)) : -1;
      stripped.add(PREFIX.matcher(l).replaceFirst(""));
    }
    return new LogClues(stripped, ranks);
  }

  /**
   * The global rank of the process that printed {@code key} (a line of this log, as the diagnosis quotes
   * it): torchrun's summary ({@code rank : 5 (local_rank: 1)}) when the log has one, else the {@code [rank5]:}
   * prefix PyTorch puts on the last line that holds it; empty when the log shows neither. A replica may run
   * several processes ({@code --nproc_per_node}), so this is the rank a person finds in the log.
   */
  OptionalInt rankOf(String key) {
    Optional<ChildFailure> child = childFailure();
    if (child.isPresent() && child.get().rank() != null) {
      Matcher m = SUMMARY_RANK.matcher(child.get().rank());
      if (m.find()) return OptionalInt.of(Integer.parseInt(m.group(1)));
    }
    if (key == null || key.isEmpty()) return OptionalInt.empty();
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (ranks[i] >= 0 && lines.get(i).contains(key)) return OptionalInt.of(ranks[i]);
    }
    return OptionalInt.empty();
  }

  List<String> lines() {
    return lines;
  }

  /** The last non-blank lines, at most {@code n}. */
  List<String> last(int n) {
    List<String> out = new ArrayList<>();
    for (int i = lines.size() - 1; i >= 0 && out.size() < n; i--) {
      String l = lines.get(i).strip();
      if (!l.isEmpty() && !SHELL_END.matcher(l).find()) out.add(0, l);
    }
    return out;
  }

  /** A shell's missing or not executable command: {@code sh: 1: nvcc: not found}. */
  Optional<String> commandNotFound() {
    return lastMatch(NOT_FOUND);
  }

  /** argparse's {@code train.py: error: unrecognized arguments: ...}, when a usage line precedes it. */
  Optional<String> usageError() {
    for (int i = lines.size() - 1; i >= 0; i--) {
      String l = lines.get(i);
      if (USAGE_ERROR.matcher(l).matches() && !l.startsWith("torch.") && hasUsageBefore(i)) return Optional.of(l.strip());
    }
    return Optional.empty();
  }

  private boolean hasUsageBefore(int i) {
    for (int j = i - 1; j >= Math.max(0, i - 30); j--) {
      if (lines.get(j).startsWith("usage: ")) return true;
    }
    return false;
  }

  /** Shared memory (/dev/shm) that ran out: a DataLoader worker's bus error, NCCL's or torch's full segment. */
  Optional<String> sharedMemory() {
    return firstMatch(SHM);
  }

  /** GPU memory that ran out, in any of its spellings (PyTorch's, NCCL's, cuBLAS's, a cudaMalloc's). */
  Optional<String> gpuMemory() {
    return firstMatch(GPU_OOM);
  }

  /** Host memory that ran out inside the process: {@code MemoryError}, {@code std::bad_alloc}. */
  Optional<String> hostMemory() {
    return lastMatch(HOST_OOM);
  }

  /** A CUDA error: the kernel's assertion line when there is one (it says what), else the last CUDA line. */
  Optional<String> cuda() {
    Optional<String> assertion = firstMatch(ASSERTION);
    return assertion.isPresent() ? assertion : lastMatch(CUDA);
  }

  /** A collective that timed out (NCCL's watchdog, gloo): a symptom of a peer that failed or hangs. */
  Optional<String> collectiveTimeout() {
    return firstMatch(TIMEOUT);
  }

  /** A failure to join the group: the store, the rendezvous, the master's address. */
  Optional<String> rendezvous() {
    return lastMatch(RENDEZVOUS);
  }

  /** Another failure to talk to the peers (a peer left, NCCL or gloo failed). */
  Optional<String> communication() {
    return lastMatch(COMMUNICATION);
  }

  /**
   * The signal a process of the replica died of, as the log says it ({@code SIGSEGV}, {@code SIGKILL}
   * ...), with the line that says so: the process's or launcher's own words before a shell's report.
   */
  Optional<String[]> signal() {
    for (Pattern p : List.of(PROCESS_SIGNAL, SHELL_SIGNAL)) {
      for (int i = lines.size() - 1; i >= 0; i--) {
        Matcher m = p.matcher(lines.get(i));
        if (!m.find()) continue;
        String name = p == SHELL_SIGNAL ? byWord(firstNonNull(m.group(1), m.group(2)))
            : m.group(1) != null ? m.group(1)
            : m.group(2) != null ? FailureAnalysis.signalName(-Integer.parseInt(m.group(2)))
            : m.group(3) != null ? m.group(3)
            : byWord(firstNonNull(m.group(4), m.group(5)));
        if (name.startsWith("signal ") || name.equals("SIGTERM") || name.equals("SIGINT")) continue;
        return Optional.of(new String[] {name, lines.get(i).strip()});
      }
    }
    return Optional.empty();
  }

  /** The user's innermost frame in faulthandler's dump of a crashed process, when it printed one. */
  Optional<String> crashFrame() {
    for (String l : lines) {
      Matcher m = CRASH_FRAME.matcher(l);
      if (m.matches() && !LIBRARY.matcher(m.group(1).toLowerCase(Locale.ROOT)).matches()) return Optional.of(l.strip());
    }
    return Optional.empty();
  }

  private static String firstNonNull(String... s) {
    for (String x : s) if (x != null) return x;
    return "";
  }

  private static String byWord(String word) {
    return switch (word) {
      case "Segmentation fault" -> "SIGSEGV";
      case "Killed" -> "SIGKILL";
      case "Aborted" -> "SIGABRT";
      case "Bus error" -> "SIGBUS";
      default -> "signal " + word;
    };
  }

  /** C++'s {@code terminate called ...} and its {@code what(): ...} line: why a process aborted. */
  Optional<String> abort() {
    for (int i = lines.size() - 1; i >= 0; i--) {
      String l = lines.get(i).strip();
      if (l.startsWith("what():")) return Optional.of(l);
    }
    return Optional.empty();
  }

  /** The Python traceback that says why: the last one not a launcher's or a termination's. */
  Optional<Traceback> traceback() {
    List<Traceback> all = tracebacks(lines);
    for (int i = all.size() - 1; i >= 0; i--) {
      Traceback t = all.get(i);
      if (!LAUNCHER_EXCEPTION.matcher(t.exception()).find()) return Optional.of(t);
    }
    Optional<ChildFailure> child = childFailure();
    if (child.isPresent() && child.get().traceback() != null) {
      List<Traceback> inner = tracebacks(childTraceback());
      if (!inner.isEmpty()) return Optional.of(inner.get(inner.size() - 1));
    }
    return Optional.empty();
  }

  /** Whether the last traceback is what a replica ended by the platform raises (SIGTERM, Ctrl-C). */
  boolean terminated() {
    List<Traceback> all = tracebacks(lines);
    return !all.isEmpty() && TERMINATED.matcher(all.get(all.size() - 1).exception()).find();
  }

  /** torchrun's root cause: the failure it observed first. */
  Optional<ChildFailure> childFailure() {
    int start = -1;
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (ROOT_CAUSE.matcher(lines.get(i)).find()) {
        start = i;
        break;
      }
    }
    if (start < 0) return Optional.empty();
    String time = null;
    String rank = null;
    String exitcode = null;
    String traceback = null;
    int code = 1;
    for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("====="); i++) {
      Matcher m = SUMMARY_FIELD.matcher(lines.get(i));
      if (!m.matches()) continue;
      String value = m.group(2).strip();
      switch (m.group(1)) {
        case "time" -> time = value;
        case "rank" -> rank = lines.get(i).strip();
        case "exitcode" -> {
          exitcode = lines.get(i).strip();
          Matcher n = Pattern.compile("^(-?\\d+)").matcher(value);
          if (n.find()) code = Integer.parseInt(n.group(1));
        }
        case "traceback" -> traceback = value.startsWith("To enable traceback") ? null : lines.get(i).strip();
        default -> { }
      }
      if (traceback != null && m.group(1).equals("traceback")) break;
    }
    return Optional.of(new ChildFailure(time, rank, exitcode, code, traceback));
  }

  /** The traceback torchrun's summary holds (from the child's error file), dedented. */
  private List<String> childTraceback() {
    List<String> out = new ArrayList<>();
    boolean in = false;
    for (String l : lines) {
      if (!in && l.matches("^\\s+traceback\\s*: Traceback \\(most recent call last\\):.*")) {
        in = true;
        out.add("Traceback (most recent call last):");
      } else if (in) {
        if (l.startsWith("=====")) break;
        out.add(l.startsWith("  ") ? l.substring(2) : l);
      }
    }
    return out;
  }

  /** Every traceback of {@code lines}, in order; the first may have lost its header to the log's cut. */
  private static List<Traceback> tracebacks(List<String> lines) {
    List<Traceback> out = new ArrayList<>();
    int i = 0;
    boolean headless = true;
    while (i < lines.size()) {
      String l = lines.get(i);
      boolean header = l.contains("Traceback (most recent call last)");
      boolean cut = headless && FRAME.matcher(l).matches();
      if (!header && !cut) {
        if (!l.isBlank() && !Character.isWhitespace(l.charAt(0))) headless = false;
        i++;
        continue;
      }
      headless = false;
      String frame = null;
      String source = null;
      String userFrame = null;
      String userSource = null;
      int j = header ? i + 1 : i;
      for (; j < lines.size(); j++) {
        String x = lines.get(j);
        Matcher rich = RICH_FRAME.matcher(x);
        if (rich.matches() && !LIBRARY.matcher(rich.group(1).toLowerCase(Locale.ROOT)).matches()) {
          userFrame = "File \"" + rich.group(1) + "\", line " + rich.group(2) + ", in " + rich.group(3);
          userSource = null;
          continue;
        }
        Matcher m = FRAME.matcher(x);
        if (m.matches()) {
          frame = x.strip();
          String next = j + 1 < lines.size() ? lines.get(j + 1) : "";
          source = next.startsWith("  ") && !FRAME.matcher(next).matches() ? next.strip() : null;
          if (!LIBRARY.matcher(m.group(1).toLowerCase(Locale.ROOT)).matches()) {
            userFrame = frame;
            userSource = source;
          }
          continue;
        }
        if (!x.isEmpty() && !Character.isWhitespace(x.charAt(0)) && "│╭╰".indexOf(x.charAt(0)) < 0
            && EXCEPTION_LINE.matcher(x).matches()) {
          break;
        }
      }
      if (j >= lines.size()) break;
      List<String> message = new ArrayList<>();
      for (int k = j + 1; k < lines.size() && message.size() < 3; k++) {
        String x = lines.get(k);
        if (x.isBlank() || x.contains("Traceback (most recent call last)") || x.startsWith("The above exception")
            || x.startsWith("During handling") || x.startsWith("[") || GLOG.matcher(x).find()) {
          break;
        }
        message.add(x.strip());
      }
      out.add(new Traceback(userFrame != null ? userFrame : frame, userFrame != null ? userSource : source,
          lines.get(j).strip(), List.copyOf(message)));
      i = j + 1;
    }
    return out;
  }

  private Optional<String> firstMatch(Pattern p) {
    for (String l : lines) if (p.matcher(l).find()) return Optional.of(l.strip());
    return Optional.empty();
  }

  private Optional<String> lastMatch(Pattern p) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (p.matcher(lines.get(i)).find()) return Optional.of(lines.get(i).strip());
    }
    return Optional.empty();
  }

  static boolean isGpuMemory(String text) {
    return GPU_OOM.matcher(text).find();
  }

  static boolean isRendezvous(String text) {
    return RENDEZVOUS.matcher(text).find();
  }

  static boolean isTimeout(String text) {
    return TIMEOUT.matcher(text).find();
  }

  static boolean isCommunication(String text) {
    return COMMUNICATION.matcher(text).find() || RENDEZVOUS.matcher(text).find() || TIMEOUT.matcher(text).find();
  }
}
