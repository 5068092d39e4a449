package dev.aihc.dsl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The typed form of {@code faultToleranceArgs}: what AIHC does when a PyTorchJob fails or hangs. Start
 * from {@link #NONE} (or the lambda of {@link Job#faultTolerance(java.util.function.UnaryOperator)}),
 * every step returns a new value; {@link #toFlags()} renders the wire string and {@link #parse(String)}
 * reads one back. Flags this class does not know are kept so that validation can name them.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class FaultTolerance {
  static final String REPLACE = "--enable-replace";
  static final String HANG = "--enable-hang-detection";
  static final String LOG_TIMEOUT = "--hang-detection-log-timeout-minutes";
  static final String STARTUP = "--hang-detection-startup-toleration-minutes";
  static final String STACK = "--hang-detection-stack-timeout-minutes";
  static final String RETRY = "--max-num-of-unconditional-retry";
  static final String PATTERN = "--custom-log-patterns";

  /** No flag set. */
  public static final FaultTolerance NONE =
      new FaultTolerance(null, null, null, null, null, null, List.of(), List.of());

  private final Boolean replace;
  private final Boolean hangDetection;
  private final Integer logTimeoutMinutes;
  private final Integer startupTolerationMinutes;
  private final Integer stackTimeoutMinutes;
  private final Integer unconditionalRetries;
  private final List<String> logPatterns;
  private final List<String> unknownFlags;

  private FaultTolerance(Boolean replace, Boolean hangDetection, Integer logTimeoutMinutes,
      Integer startupTolerationMinutes, Integer stackTimeoutMinutes, Integer unconditionalRetries,
      List<String> logPatterns, List<String> unknownFlags) {
    this.replace = replace;
    this.hangDetection = hangDetection;
    this.logTimeoutMinutes = logTimeoutMinutes;
    this.startupTolerationMinutes = startupTolerationMinutes;
    this.stackTimeoutMinutes = stackTimeoutMinutes;
    this.unconditionalRetries = unconditionalRetries;
    this.logPatterns = List.copyOf(logPatterns);
    this.unknownFlags = List.copyOf(unknownFlags);
  }

  /** Replace the faulty instance or node, then restart ({@code --enable-replace=true}). */
  @CheckReturnValue
  public FaultTolerance replace() {
    return replace(true);
  }

  /** Sets {@code --enable-replace}. */
  @CheckReturnValue
  public FaultTolerance replace(boolean enabled) {
    return new FaultTolerance(enabled, hangDetection, logTimeoutMinutes, startupTolerationMinutes,
        stackTimeoutMinutes, unconditionalRetries, logPatterns, unknownFlags);
  }

  /** Turns hang detection on with AIHC's own timeouts ({@code --enable-hang-detection=true}). */
  @CheckReturnValue
  public FaultTolerance hangDetection() {
    return hangDetection(true);
  }

  /** Sets {@code --enable-hang-detection}. */
  @CheckReturnValue
  public FaultTolerance hangDetection(boolean enabled) {
    return new FaultTolerance(replace, enabled, logTimeoutMinutes, startupTolerationMinutes,
        stackTimeoutMinutes, unconditionalRetries, logPatterns, unknownFlags);
  }

  /**
   * Turns hang detection on: hung means no new log output for {@code logTimeout}, or process stacks
   * unchanged for {@code stackTimeout}, after a grace period of {@code startupToleration}. Each is
   * whole minutes.
   *
   * @throws IllegalArgumentException for a null, negative or fractional-minute duration
   */
  @CheckReturnValue
  public FaultTolerance hangDetection(Duration logTimeout, Duration startupToleration, Duration stackTimeout) {
    return hangDetection().logTimeout(logTimeout).startupToleration(startupToleration).stackTimeout(stackTimeout);
  }

  /** {@code --hang-detection-log-timeout-minutes}: no new log line for this long means hung. */
  @CheckReturnValue
  public FaultTolerance logTimeout(Duration timeout) {
    return new FaultTolerance(replace, hangDetection, minutes(timeout, "logTimeout"), startupTolerationMinutes,
        stackTimeoutMinutes, unconditionalRetries, logPatterns, unknownFlags);
  }

  /** {@code --hang-detection-startup-toleration-minutes}: no hang is declared this soon after start. */
  @CheckReturnValue
  public FaultTolerance startupToleration(Duration toleration) {
    return new FaultTolerance(replace, hangDetection, logTimeoutMinutes, minutes(toleration, "startupToleration"),
        stackTimeoutMinutes, unconditionalRetries, logPatterns, unknownFlags);
  }

  /** {@code --hang-detection-stack-timeout-minutes}: stacks unchanged this long means hung. */
  @CheckReturnValue
  public FaultTolerance stackTimeout(Duration timeout) {
    return new FaultTolerance(replace, hangDetection, logTimeoutMinutes, startupTolerationMinutes,
        minutes(timeout, "stackTimeout"), unconditionalRetries, logPatterns, unknownFlags);
  }

  /**
   * {@code --max-num-of-unconditional-retry}: restart this many times whatever the cause (0 to 3).
   *
   * @throws IllegalArgumentException when {@code retries} is negative
   */
  @CheckReturnValue
  public FaultTolerance unconditionalRetries(int retries) {
    if (retries < 0) {
      throw new IllegalArgumentException("unconditionalRetries must be >= 0 but was " + retries);
    }
    return new FaultTolerance(replace, hangDetection, logTimeoutMinutes, startupTolerationMinutes,
        stackTimeoutMinutes, retries, logPatterns, unknownFlags);
  }

  /** Adds a {@code --custom-log-patterns} entry: a log line matching it counts as a failure. */
  @CheckReturnValue
  public FaultTolerance logPattern(String pattern) {
    Objects.requireNonNull(pattern, "pattern");
    List<String> patterns = new ArrayList<>(logPatterns);
    patterns.add(pattern);
    return new FaultTolerance(replace, hangDetection, logTimeoutMinutes, startupTolerationMinutes,
        stackTimeoutMinutes, unconditionalRetries, patterns, unknownFlags);
  }

  private static Integer minutes(Duration d, String what) {
    if (d == null) throw new IllegalArgumentException(what + " == null");
    if (d.isNegative()) throw new IllegalArgumentException(what + " must not be negative but was " + d);
    if (d.toSeconds() % 60 != 0 || d.getNano() != 0) {
      throw new IllegalArgumentException(what + " must be whole minutes but was " + d
          + ". Use Duration.ofMinutes(n)");
    }
    return Math.toIntExact(d.toMinutes());
  }

  /** Whether {@code --enable-replace=true}. */
  public boolean isReplace() {
    return Boolean.TRUE.equals(replace);
  }

  /** Whether {@code --enable-hang-detection=true}. */
  public boolean isHangDetection() {
    return Boolean.TRUE.equals(hangDetection);
  }

  /** The log timeout, when set. */
  public Optional<Duration> logTimeout() {
    return Optional.ofNullable(logTimeoutMinutes).map(Duration::ofMinutes);
  }

  /** The startup toleration, when set. */
  public Optional<Duration> startupToleration() {
    return Optional.ofNullable(startupTolerationMinutes).map(Duration::ofMinutes);
  }

  /** The stack timeout, when set. */
  public Optional<Duration> stackTimeout() {
    return Optional.ofNullable(stackTimeoutMinutes).map(Duration::ofMinutes);
  }

  /** The unconditional retry count, when set. */
  public Optional<Integer> unconditionalRetries() {
    return Optional.ofNullable(unconditionalRetries);
  }

  /** The custom log patterns, in order. */
  public List<String> logPatterns() {
    return logPatterns;
  }

  /** Flags read by {@link #parse} that are unknown or malformed, exactly as written. */
  public List<String> unknownFlags() {
    return unknownFlags;
  }

  /** Whether any hang-detection tuning flag is set. */
  boolean hasHangTuning() {
    return logTimeoutMinutes != null || startupTolerationMinutes != null || stackTimeoutMinutes != null;
  }

  /** Whether nothing is set. */
  public boolean isEmpty() {
    return equals(NONE);
  }

  /**
   * The wire string, flags in the documented order, such as
   * {@code --enable-replace=true --max-num-of-unconditional-retry=2}.
   */
  public String toFlags() {
    List<String> flags = new ArrayList<>();
    if (replace != null) flags.add(REPLACE + "=" + replace);
    if (hangDetection != null) flags.add(HANG + "=" + hangDetection);
    if (logTimeoutMinutes != null) flags.add(LOG_TIMEOUT + "=" + logTimeoutMinutes);
    if (startupTolerationMinutes != null) flags.add(STARTUP + "=" + startupTolerationMinutes);
    if (stackTimeoutMinutes != null) flags.add(STACK + "=" + stackTimeoutMinutes);
    if (unconditionalRetries != null) flags.add(RETRY + "=" + unconditionalRetries);
    for (String p : logPatterns) flags.add(PATTERN + "=" + p);
    flags.addAll(unknownFlags);
    return String.join(" ", flags);
  }

  /**
   * Reads a {@code faultToleranceArgs} string. Never throws for content: unknown or malformed flags
   * are kept in {@link #unknownFlags()} and reported by {@link Job#validate()}.
   */
  @CheckReturnValue
  public static FaultTolerance parse(String flags) {
    Objects.requireNonNull(flags, "flags");
    FaultTolerance ft = NONE;
    List<String> unknown = new ArrayList<>();
    for (String token : flags.trim().split("\\s+")) {
      if (token.isEmpty()) continue;
      int eq = token.indexOf('=');
      String flag = eq < 0 ? token : token.substring(0, eq);
      String value = eq < 0 ? null : token.substring(eq + 1);
      FaultTolerance next = apply(ft, flag, value);
      if (next == null) {
        unknown.add(token);
      } else {
        ft = next;
      }
    }
    if (unknown.isEmpty()) return ft;
    List<String> all = new ArrayList<>(ft.unknownFlags);
    all.addAll(unknown);
    return new FaultTolerance(ft.replace, ft.hangDetection, ft.logTimeoutMinutes, ft.startupTolerationMinutes,
        ft.stackTimeoutMinutes, ft.unconditionalRetries, ft.logPatterns, all);
  }

  /** One flag applied to {@code ft}, or null when it is unknown or its value malformed. */
  private static FaultTolerance apply(FaultTolerance ft, String flag, String value) {
    if (value == null || value.isEmpty()) return null;
    try {
      switch (flag) {
        case REPLACE: return bool(value) == null ? null : ft.replace(bool(value));
        case HANG: return bool(value) == null ? null : ft.hangDetection(bool(value));
        case LOG_TIMEOUT: return ft.logTimeout(Duration.ofMinutes(Integer.parseInt(value)));
        case STARTUP: return ft.startupToleration(Duration.ofMinutes(Integer.parseInt(value)));
        case STACK: return ft.stackTimeout(Duration.ofMinutes(Integer.parseInt(value)));
        case RETRY: return ft.unconditionalRetries(Integer.parseInt(value));
        case PATTERN: return ft.logPattern(value);
        default: return null;
      }
    } catch (IllegalArgumentException e) { // NumberFormatException included
      return null;
    }
  }

  private static Boolean bool(String value) {
    if (value.equals("true")) return Boolean.TRUE;
    if (value.equals("false")) return Boolean.FALSE;
    return null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FaultTolerance f
        && Objects.equals(replace, f.replace) && Objects.equals(hangDetection, f.hangDetection)
        && Objects.equals(logTimeoutMinutes, f.logTimeoutMinutes)
        && Objects.equals(startupTolerationMinutes, f.startupTolerationMinutes)
        && Objects.equals(stackTimeoutMinutes, f.stackTimeoutMinutes)
        && Objects.equals(unconditionalRetries, f.unconditionalRetries)
        && logPatterns.equals(f.logPatterns) && unknownFlags.equals(f.unknownFlags);
  }

  @Override
  public int hashCode() {
    return Objects.hash(replace, hangDetection, logTimeoutMinutes, startupTolerationMinutes,
        stackTimeoutMinutes, unconditionalRetries, logPatterns, unknownFlags);
  }

  /** The wire flags. */
  @Override
  public String toString() {
    return toFlags();
  }
}
