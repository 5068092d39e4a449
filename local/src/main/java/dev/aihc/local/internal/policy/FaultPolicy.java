package dev.aihc.local.internal.policy;

import dev.aihc.dsl.FaultTolerance;
import dev.aihc.dsl.Job;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a job's {@code faultTolerance} and {@code faultToleranceArgs} (spec 3.3) ask of the local
 * engine, with every "minute" of the flags lasting {@code minute} (an engine option, so tests and
 * demos need not wait real minutes). Without {@code faultTolerance} nothing applies: the first
 * failure is final.
 *
 * @param enabled whether {@code faultTolerance} is true
 * @param retries restarts allowed after faults ({@code --max-num-of-unconditional-retry})
 * @param patterns log patterns that fail a replica ({@code --custom-log-patterns}); an invalid
 *     regular expression matches literally
 * @param hangDetection whether silent or idle replicas count as hung
 * @param logTimeout no new log output this long is a hang (zero: not checked)
 * @param startupToleration no hang is declared this soon after a replica starts
 * @param stackTimeout no CPU progress of the replica's processes this long is a hang (zero: not checked)
 * @param replace {@code --enable-replace}: recorded; there is no other node to move to locally
 * @param minute how long one minute of the flags lasts here
 */
public record FaultPolicy(boolean enabled, int retries, List<Pattern> patterns, boolean hangDetection, Duration logTimeout,
    Duration startupToleration, Duration stackTimeout, boolean replace, Duration minute) {
  /** AIHC documents these values as its example; the local engine takes them when a flag is absent. */
  static final int DEFAULT_LOG_TIMEOUT_MINUTES = 7;
  static final int DEFAULT_STARTUP_TOLERATION_MINUTES = 15;
  static final int DEFAULT_STACK_TIMEOUT_MINUTES = 3;

  /** Copies the list. */
  public FaultPolicy {
    patterns = List.copyOf(patterns);
  }

  /** No fault tolerance: the first failure is final. */
  static FaultPolicy none(Duration minute) {
    return new FaultPolicy(false, 0, List.of(), false, Duration.ZERO, Duration.ZERO, Duration.ZERO, false, minute);
  }

  /** The policy of {@code job} with {@code minute} per minute. */
  static FaultPolicy of(Job job, Duration minute) {
    FaultTolerance ft = job.faultToleranceArgs().orElse(FaultTolerance.NONE);
    if (!job.isFaultTolerance()) return none(minute);
    List<Pattern> patterns = new ArrayList<>();
    for (String p : ft.logPatterns()) patterns.add(compile(p));
    return new FaultPolicy(true, ft.unconditionalRetries().orElse(0), patterns, ft.isHangDetection(),
        scaled(ft.logTimeout().orElse(Duration.ofMinutes(DEFAULT_LOG_TIMEOUT_MINUTES)), minute),
        scaled(ft.startupToleration().orElse(Duration.ofMinutes(DEFAULT_STARTUP_TOLERATION_MINUTES)), minute),
        scaled(ft.stackTimeout().orElse(Duration.ofMinutes(DEFAULT_STACK_TIMEOUT_MINUTES)), minute),
        ft.isReplace(), minute);
  }

  private static Pattern compile(String pattern) {
    try {
      return Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      return Pattern.compile(Pattern.quote(pattern));
    }
  }

  private static Duration scaled(Duration flagMinutes, Duration minute) {
    return minute.multipliedBy(flagMinutes.toMinutes());
  }

  /** Whether a replica must be watched while it runs (log patterns or hang detection). */
  public boolean watches() {
    return enabled && (!patterns.isEmpty() || hangDetection);
  }

  /** The first pattern {@code line} matches, or null. */
  Pattern matching(String line) {
    for (Pattern p : patterns) {
      if (p.matcher(line).find()) return p;
    }
    return null;
  }

  /**
   * One sentence for the job's events, such as {@code fault tolerance: up to 2 restarts after a fault;
   * a log line matching 'NCCL timeout' fails a replica; hang detection: ...}.
   */
  public String describe(Job job) {
    if (!enabled) {
      return "faultToleranceArgs '" + job.faultToleranceArgs().map(FaultTolerance::toFlags).orElse("")
          + "' recorded, but faultTolerance is false: nothing of it applies, and the first failure is final";
    }
    List<String> parts = new ArrayList<>();
    parts.add(retries == 0 ? "no restart (no --max-num-of-unconditional-retry): the first fault is final"
        : "up to " + retries + (retries == 1 ? " restart" : " restarts") + " after a fault (at most " + (retries + 1)
            + " attempts)");
    for (Pattern p : patterns) parts.add("a log line matching '" + p.pattern() + "' fails its replica");
    if (hangDetection) {
      parts.add("hang detection after " + time(startupToleration) + ": no new log output for "
          + (logTimeout.isZero() ? "(not checked)" : time(logTimeout)) + ", or no CPU progress for "
          + (stackTimeout.isZero() ? "(not checked)" : time(stackTimeout)) + " is a hang");
    }
    if (replace) parts.add("--enable-replace recorded: there is no other node locally, so a fault restarts on this host");
    String scale = minute.equals(Duration.ofMinutes(1)) ? "" : " (one minute of the flags lasts " + time(minute)
        + " on this engine)";
    return "fault tolerance: " + String.join("; ", parts) + scale;
  }

  /** {@code 2s}, {@code 1500ms}, {@code 7min}. */
  static String time(Duration d) {
    if (d.toMillis() % 60_000 == 0 && !d.isZero()) return d.toMinutes() + "min";
    if (d.toMillis() % 1000 == 0) return d.toSeconds() + "s";
    return d.toMillis() + "ms";
  }
}
