package dev.aihc.local.internal.replica;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What {@code /proc/PID/stat} says about a process: its session, and when it started. */
public final class ProcStat {
  /** Fields of the stat line, counted from 1. */
  private static final int SESSION_FIELD = 6;
  private static final int STARTTIME_FIELD = 22;

  private ProcStat() {}

  /**
   * When process {@code pid} started, in clock ticks since boot; empty when it is gone. A pid is reused
   * by later processes, but never while the same start time: together they name one process.
   */
  public static Optional<Long> startTicks(long pid) {
    return field(pid, STARTTIME_FIELD);
  }

  /** The session id of process {@code pid}; a replica's leader has its own pid as session id. */
  static Optional<Long> session(long pid) {
    return field(pid, SESSION_FIELD);
  }

  private static Optional<Long> field(long pid, int field) {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
    // The command name (field 2) is in parentheses and may hold spaces or ')': count from the last ')'.
    int end = stat.lastIndexOf(')');
    if (end < 0) return Optional.empty();
    String[] rest = stat.substring(end + 1).trim().split(" +");
    int index = field - 3; // rest starts at field 3 (state)
    if (rest.length <= index) return Optional.empty();
    try {
      return Optional.of(Long.parseLong(rest[index]));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
